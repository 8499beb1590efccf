import { shanghaiDate } from '@app/core';
import type { PrintedDocument } from '@app/documents';
import type { BadgeView } from './badges.service.js';

/** The card as printed (上岗证): what section 9 of the rules asks it to show, and its number. */
export function badgeCard(b: BadgeView): PrintedDocument {
  return {
    unitName: b.unitName,
    title: '上岗证',
    number: b.number,
    blocks: [
      {
        kind: 'fields',
        rows: [
          { label: '姓名', value: b.holderName },
          { label: '单位', value: [b.unitName, b.officeName].filter(Boolean).join(' ') },
          { label: '职务', value: b.position },
          { label: '政治面貌', value: b.politicalStatus },
          { label: '证号', value: b.number },
          ...(b.reason === 'seconded' ? [{ label: '借用期', value: `${b.secondedFrom} 至 ${b.secondedUntil}` }] : []),
        ],
      },
    ],
    signature: [b.unitName, shanghaiDate(new Date(b.issuedAt))],
    notes: ['工作时间内须佩戴上岗证，不得转借他人；调离岗位时由颁证部门收回。'],
  };
}

import { formatShanghaiDate } from '@app/core';
import type { PrintedDocument } from '@app/documents';
import type { PrintableNotice } from './notices.service.js';

/** 一次性告知书: every missing item with its reason, the basis, time limit and procedure, in one written notice. */
export function noticeDocument(n: PrintableNotice): PrintedDocument {
  return {
    unitName: n.unitName,
    title: '一次性告知书',
    number: n.number,
    blocks: [
      {
        kind: 'paragraph',
        text: `您申请办理的“${n.serviceItem.name}”事项，经审查，申请材料尚不齐全或不符合法定形式。现将需要补正的全部材料和事项一次性告知如下：`,
      },
      {
        kind: 'table',
        columns: [{ header: '序号', weight: 0.6, align: 'center' }, { header: '需补正的材料或事项', weight: 3 }, { header: '原因', weight: 3.4 }],
        rows: n.items.map((i, index) => [
          String(index + 1),
          i.name,
          i.newlyRequired && i.justification ? `${i.reason}（新增要求：${i.justification}）` : i.reason,
        ]),
      },
      {
        kind: 'fields',
        rows: [
          { label: '办理事项', value: `${n.serviceItem.name}（${n.serviceItem.code}）` },
          { label: '法律依据', value: n.legalBasis },
          { label: '办理时限', value: n.timeLimit },
          { label: '查询码', value: `${n.queryCode}（凭告知书编号和查询码可查询办理进度、评价服务）` },
        ],
      },
      ...(n.procedure.length > 0 ? [{ kind: 'list' as const, title: '办理程序：', items: n.procedure }] : []),
      { kind: 'paragraph', text: '请按本告知书一次性补齐上述材料后再行提交。本单位不再要求补正本告知书以外的材料。' },
    ],
    staff: [{ role: '告知人', name: n.issuedBy.name, badgeNo: n.issuedBy.badgeNo }],
    signature: [`${n.unitName}（盖章）`, formatShanghaiDate(n.issuedAt)],
    notes: ['如认为本单位要求补正本告知书以外的材料，可向本单位效能监督部门反映。'],
  };
}

import { formatShanghaiDate, formatShanghaiDateTime } from '@app/core';
import type { PrintedDocument, StaffLine } from '@app/documents';
import type { MaterialReturnSlip } from './material-returns.usecase.js';
import type { IdType, RejectionNotice } from './rejection-rules.js';

/** 不予受理通知书, 不予许可决定书 or 不予办理通知书 (by the refusal's stage), as stored when it took effect. */
export function rejectionNoticeDocument(n: RejectionNotice): PrintedDocument {
  const staff: StaffLine[] = [{ role: '经办人', name: n.handler.name, badgeNo: n.handler.badgeNo }];
  if (n.approvedBy) staff.push({ role: '批准人', name: n.approvedBy.name, badgeNo: n.approvedBy.badgeNo });
  const item = n.serviceItem ? `“${n.serviceItem.name}”事项` : '事项';
  return {
    unitName: n.unitName,
    title: n.title,
    number: n.number,
    addressee: n.citizen,
    blocks: [
      { kind: 'paragraph', text: `你（单位）申请办理的${item}，经审查，因${n.reason}，依据${n.legalBasis.join('、')}的规定，本单位决定${n.decision ?? '不予办理'}。` },
      {
        kind: 'fields',
        rows: [
          { label: '申请人', value: n.citizen },
          ...(n.serviceItem ? [{ label: '申请事项', value: `${n.serviceItem.name}（${n.serviceItem.code}）` }] : []),
          { label: '不予办理理由', value: n.reason },
          { label: '法律依据', value: n.legalBasis.join('；') },
          { label: '联系电话', value: n.contactPhone },
        ],
      },
      { kind: 'heading', text: '权利救济' },
      ...n.remedies.map((r) => ({ kind: 'paragraph' as const, text: r.text })),
    ],
    staff,
    signature: [`${n.unitName}（盖章）`, formatShanghaiDate(n.issuedAt)],
    notes: ['申请人提交的材料可凭本通知书和身份证件申请退还。'],
  };
}

/** 材料退还单: what was handed back, to whom, signed for. */
export function returnSlipDocument(s: MaterialReturnSlip): PrintedDocument {
  const recipient = `${s.recipient.name}（${s.recipient.kind === 'applicant' ? '申请人本人' : '受托人'}）`;
  return {
    unitName: s.unitName,
    title: '材料退还单',
    number: s.slipNumber,
    blocks: [
      {
        kind: 'paragraph',
        text: `根据《${s.noticeTitle}》（${s.noticeNumber}），现将${s.citizen}提交的下列材料予以退还，请当面核对。`,
      },
      {
        kind: 'fields',
        rows: [
          { label: '申请人', value: s.citizen },
          ...(s.serviceItem ? [{ label: '申请事项', value: `${s.serviceItem.name}（${s.serviceItem.code}）` }] : []),
          { label: s.noticeTitle, value: s.noticeNumber },
          { label: '领取人', value: recipient },
          { label: idLabel(s.recipient.idType), value: s.recipient.idNumber },
          ...(s.recipient.authorization ? [{ label: '授权委托书', value: s.recipient.authorization.reference }] : []),
          { label: '退还时间', value: formatShanghaiDateTime(s.returnedAt) },
          { label: '领取人签名', value: `${s.signature.signedName}（${s.signature.method === 'electronic' ? '电子签名' : '手写签名'}）` },
        ],
      },
      {
        kind: 'table',
        title: '退还材料清单',
        columns: [{ header: '序号', weight: 0.6, align: 'center' }, { header: '材料名称', weight: 5 }, { header: '份数', weight: 0.8, align: 'center' }],
        rows: s.items.map((i, index) => [String(index + 1), i.name, String(i.copies)]),
      },
    ],
    staff: [{ role: '退还人', name: s.returnedBy.name, badgeNo: s.returnedBy.badgeNo }],
    signature: [`${s.unitName}（盖章）`, formatShanghaiDate(s.returnedAt)],
  };
}

const ID_DOCUMENTS: Record<Exclude<IdType, 'resident_id'>, string> = {
  passport: '护照',
  hk_macao_permit: '港澳居民来往内地通行证',
  taiwan_permit: '台湾居民来往大陆通行证',
  foreign_permanent_residence: '外国人永久居留身份证',
};

function idLabel(type: IdType | undefined): string {
  return !type || type === 'resident_id' ? '领取人身份证号' : `领取人${ID_DOCUMENTS[type]}号码`;
}

import { DomainError } from '@app/core';
import { formatShanghaiDate, formatShanghaiDateTime } from '@app/core';
import type { PrintedDocument } from '@app/documents';
import type { CaseView, ReceiptView } from './case-views.service.js';

/** 收件回执: what the citizen takes home when the case is accepted. */
export function receiptDocument(r: ReceiptView): PrintedDocument {
  return {
    unitName: r.unitName,
    title: '收件回执',
    number: r.number,
    addressee: r.applicant,
    blocks: [
      {
        kind: 'paragraph',
        text: `您申请办理的“${r.serviceItem.name}”事项，申请材料齐全，本单位已于${formatShanghaiDateTime(r.receivedAt)}受理，承诺于${formatShanghaiDateTime(r.promisedAt)}前办结。`,
      },
      {
        kind: 'fields',
        rows: [
          { label: '受理编号', value: r.number },
          { label: '申请人', value: r.applicant },
          { label: '办理事项', value: `${r.serviceItem.name}（${r.serviceItem.code}）` },
          { label: '受理时间', value: formatShanghaiDateTime(r.receivedAt) },
          { label: '承诺办结时间', value: formatShanghaiDateTime(r.promisedAt) },
          { label: '查询码', value: r.queryCode ?? '' },
        ],
      },
      {
        kind: 'table',
        title: '收取材料清单',
        columns: [{ header: '序号', weight: 0.6, align: 'center' }, { header: '材料名称', weight: 5 }, { header: '页数', weight: 0.8, align: 'center' }, { header: '份数', weight: 0.8, align: 'center' }],
        rows: r.materials.map((m, i) => [String(i + 1), m.name, String(m.pages), String(m.copies)]),
      },
    ],
    staff: [{ role: '经办人', name: r.handler.name, badgeNo: r.handler.badgeNo }],
    signature: [`${r.unitName}（盖章）`, formatShanghaiDate(r.receivedAt)],
    notes: ['凭受理编号和查询码可查询办理进度；领取办理结果时请出示本回执。', '如对办理情况有意见，可向本单位效能监督部门反映。'],
  };
}

/** 延期办理告知书: issued with the reason when a leader approves more time. 409 before that. */
export function extensionNoticeDocument(c: CaseView, extensionId: string): PrintedDocument {
  const e = c.extensions.find((x) => x.id === extensionId);
  if (!e) throw DomainError.notFound('extension', extensionId, 'extensionId');
  if (e.status !== 'approved' || !e.noticeNumber || !e.newDueAt || !e.decidedBy || !e.decidedAt || !c.receipt) {
    throw new DomainError('CASE.EXTENSION_NOT_APPROVED', `an extension notice is issued once a leader approves the extension (this one is ${e.status})`, 'conflict', 'extensionId');
  }
  const r = c.receipt;
  return {
    unitName: r.unitName,
    title: '延期办理告知书',
    number: e.noticeNumber,
    addressee: c.applicant.name,
    blocks: [
      {
        kind: 'paragraph',
        text:
          `您于${formatShanghaiDateTime(r.receivedAt)}申请办理的“${c.serviceItem.name}”事项（受理编号：${r.number}），因${e.reason}，` +
          `不能在承诺时限内办结。经本单位负责人批准，办理期限延长${e.workingDays}个工作日，办结时间由${formatShanghaiDateTime(e.previousDueAt)}延至${formatShanghaiDateTime(e.newDueAt)}。特此告知。`,
      },
      {
        kind: 'fields',
        rows: [
          { label: '受理编号', value: r.number },
          { label: '办理事项', value: `${c.serviceItem.name}（${c.serviceItem.code}）` },
          { label: '延期理由', value: e.reason },
          { label: '延长期限', value: `${e.workingDays}个工作日` },
          { label: '原承诺办结时间', value: formatShanghaiDateTime(e.previousDueAt) },
          { label: '延期后办结时间', value: formatShanghaiDateTime(e.newDueAt) },
          { label: '批准时间', value: formatShanghaiDateTime(e.decidedAt) },
        ],
      },
    ],
    staff: [
      { role: '经办人', name: e.requestedBy.name, badgeNo: e.requestedBy.badgeNo },
      { role: '批准人', name: e.decidedBy.name, badgeNo: e.decidedBy.badgeNo },
    ],
    signature: [`${r.unitName}（盖章）`, formatShanghaiDate(e.decidedAt)],
    notes: [`凭受理编号${r.number}和查询码可查询办理进度。`],
  };
}

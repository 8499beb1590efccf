import { formatShanghaiDateTime } from '@app/core';
import type { PrintedDocument } from '@app/documents';
import type { AuditCheckpoint } from '@app/platform';
import type { EfficiencyReport, EfficiencyRow, ViolationReport } from './reports.service.js';

/** 效能通报: the monthly efficiency bulletin of a unit, as a printed document. */
export interface Bulletin {
  unitName: string;
  /** 'YYYY-MM' */
  month: string;
  byOffice: EfficiencyReport;
  byStaff: EfficiencyReport;
  violations: ViolationReport;
  /** When it was drawn up (a local date is printed with the signature). */
  issuedOn: string;
  /** The unit's latest signed audit checkpoint: printed, a later rewrite of the trail no longer matches it. */
  checkpoint: AuditCheckpoint | null;
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const num = (x: number | null, digits = 1) => (x === null ? '—' : x.toFixed(digits));

/** The month's first instant and the next month's, Asia/Shanghai. */
export function monthPeriod(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { from: `${month}-01T00:00:00+08:00`, to: `${next}-01T00:00:00+08:00` };
}

/** The printed bulletin; `badges: false` names staff without their badge numbers (the public copy). */
export function bulletinDocument(b: Bulletin, options: { badges: boolean } = { badges: true }): PrintedDocument {
  const [y, m] = b.month.split('-').map(Number) as [number, number];
  const t = b.byOffice.total;
  const v = b.violations.total;
  const figureRow = (label: string[], r: Omit<EfficiencyRow, 'unit' | 'office' | 'staff'>) => [
    ...label,
    String(r.enquiries),
    String(r.casesAccepted),
    String(r.casesCompleted),
    pct(r.onTimeRate),
    pct(r.earlyRate),
    num(r.meanHandlingHours),
    String(r.extensionsApproved),
    String(r.rejectionsInForce),
    num(r.noticesPerCase, 2),
    pct(r.satisfactionRate),
    String(r.violations),
  ];
  const figureColumns = [
    { header: '登记', align: 'right' as const },
    { header: '受理', align: 'right' as const },
    { header: '办结', align: 'right' as const },
    { header: '按时办结率', weight: 1.3, align: 'right' as const },
    { header: '提前办结率', weight: 1.3, align: 'right' as const },
    { header: '平均用时(工作小时)', weight: 1.5, align: 'right' as const },
    { header: '延期', align: 'right' as const },
    { header: '否定', align: 'right' as const },
    { header: '每件告知', align: 'right' as const },
    { header: '满意率', align: 'right' as const },
    { header: '违规', align: 'right' as const },
  ];
  return {
    unitName: b.unitName,
    title: `${y}年${m}月机关效能建设情况通报`,
    blocks: [
      { kind: 'heading', text: '一、总体情况' },
      {
        kind: 'paragraph',
        text:
          `${y}年${m}月，全单位共登记咨询办事${t.enquiries}件，受理办件${t.casesAccepted}件，办结${t.casesCompleted}件，` +
          `其中按时办结${t.completedOnTime}件（按时办结率${pct(t.onTimeRate)}），提前办结${t.completedEarly}件（提前办结率${pct(t.earlyRate)}）；` +
          `平均办理用时${num(t.meanHandlingHours)}个工作小时，承诺时限平均${num(t.meanCommittedHours)}个工作小时。` +
          `批准延期${t.extensionsApproved}件，否定报备${t.rejectionsFiled}件（生效${t.rejectionsInForce}件），出具一次性告知书${t.noticesIssued}份（每件${num(t.noticesPerCase, 2)}次）。` +
          `群众评价${t.ratingsTotal}条，满意率${pct(t.satisfactionRate)}；受理投诉${t.complaints}件，重复投诉率${pct(t.repeatComplaintRate)}。` +
          `发现违规${v.total}起，其中已确认${v.confirmed}起、待确认${v.detected}起、已撤销${v.dismissed}起。`,
      },
      { kind: 'heading', text: '二、各科室效能情况' },
      {
        kind: 'table',
        columns: [{ header: '科室', weight: 2 }, ...figureColumns],
        rows: [...b.byOffice.rows.map((r) => figureRow([r.office?.name ?? '（未分科室）'], r)), figureRow(['合计'], t)],
      },
      { kind: 'heading', text: '三、违规情况' },
      b.violations.byType.length > 0
        ? {
            kind: 'table',
            columns: [{ header: '违规类型', weight: 2 }, { header: '合计', align: 'right' }, { header: '已确认', align: 'right' }, { header: '待确认', align: 'right' }, { header: '已撤销', align: 'right' }],
            rows: b.violations.byType.map((x) => [x.name, String(x.total), String(x.confirmed), String(x.detected), String(x.dismissed)]),
          }
        : { kind: 'paragraph', text: '本月未发现违规。' },
      ...(b.violations.byStaff.length > 0
        ? [
            {
              kind: 'list' as const,
              title: '违规人员',
              items: b.violations.byStaff.map((s) => `${s.office?.name ?? ''} ${s.staff.name}${options.badges ? `（${s.staff.badgeNo}）` : ''}：${s.total}起，其中已确认${s.confirmed}起`),
            },
          ]
        : []),
      { kind: 'heading', text: '四、工作人员效能情况' },
      {
        kind: 'table',
        columns: [{ header: '科室', weight: 1.6 }, { header: '姓名', weight: 1.2 }, ...figureColumns],
        rows: b.byStaff.rows.map((r) => figureRow([r.office?.name ?? '', r.staff?.name ?? ''], r)),
      },
      { kind: 'heading', text: '五、审计日志存证' },
      {
        kind: 'paragraph',
        text: b.checkpoint
          ? `截至${formatShanghaiDateTime(b.checkpoint.at)}，本单位审计日志共${b.checkpoint.sequence}条，链头哈希 ${b.checkpoint.hash}，` +
            `签名公钥指纹（SHA-256）${b.checkpoint.keyFingerprint}。可在 /api/v1/public/audit/checkpoints/latest 核验签名。`
          : '本单位审计日志尚无签名存证。',
      },
    ],
    signature: [b.unitName, b.issuedOn],
    notes: [
      '按时办结：在延期、暂停调整后的办结时限内办结；提前办结：距办结时限尚余至少一个工作日办结；用时按工作日历计算。',
      '重复投诉：同一电话号码在此前90日内已向本单位投诉。违规统计以发生时间计，撤销的违规不计入违规数。',
    ],
  };
}

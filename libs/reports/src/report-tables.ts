import { toShanghaiIso } from '@app/core';
import type { ReportTable } from './export-formats.js';
import type { EfficiencyReport, EfficiencyRow, StatusCounts, ViolationItemView, ViolationReport } from './reports.service.js';

/** The reports as tables with Chinese headers, for CSV and XLSX. */

const STATUS_HEADERS = ['合计', '待确认', '已确认', '已撤销'];
const statusCells = (s: StatusCounts) => [s.total, s.detected, s.confirmed, s.dismissed];

export function violationTables(r: ViolationReport): ReportTable[] {
  return [
    { name: '按科室', headers: ['科室', ...STATUS_HEADERS], rows: r.byOffice.map((o) => [o.office?.name ?? '（未分科室）', ...statusCells(o)]) },
    {
      name: '按人员',
      headers: ['姓名', '工号', '科室', ...STATUS_HEADERS],
      rows: r.byStaff.map((s) => [s.staff.name, s.staff.badgeNo, s.office?.name ?? '', ...statusCells(s)]),
    },
    { name: '按类型', headers: ['违规类型', '代码', ...STATUS_HEADERS], rows: r.byType.map((t) => [t.name, t.code, ...statusCells(t)]) },
  ];
}

const STATUS_NAMES: Record<ViolationItemView['status'], string> = { detected: '待确认', confirmed: '已确认', dismissed: '已撤销' };

/** A time as people in Asia/Shanghai read it in a spreadsheet: 2026-03-09 10:00. */
export function shanghaiStamp(iso: string | null): string | null {
  return iso === null ? null : toShanghaiIso(new Date(iso)).slice(0, 16).replace('T', ' ');
}

const EVIDENCE_SOURCE_NAMES: Record<string, string> = { citizen_complaint: '群众投诉', spot_check: '暗访抽查', supervisor_report: '上级反映', other: '其他' };
const RESPONSIBLE_ROLE_NAMES: Record<ViolationItemView['responsible'][number]['role'], string> = { direct: '直接责任', supervisor: '监管责任' };
const ACTION_NAMES: Record<ViolationItemView['actions'][number]['type'], string> = {
  reminder_talk: '提醒谈话',
  written_self_examination: '书面检查',
  circulated_criticism: '通报批评',
  discipline_referral: '移送纪律审查',
};
/** Evidence keys shown in their own columns, or by name in 其他证据; ids (shown as receipt numbers or not at all) are left out. */
const EVIDENCE_OWN_COLUMNS = ['summary', 'source', 'reference', 'attachments', 'dueAt'];
const EVIDENCE_LABELS: Record<string, string> = {
  detectedAt: '发现时间',
  at: '时间',
  postName: '岗位',
  notice: '告知书',
  newItems: '新增告知材料',
  limitWorkingHours: '时限（工作小时）',
  transferredAt: '转办时间',
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function readable(value: unknown): string {
  if (typeof value === 'string') return TIME.test(value) ? shanghaiStamp(value)! : value;
  if (Array.isArray(value)) return value.map(readable).join('、');
  if (value && typeof value === 'object') return Object.values(value).map(readable).filter((v) => v !== '' && !UUID.test(v)).join(' ');
  return value === null || value === undefined ? '' : String(value);
}

/** The evidence as columns: summary, source, reference, attachments, due time, and the rest by name. */
function evidenceCells(e: Record<string, unknown>): string[] {
  const rest = Object.entries(e)
    .filter(([k, v]) => !EVIDENCE_OWN_COLUMNS.includes(k) && !(typeof v === 'string' && UUID.test(v)) && !k.endsWith('Id') && k !== 'actingFor' && k !== 'standInFor' && k !== 'waitingFor')
    .map(([k, v]) => `${EVIDENCE_LABELS[k] ?? k}：${readable(v)}`);
  const source = typeof e.source === 'string' ? (EVIDENCE_SOURCE_NAMES[e.source] ?? e.source) : '';
  return [readable(e.summary), source, readable(e.reference), readable(e.attachments), readable(e.dueAt), rest.join('；')];
}

export function violationItemTable(items: ViolationItemView[]): ReportTable {
  return {
    name: '违规明细',
    headers: ['发生时间', '违规类型', '代码', '状态', '姓名', '工号', '科室', '受理编号', '情况摘要', '证据来源', '文号', '附件', '应办结时间', '其他证据', '处理时间', '处理理由', '责任人', '追责措施'],
    rows: items.map((i) => [
      shanghaiStamp(i.occurredAt),
      i.typeName,
      i.code,
      STATUS_NAMES[i.status],
      i.staff.name,
      i.staff.badgeNo,
      i.office?.name ?? '',
      i.receiptNo ?? '',
      ...evidenceCells(i.evidence),
      shanghaiStamp(i.decidedAt),
      i.decisionReason,
      i.responsible.map((r) => `${r.name}（${r.badgeNo}，${RESPONSIBLE_ROLE_NAMES[r.role]}）`).join('；'),
      i.actions
        .map((a) => `${ACTION_NAMES[a.type]}${a.staff ? `（${a.staff.name}）` : ''} ${shanghaiStamp(a.decidedAt)}${a.dueAt ? ` 限${shanghaiStamp(a.dueAt)}前` : ''}${a.note ? ` ${a.note}` : ''}`)
        .join('；'),
    ]),
  };
}

/** Column header, and the cell of a row. */
const FIGURE_COLUMNS: Array<[string, (r: Omit<EfficiencyRow, 'unit' | 'office' | 'staff'>) => number | null]> = [
  ['登记咨询办事', (r) => r.enquiries],
  ['受理办件', (r) => r.casesAccepted],
  ['办结', (r) => r.casesCompleted],
  ['按时办结', (r) => r.completedOnTime],
  ['按时办结率', (r) => r.onTimeRate],
  ['提前办结', (r) => r.completedEarly],
  ['提前办结率', (r) => r.earlyRate],
  ['平均办理用时（工作小时）', (r) => r.meanHandlingHours],
  ['平均承诺时限（工作小时）', (r) => r.meanCommittedHours],
  ['用时与承诺之比', (r) => r.handlingRatio],
  ['申请延期', (r) => r.extensionsRequested],
  ['批准延期', (r) => r.extensionsApproved],
  ['否定报备', (r) => r.rejectionsFiled],
  ['否定生效', (r) => r.rejectionsInForce],
  ['一次性告知书', (r) => r.noticesIssued],
  ['告知办件', (r) => r.casesNoticed],
  ['每件告知次数', (r) => r.noticesPerCase],
  ['评价总数', (r) => r.ratingsTotal],
  ['非常满意', (r) => r.ratingsVerySatisfied],
  ['满意', (r) => r.ratingsSatisfied],
  ['基本满意', (r) => r.ratingsBasicallySatisfied],
  ['不满意', (r) => r.ratingsDissatisfied],
  ['非常不满意', (r) => r.ratingsVeryDissatisfied],
  ['满意率', (r) => r.satisfactionRate],
  ['投诉', (r) => r.complaints],
  ['重复投诉', (r) => r.repeatComplaints],
  ['重复投诉率', (r) => r.repeatComplaintRate],
  ['违规', (r) => r.violations],
  ['确认违规', (r) => r.violationsConfirmed],
];

export function efficiencyTable(r: EfficiencyReport): ReportTable {
  const who = r.by === 'staff' ? ['单位', '科室', '姓名', '工号'] : ['单位', '科室'];
  const cells = (row: EfficiencyRow) => [
    row.unit.name,
    row.office?.name ?? '（未分科室）',
    ...(r.by === 'staff' ? [row.staff?.name ?? '', row.staff?.badgeNo ?? ''] : []),
    ...FIGURE_COLUMNS.map(([, f]) => f(row)),
  ];
  return {
    name: r.by === 'staff' ? '按人员' : '按科室',
    headers: [...who, ...FIGURE_COLUMNS.map(([h]) => h)],
    rows: [...r.rows.map(cells), ['合计', ...who.slice(1).map(() => ''), ...FIGURE_COLUMNS.map(([, f]) => f(r.total))]],
  };
}

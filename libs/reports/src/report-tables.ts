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

export function violationItemTable(items: ViolationItemView[]): ReportTable {
  return {
    name: '违规明细',
    headers: ['发生时间', '违规类型', '代码', '状态', '姓名', '工号', '科室', '办件', '证据', '处理时间', '处理理由'],
    rows: items.map((i) => [
      i.occurredAt,
      i.typeName,
      i.code,
      STATUS_NAMES[i.status],
      i.staff.name,
      i.staff.badgeNo,
      i.office?.name ?? '',
      i.caseId,
      JSON.stringify(i.evidence),
      i.decidedAt,
      i.decisionReason,
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

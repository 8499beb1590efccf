/** The API's shapes as the console uses them (see /api/docs-json). Fields the console does not read are left out. */

export const ROLES = ['clerk', 'handler', 'office_head', 'leader', 'inspector', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export * from './duty-types';

export interface StaffRef {
  id: string;
  name: string;
  badgeNo: string;
}

export interface Staff extends StaffRef {
  unitId: string;
  officeId: string | null;
  username: string;
  phone: string | null;
  roles: Role[];
  active: boolean;
}

export interface Office {
  id: string;
  name: string;
  phone: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type LimitUnit = 'working_days' | 'working_hours';

export interface RequiredMaterial {
  /** The checklist item's id (M1, M2, …), given by the API; a new item being typed has none yet. */
  id?: string;
  name: string;
  form: 'original' | 'copy' | 'original_and_copy';
  copies: number;
  notes?: string;
}

export interface ServiceItem {
  code: string;
  name: string;
  office: { id: string; name: string; phone: string | null };
  legalBasis: string;
  conditions: string;
  statutoryLimit: { amount: number; unit: LimitUnit };
  committedLimit: { amount: number; unit: LimitUnit };
  materials: RequiredMaterial[];
  procedure: string[];
  feeFen: number;
  feeBasis: string;
  rejection: { withinAuthority: boolean; decisionWorkingHours: number };
  active: boolean;
}

export interface ServiceItemInput {
  code: string;
  name: string;
  officeId: string;
  legalBasis: string;
  conditions?: string;
  statutoryLimit: { amount: number; unit: LimitUnit };
  committedLimit: { amount: number; unit: LimitUnit };
  materials: RequiredMaterial[];
  procedure: string[];
  feeFen: number;
  feeBasis?: string;
  active?: boolean;
}

export const CHANNELS = ['visit', 'phone', 'online', 'letter'] as const;
export type Channel = (typeof CHANNELS)[number];
export const KINDS = ['consultation', 'application', 'report', 'complaint'] as const;
export type EnquiryKind = (typeof KINDS)[number];
export const OUTCOMES = ['answered', 'transferred', 'referred', 'registered', 'open'] as const;
export type OutcomeType = (typeof OUTCOMES)[number];

export type OutcomeInput =
  | { type: 'answered'; answer: string; refused?: boolean }
  | { type: 'transferred'; officeId: string; staffId: string }
  | { type: 'referred'; agency: string; address: string; phone: string }
  | { type: 'registered' }
  | { type: 'open' };

export interface EnquiryInput {
  channel: Channel;
  kind: EnquiryKind;
  subject: string;
  serviceItemCode?: string;
  citizen?: { name?: string; phone?: string; idNumber?: string };
  outcome: OutcomeInput;
}

export interface Enquiry {
  id: string;
  channel: Channel;
  kind: EnquiryKind;
  subject: string;
  serviceItemCode: string | null;
  citizen: { name: string | null; phone: string | null; idNumber: string | null };
  firstResponder: StaffRef & { officeId: string | null };
  receivedAt: string;
  reference: string;
  queryCode: string | null;
  outcome:
    | { type: 'answered'; answer: string; refused: boolean }
    | {
        type: 'transferred';
        office: { id: string; name: string; phone: string | null };
        staff: StaffRef & { phone: string | null };
        actingFor: string | null;
        acknowledgedBy: StaffRef | null;
        acknowledgedAt: string | null;
      }
    | { type: 'referred'; agency: string; address: string; phone: string }
    | { type: 'registered' }
    | { type: 'open' };
}

/** A material handed in: a checklist item by its id, or by name for what the checklist lacks. */
export interface ReceivedMaterial {
  itemId?: string;
  name?: string;
  pages: number;
  copies: number;
}

/** A material as the case records it: the checklist id (when it is one) and its name. */
export interface RecordedMaterial {
  itemId?: string;
  name: string;
  pages: number;
  copies: number;
}

export interface NoticeItem {
  itemId?: string;
  name: string;
  reason: string;
  source?: 'checklist' | 'free_text';
}

export interface Notice {
  id: string;
  caseId: string;
  number: string;
  sequence: number;
  issuedAt: string;
  issuedBy: StaffRef;
  items: NoticeItem[];
  repeatedNoticeItems: string[];
}

export type Step = 'warning' | 'due' | 'overdue_office_head' | 'overdue_leader' | 'overdue_inspector';

export type ClockLevel = 'normal' | 'warning' | 'due' | 'overdue';

export interface Deadline {
  dueAt: string;
  state: 'running' | 'paused' | 'stopped';
  provisional: boolean;
  pausedAt: string | null;
  /** Working minutes left on the working-day calendar (negative: that late), computed by the server; null once stopped. */
  remainingWorkingMinutes: number | null;
  /** The last step fired in the current round, as the server sees it. */
  level: ClockLevel;
  steps: Array<{ step: Step; fireAt: string; firedAt: string | null }>;
}

export type CaseStatus = 'awaiting_materials' | 'accepted' | 'in_progress' | 'completed' | 'withdrawn' | 'rejected';

export interface Extension {
  id: string;
  workingDays: number;
  reason: string;
  status: 'requested' | 'approved' | 'denied';
  requestedBy: StaffRef;
  requestedAt: string;
  decidedBy: StaffRef | null;
  decidedAt: string | null;
  decisionNote: string | null;
  previousDueAt: string;
  newDueAt: string | null;
  noticeNumber: string | null;
}

export interface Receipt {
  number: string;
  queryCode: string;
  promisedAt: string;
  receivedAt: string;
  handler: StaffRef;
}

export interface Case {
  id: string;
  status: CaseStatus;
  serviceItem: { code: string; name: string };
  enquiryId: string | null;
  applicant: { name: string; phone: string; idNumber: string | null };
  handler: StaffRef;
  handlerActingFor: string | null;
  materials: RecordedMaterial[];
  createdAt: string;
  receipt: Receipt | null;
  notices: Notice[];
  deadline: Deadline | null;
  extensions: Extension[];
  finishedAt: string | null;
  result: string | null;
  rejectionFilingId: string | null;
}

export interface CaseInput {
  serviceItemCode: string;
  enquiryId?: string;
  applicant: { name: string; phone: string; idNumber?: string };
  handlerId?: string;
  materials: ReceivedMaterial[];
  noticeItems?: Array<{ itemId?: string; name?: string; reason: string }>;
  /** Issue the one-time notice when materials are missing (after the clerk has seen the preview). */
  issueNotice?: boolean;
}

/** What the one-time notice would list, before anything is written (POST /cases/preview). */
export interface IntakePreview {
  complete: boolean;
  missing: Array<{ itemId?: string; name: string; reason: string; source: 'checklist' | 'free_text' }>;
}

export interface Alert {
  id: string;
  recipientId: string;
  actingFor: string | null;
  /** What it is about: 'case', 'enquiry', 'rejection_decision', 'extension_decision', 'rectification', 'violation', … */
  kind: string;
  event: 'escalation' | 'assigned' | 'due_moved' | 'decided' | 'violation_confirmed';
  subjectId: string;
  caseId: string | null;
  step: Step | null;
  level: 'info' | 'yellow' | 'red';
  title: string;
  /** What the recipient reads at a glance (personal data masked). */
  summary: { number?: string; serviceItem?: string; applicant?: string; text?: string };
  /** Where the console shows the subject, e.g. /cases/{id}. */
  link: string | null;
  dueAt: string | null;
  createdAt: string;
  readAt: string | null;
}

export type ViolationStatus = 'detected' | 'confirmed' | 'dismissed';

export interface ViolationTypeInfo {
  type: string;
  code: string;
  name: string;
  description: string;
}

export interface Violation {
  id: string;
  type: string;
  code: string;
  status: ViolationStatus;
  source: 'automatic' | 'manual';
  staffId: string;
  officeId: string | null;
  caseId: string | null;
  evidence: Record<string, unknown>;
  occurredAt: string;
  detectedAt: string;
  decidedAt: string | null;
}

export interface ViolationDetail extends Violation {
  name: string;
  ruleName: string;
  staff: StaffRef;
  decision: { outcome: 'confirmed' | 'dismissed'; decidedBy: StaffRef; decidedAt: string; reason: string } | null;
  accountability: {
    responsible: Array<StaffRef & { role: 'direct' | 'supervisor' }>;
    actions: Array<{ type: AccountabilityAction; staffId: string | null; decidedAt: string; dueAt: string | null; note: string | null }>;
  } | null;
}

export type AccountabilityAction = 'reminder_talk' | 'written_self_examination' | 'circulated_criticism' | 'discipline_referral';

export interface ConfirmInput {
  reason: string;
  actions: Array<{ type: AccountabilityAction; decidedAt: string; dueAt?: string; staffId?: string; note?: string }>;
  responsible: Array<{ staffId: string; role: 'direct' | 'supervisor' }>;
}

export interface StatusCounts {
  total: number;
  detected: number;
  confirmed: number;
  dismissed: number;
}

export interface ViolationReport {
  period: { from: string; to: string };
  total: StatusCounts;
  byOffice: Array<StatusCounts & { office: { id: string; name: string } | null }>;
  byStaff: Array<StatusCounts & { staff: StaffRef; office: { id: string; name: string } | null }>;
  byType: Array<StatusCounts & { type: string; code: string; name: string }>;
}

export interface ReportFilter {
  from: string;
  to: string;
  office?: string;
  staff?: string;
  type?: string;
}

export interface ViolationItem {
  id: string;
  type: string;
  typeName: string;
  status: ViolationStatus;
  occurredAt: string;
  staff: StaffRef;
  office: { id: string; name: string } | null;
}

export interface RejectionFiling {
  id: string;
  status: 'pending_decision' | 'registered' | 'approved' | 'denied';
  caseId: string | null;
  enquiryId: string | null;
  serviceItemCode: string | null;
  reason: string;
  legalBasis: Array<{ law: string; article: string }>;
  citizen: { name: string; phone: string | null };
  filedAt: string;
  filedBy: StaffRef;
  withinAuthority: boolean;
  approver: StaffRef | null;
  decisionDueAt: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  /** The written notice, once the refusal is in force (registered or approved). */
  notice: { number: string; issuedAt: string } | null;
  materialReturns: MaterialReturn[];
}

/** Materials of a refused case asked back, then handed over against an ID and signed for (退件). */
export interface MaterialReturn {
  id: string;
  status: 'requested' | 'returned';
  items: Array<{ name: string; copies: number }>;
  requestedAt: string;
  channel: Channel;
  recipient: { kind: 'applicant' | 'agent'; name: string; idNumber: string } | null;
  returnedAt: string | null;
  slipNumber: string | null;
}

export interface HandOverInput {
  recipient: {
    kind: 'applicant' | 'agent';
    name: string;
    idNumber: string;
    authorization?: { reference: string; principalIdNumber: string };
  };
  signature: { method: 'handwritten' | 'electronic'; signedName: string };
}

export interface Rectification {
  id: string;
  status: string;
  statusLabel: string;
  officeId: string | null;
  rating: { reference: string; level: string; levelLabel: string; comment: string | null; ratedAt: string; staffId: string };
  citizen: { name: string | null; phone: string | null };
  assignee: StaffRef;
  openedAt: string;
  dueAt: string;
  followUps: Array<{ id: string; calledAt: string; contactResultLabel: string; note: string }>;
  measures: string | null;
  completedAt: string | null;
}

export interface CalendarYearSummary {
  year: number;
  source: string;
  updatedAt: string;
}

export interface CalendarYear {
  year: number;
  holidays: string[];
  makeUpWorkdays: string[];
}

export interface EvaluationResult {
  staff: { id: string; name: string; badgeNo: string; officeId: string | null };
  quantitative: number | null;
  qualitative: { de: number; neng: number; qin: number; ji: number; lian: number; score: number; by: string | null } | null;
  total: number | null;
  gradeLabel: string | null;
  capped: boolean;
}

export interface Evaluation {
  id: string;
  period: string;
  status: 'draft' | 'reviewed' | 'published';
  results: EvaluationResult[];
}

export type AspectScores = { goals: number; duties: number; integrity: number; efficiency: number };

/** One office's line of an evaluation of offices: 群众评议 and 领导评议 as separate parts. */
export interface OfficeEvaluationResult {
  office: { id: string; name: string };
  figures: { casesCompleted: number; onTimeRate: number | null; ratings: number; satisfaction: number | null; confirmedViolations: number };
  citizens: { ratings: number; satisfaction: number | null; score: number | null };
  leaders: { score: number | null; scores: Array<AspectScores & { leader: { id: string; name: string }; score: number; scoredAt: string }> };
  total: number | null;
  gradeLabel: string | null;
  verification: { openedAt: string; finding: string | null; followUp: string | null; verifiedBy: { id: string; name: string } | null; verifiedAt: string | null } | null;
}

export interface OfficeEvaluation {
  id: string;
  period: string;
  status: 'draft' | 'reviewed' | 'published';
  results: OfficeEvaluationResult[];
}

export type ReleaseKind = 'bulletin' | 'staff_evaluation' | 'office_evaluation';

export interface PublicRelease {
  id: string;
  kind: ReleaseKind;
  period: string;
  releasedAt: string;
}

/** A printed document's body as the API gives it (the bulletin). */
export type DocumentBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; title?: string; items: string[] }
  | { kind: 'table'; columns: Array<{ header: string }>; rows: string[][] }
  | { kind: 'fields'; rows: Array<{ label: string; value: string }> };

export interface PublicUnitPage {
  unit: { code: string; name: string };
  releases: Array<{ kind: ReleaseKind; period: string; releasedAt: string }>;
}

export interface PublicBulletin {
  month: string;
  document: { title: string; blocks: DocumentBlock[]; notes?: string[] };
}

export interface PublicStaffResults {
  period: string;
  results: Array<{ name: string; office: string | null; gradeLabel: string }>;
}

export interface PublicOfficeResults {
  period: string;
  results: Array<{ office: string; leadersScore: number | null; citizensScore: number | null; ratings: number; total: number | null; gradeLabel: string | null }>;
}

export interface PublicCase {
  receiptNo: string;
  serviceItem: { code: string; name: string };
  status: CaseStatus;
  acceptedAt: string;
  promisedAt: string;
  dueAt: string;
  finishedAt: string | null;
}

export const RATING_LEVELS = ['very_satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied', 'very_dissatisfied'] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];

/** 工作标准: a unit's limit for a kind of internal work. */
export interface WorkStandard {
  id: string;
  kind: string;
  urgent: boolean;
  name: string;
  limitWorkingMinutes: number;
  limitText: string;
  version: number;
}

/** 内部事务 (公文流转, 会议纪要…) on the clock of its work standard. */
export interface InternalTask {
  id: string;
  kind: string;
  urgent: boolean;
  title: string;
  reference: string | null;
  standard: { id: string; version: number; name: string; limitWorkingMinutes: number; limitText: string };
  status: 'open' | 'completed';
  statusLabel: string;
  officeId: string | null;
  handler: StaffRef;
  createdBy: StaffRef;
  createdAt: string;
  dueAt: string;
  completion: { at: string; by: StaffRef; actingFor: string | null; note: string | null; late: boolean } | null;
  handovers: Array<{ from: StaffRef; to: StaffRef; by: StaffRef; actingFor: string | null; handedAt: string; note: string | null }>;
  deadline: Deadline | null;
}

/** 电子监察 thresholds of the unit: its own, or the installation's. */
export interface AlertRule {
  source: 'unit' | 'installation';
  warningShare: number | null;
  warningBeforeDue: string | null;
  overdueOfficeHead: string;
  overdueLeader: string;
  overdueInspector: string;
  updatedAt: string | null;
}

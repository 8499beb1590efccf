import { request, requestFile, type Query } from './http';
import type {
  Absence,
  AlertRule,
  AbsenceInput,
  Alert,
  CalendarYear,
  CalendarYearSummary,
  Case,
  CaseInput,
  CaseStatus,
  Channel,
  ConfirmInput,
  Coverage,
  Enquiry,
  EnquiryInput,
  AspectScores,
  Evaluation,
  OfficeEvaluation,
  PublicBulletin,
  PublicOfficeResults,
  PublicRelease,
  PublicStaffResults,
  PublicUnitPage,
  ReleaseKind,
  Extension,
  IntakePreview,
  InternalTask,
  HandOverInput,
  MaterialReturn,
  Notice,
  Office,
  Page,
  Post,
  PublicCase,
  RatingLevel,
  ReceivedMaterial,
  Rectification,
  RejectionFiling,
  ReportFilter,
  Role,
  ServiceItem,
  ServiceItemInput,
  Staff,
  Violation,
  ViolationDetail,
  ViolationItem,
  ViolationReport,
  ViolationStatus,
  ViolationTypeInfo,
  WorkStandard,
} from './types';

/** Every API call the console makes, typed. One function per endpoint; screens import from here only. */

export const auth = {
  login: (username: string, password: string) =>
    request<{ accessToken: string }>('POST', '/auth/login', { body: { username, password }, anonymous: true }),
  me: () => request<Staff>('GET', '/auth/me'),
  /** Ends the session on the server (the access token's, or the refresh cookie's once that expired) and clears the cookie. */
  logout: (accessToken: string | null) =>
    request<void>('POST', '/auth/logout', { body: {}, anonymous: true, headers: accessToken ? { authorization: `Bearer ${accessToken}` } : {} }),
};

export const organization = {
  offices: () => request<Office[]>('GET', '/offices'),
  createOffice: (body: { name: string; phone?: string }) => request<Office>('POST', '/offices', { body }),
  updateOffice: (id: string, body: { name?: string; phone?: string }) => request<Office>('PATCH', `/offices/${id}`, { body }),
  staff: (officeId?: string) => request<Staff[]>('GET', '/staff', { query: { officeId } }),
  createStaff: (body: { username: string; password: string; name: string; badgeNo: string; officeId?: string; phone?: string; roles: Role[] }) =>
    request<Staff>('POST', '/staff', { body }),
  updateStaff: (id: string, body: Partial<{ name: string; officeId: string; phone: string; roles: Role[]; active: boolean; password: string }>) =>
    request<Staff>('PATCH', `/staff/${id}`, { body }),
  posts: (officeId?: string) => request<Post[]>('GET', '/posts', { query: { officeId } }),
  createPost: (body: { name: string; kind: 'staff' | 'leader'; officeId?: string; window?: boolean; holderId: string; substituteId: string }) =>
    request<Post>('POST', '/posts', { body }),
  updatePost: (id: string, body: Partial<{ name: string; window: boolean; holderId: string; substituteId: string; active: boolean }>) =>
    request<Post>('PATCH', `/posts/${id}`, { body }),
  coverage: () => request<Coverage[]>('GET', '/coverage'),
  absences: (query: Query) => request<Page<Absence>>('GET', '/absences', { query }),
  absence: (id: string) => request<Absence>('GET', `/absences/${id}`),
  createAbsence: (body: AbsenceInput) => request<Absence>('POST', '/absences', { body }),
  decideAbsence: (id: string, approve: boolean, note?: string) => request<Absence>('POST', `/absences/${id}/decision`, { body: { approve, note } }),
  cancelAbsence: (id: string) => request<Absence>('POST', `/absences/${id}/cancel`),
  /** The absentee draws up the handover list (their pending work, snapshotted now) with notes. */
  drawHandover: (id: string, notes: string) => request<Absence>('POST', `/absences/${id}/handover`, { body: { notes } }),
  acknowledgeHandover: (id: string) => request<Absence>('POST', `/absences/${id}/handover/acknowledge`),
};

export const catalogue = {
  list: () => request<ServiceItem[]>('GET', '/services'),
  get: (code: string) => request<ServiceItem>('GET', `/services/${encodeURIComponent(code)}`),
  create: (body: ServiceItemInput) => request<ServiceItem>('POST', '/services', { body }),
  replace: (code: string, body: ServiceItemInput) => request<ServiceItem>('PUT', `/services/${encodeURIComponent(code)}`, { body }),
};

export const enquiries = {
  create: (body: EnquiryInput, idempotencyKey: string) =>
    request<Enquiry>('POST', '/enquiries', { body, headers: { 'idempotency-key': idempotencyKey } }),
  list: (query: Query) => request<Page<Enquiry>>('GET', '/enquiries', { query }),
  get: (id: string) => request<Enquiry>('GET', `/enquiries/${id}`),
  acknowledge: (id: string) => request<Enquiry>('POST', `/enquiries/${id}/acknowledge`),
};

export const cases = {
  create: (body: CaseInput) => request<Case>('POST', '/cases', { body }),
  preview: (body: CaseInput) => request<IntakePreview>('POST', '/cases/preview', { body }),
  list: (query: { status?: CaseStatus; handlerId?: string; page?: number; pageSize?: number }) => request<Page<Case>>('GET', '/cases', { query }),
  get: (id: string) => request<Case>('GET', `/cases/${id}`),
  supplement: (id: string, materials: ReceivedMaterial[]) => request<Case>('POST', `/cases/${id}/materials`, { body: { materials } }),
  start: (id: string) => request<Case>('POST', `/cases/${id}/start`),
  complete: (id: string, result: string) => request<Case>('POST', `/cases/${id}/complete`, { body: { result } }),
  pause: (id: string, reason: string) => request<Case>('POST', `/cases/${id}/pause`, { body: { reason } }),
  resume: (id: string) => request<Case>('POST', `/cases/${id}/resume`),
  requestExtension: (id: string, workingDays: number, reason: string) =>
    request<Extension>('POST', `/cases/${id}/extensions`, { body: { workingDays, reason } }),
  decideExtension: (id: string, extensionId: string, approve: boolean, note?: string) =>
    request<Extension>('POST', `/cases/${id}/extensions/${extensionId}/decision`, { body: { approve, note } }),
  receiptPdf: (id: string) => requestFile(`/cases/${id}/receipt/pdf`),
  extensionPdf: (id: string, extensionId: string) => requestFile(`/cases/${id}/extensions/${extensionId}/pdf`),
  /**
   * Extensions waiting for a leader. The API has no list of them yet, so this reads the running cases'
   * pages and keeps those with a request pending (see the console's notes on the API it needs).
   */
  async pendingExtensions(): Promise<Array<{ case: Case; extension: Extension }>> {
    const found: Array<{ case: Case; extension: Extension }> = [];
    for (const status of ['accepted', 'in_progress'] as const) {
      for (let page = 1; page <= 20; page++) {
        const res = await cases.list({ status, page, pageSize: 100 });
        for (const c of res.items) for (const e of c.extensions) if (e.status === 'requested') found.push({ case: c, extension: e });
        if (page * res.pageSize >= res.total) break;
      }
    }
    return found;
  },
};

export const notices = {
  get: (id: string) => request<Notice>('GET', `/notices/${id}`),
  pdf: (id: string) => requestFile(`/notices/${id}/pdf`),
};

export const alerts = {
  list: (query: { unread?: boolean; page?: number; pageSize?: number }) => request<Page<Alert>>('GET', '/alerts', { query }),
  markRead: (id: string) => request<Alert>('POST', `/alerts/${id}/read`),
  /** The live stream: EventSource cannot send headers, so the token goes in the query (this endpoint only). */
  streamUrl: (token: string) => `/api/v1/alerts/stream?access_token=${encodeURIComponent(token)}`,
};

export const rejections = {
  list: (query: Query) => request<Page<RejectionFiling>>('GET', '/rejection-filings', { query }),
  file: (body: { caseId?: string; enquiryId?: string; reason: string; legalBasis: Array<{ law: string; article: string }>; contactPhone: string }) =>
    request<RejectionFiling>('POST', '/rejection-filings', { body }),
  get: (id: string) => request<RejectionFiling>('GET', `/rejection-filings/${id}`),
  decide: (id: string, approve: boolean, note?: string) => request<RejectionFiling>('POST', `/rejection-filings/${id}/decision`, { body: { approve, note } }),
  /** 不予受理通知书, once the refusal is in force. */
  noticePdf: (id: string) => requestFile(`/rejection-filings/${id}/notice/pdf`),
  requestReturn: (id: string, items: Array<{ name: string; copies: number }>, channel: Channel) =>
    request<MaterialReturn>('POST', `/rejection-filings/${id}/material-returns`, { body: { items, channel } }),
  handOver: (id: string, returnId: string, body: HandOverInput) =>
    request<MaterialReturn>('POST', `/rejection-filings/${id}/material-returns/${returnId}/hand-over`, { body }),
  /** 材料退还单, once handed over. */
  returnSlipPdf: (id: string, returnId: string) => requestFile(`/rejection-filings/${id}/material-returns/${returnId}/pdf`),
};

export const oversight = {
  types: () => request<ViolationTypeInfo[]>('GET', '/violation-types'),
  list: (query: { status?: ViolationStatus; officeId?: string; staffId?: string; type?: string; page?: number; pageSize?: number }) =>
    request<Page<Violation>>('GET', '/violations', { query }),
  get: (id: string) => request<ViolationDetail>('GET', `/violations/${id}`),
  confirm: (id: string, body: ConfirmInput) => request<ViolationDetail>('POST', `/violations/${id}/confirm`, { body }),
  dismiss: (id: string, reason: string) => request<ViolationDetail>('POST', `/violations/${id}/dismiss`, { body: { reason } }),
};

export const reports = {
  violations: (filter: ReportFilter) => request<ViolationReport>('GET', '/reports/violations', { query: { ...filter } }),
  violationItems: (filter: ReportFilter & { page: number; pageSize: number }) =>
    request<{ items: ViolationItem[]; total: number }>('GET', '/reports/violations/items', { query: { ...filter } }),
  violationsFile: (filter: ReportFilter, format: 'csv' | 'xlsx') => requestFile('/reports/violations', { ...filter, format }),
  bulletinPdf: (month: string) => requestFile('/reports/bulletin', { month, format: 'pdf' }),
};

export const ratings = {
  rectifications: (query: { status?: string; officeId?: string; page?: number; pageSize?: number }) =>
    request<Page<Rectification>>('GET', '/rectifications', { query }),
  rectification: (id: string) => request<Rectification>('GET', `/rectifications/${id}`),
  followUp: (id: string, body: { calledAt: string; contactResult: 'reached' | 'no_answer' | 'wrong_number' | 'declined'; note: string }) =>
    request<unknown>('POST', `/rectifications/${id}/follow-ups`, { body }),
  complete: (id: string, measures: string, citizenSatisfied?: boolean) =>
    request<Rectification>('POST', `/rectifications/${id}/complete`, { body: { measures, citizenSatisfied } }),
};

export const evaluations = {
  draft: (period: string) => request<Evaluation>('POST', '/evaluations', { body: { period } }),
  mine: () => request<Evaluation[]>('GET', '/evaluations/mine'),
  get: (id: string) => request<Evaluation>('GET', `/evaluations/${id}`),
  score: (id: string, staffId: string, body: { de: number; neng: number; qin: number; ji: number; lian: number }) =>
    request<Evaluation>('PUT', `/evaluations/${id}/results/${staffId}/qualitative`, { body }),
  review: (id: string) => request<Evaluation>('POST', `/evaluations/${id}/review`),
  publish: (id: string) => request<Evaluation>('POST', `/evaluations/${id}/publish`),
};

/** 对机关各部门的绩效考评: leaders score, review and publish; inspectors record the 组织核查. */
export const officeEvaluations = {
  list: () => request<Page<{ id: string; period: string; status: OfficeEvaluation['status'] }>>('GET', '/office-evaluations', { query: { pageSize: 50 } }),
  draft: (period: string) => request<OfficeEvaluation>('POST', '/office-evaluations', { body: { period } }),
  get: (id: string) => request<OfficeEvaluation>('GET', `/office-evaluations/${id}`),
  score: (id: string, officeId: string, body: AspectScores) => request<OfficeEvaluation>('PUT', `/office-evaluations/${id}/offices/${officeId}/leader-score`, { body }),
  review: (id: string) => request<OfficeEvaluation>('POST', `/office-evaluations/${id}/review`),
  publish: (id: string) => request<OfficeEvaluation>('POST', `/office-evaluations/${id}/publish`),
  verify: (id: string, officeId: string, body: { finding: string; followUp: string }) =>
    request<OfficeEvaluation>('PUT', `/office-evaluations/${id}/offices/${officeId}/verification`, { body }),
};

/** 政务公开: what the admin makes public. */
export const publicReleases = {
  list: () => request<PublicRelease[]>('GET', '/public-releases'),
  release: (kind: ReleaseKind, period: string) => request<PublicRelease>('POST', '/public-releases', { body: { kind, period } }),
  withdraw: (id: string) => request<void>('DELETE', `/public-releases/${id}`),
  /** The units (the admin's own gives the public page's address). */
  units: () => request<Array<{ id: string; code: string; name: string }>>('GET', '/units'),
};

export const calendar = {
  years: () => request<CalendarYearSummary[]>('GET', '/calendar/years'),
  year: (year: number) => request<CalendarYear>('GET', `/calendar/years/${year}`),
  putYear: (year: number, body: { holidays: string[]; makeUpWorkdays: string[] }) => request<CalendarYear>('PUT', `/calendar/years/${year}`, { body }),
};

/** 内部事务 under the unit's work standards. */
export const internalTasks = {
  standards: () => request<WorkStandard[]>('GET', '/work-standards'),
  list: (query: { scope?: 'mine' | 'office' | 'unit'; status?: 'open' | 'completed'; page?: number; pageSize?: number }) =>
    request<Page<InternalTask>>('GET', '/internal-tasks', { query }),
  get: (id: string) => request<InternalTask>('GET', `/internal-tasks/${id}`),
  create: (body: { kind: string; title: string; reference?: string; handlerId: string; urgent: boolean }) => request<InternalTask>('POST', '/internal-tasks', { body }),
  handOver: (id: string, toId: string, note?: string) => request<InternalTask>('POST', `/internal-tasks/${id}/handover`, { body: { toId, note } }),
  complete: (id: string, note?: string) => request<InternalTask>('POST', `/internal-tasks/${id}/complete`, { body: { note } }),
  createStandard: (body: { kind: string; urgent: boolean; name: string; limitWorkingMinutes: number }) => request<WorkStandard>('POST', '/work-standards', { body }),
  updateStandard: (id: string, body: { name: string; limitWorkingMinutes: number }) => request<WorkStandard>('PATCH', `/work-standards/${id}`, { body }),
};

/** The unit's 电子监察 thresholds. */
export const alertRule = {
  get: () => request<AlertRule>('GET', '/alert-rule'),
  /** Values as typed: the API names any field it refuses. */
  set: (body: Record<string, unknown>) => request<AlertRule>('PUT', '/alert-rule', { body }),
  reset: () => request<AlertRule>('DELETE', '/alert-rule'),
};

/** No login: the service guide, case lookup and rating (政务公开, 好差评). */
export const publicApi = {
  services: () => request<ServiceItem[]>('GET', '/public/services', { anonymous: true }),
  service: (code: string) => request<ServiceItem>('GET', `/public/services/${encodeURIComponent(code)}`, { anonymous: true }),
  lookup: (receiptNo: string, code: string) =>
    request<PublicCase>('GET', `/public/cases/${encodeURIComponent(receiptNo)}`, { query: { code }, anonymous: true }),
  rate: (body: { receiptNo: string; code: string; level: RatingLevel; comment?: string }) =>
    request<unknown>('POST', '/public/ratings', { body, anonymous: true }),
  unitPage: (code: string) => request<PublicUnitPage>('GET', `/public/units/${encodeURIComponent(code)}/bulletin`, { anonymous: true }),
  bulletin: (code: string, month: string) => request<PublicBulletin>('GET', `/public/units/${encodeURIComponent(code)}/bulletins/${month}`, { anonymous: true }),
  staffResults: (code: string, period: string) => request<PublicStaffResults>('GET', `/public/units/${encodeURIComponent(code)}/staff-evaluations/${period}`, { anonymous: true }),
  officeResults: (code: string, period: string) => request<PublicOfficeResults>('GET', `/public/units/${encodeURIComponent(code)}/office-evaluations/${period}`, { anonymous: true }),
};

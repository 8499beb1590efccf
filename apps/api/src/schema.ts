import { Badges1767000110000 } from '@app/badges';
import { Calendar1767000002000, UnitClosures1767000032600 } from '@app/calendar';
import { CaseRejection1767000012000, Cases1767000006000 } from '@app/cases';
import { Catalogue1767000003000, MaterialIds1767000080400, RejectionAuthority1767000011000, ServiceItemKind1767000090200 } from '@app/catalogue';
import { DocumentNumbers1767000040000 } from '@app/documents';
import { UnitAlertRules1767000160000, ComplaintTimers1767000080500, DeadlineRounds1767000040200, ExtensionDecisions1767000090100, DeadlineSubjects1767000010000, Deadlines1767000008000, OfficelessClocks1767000032000, RectificationTimers1767000015000 } from '@app/deadlines';
import { Evaluation1767000031000, OfficeEvaluation1767000170000, OfficeEvaluationScheme1767000170200 } from '@app/evaluation';
import { Enquiries1767000004000, EnquiryReferences1767000015500, EnquiryRefusals1767000013000, EnquiryTransferIndex1767000017100 } from '@app/enquiries';
import { Notices1767000007000 } from '@app/notices';
import { Employment1767000090400, LeadersInCharge1767000090000, Organization1767000001000, PasswordChange1767000051100, PostDuties1767000110100, StaffHandover1767000090300, Substitution1767000009000 } from '@app/organization';
import { Accountability1767000017000, Oversight1767000005000 } from '@app/oversight';
import { AuditSealing1767000060000, IdempotencyRetention1767000070100, IdempotentResponses1767000070000, Inbox1767000040100, PeriodicRuns1767000100000, Platform1767000000000, Sessions1767000051000, Throttle1767000051200 } from '@app/platform';
import { OfficelessRectifications1767000032100, RatingAppeals1767000110200, Ratings1767000016000 } from '@app/ratings';
import { Rejections1767000014000 } from '@app/rejections';
import { PublicReleases1767000170100 } from '@app/transparency';
import { CaseFigures1767000030000 } from '@app/cases';
import { EnquiryFigures1767000030100 } from '@app/enquiries';
import { NoticeFigures1767000030200, NoticeOffices1767000140100, NoticeQueryCodes1767000080300 } from '@app/notices';
import { RejectionFigures1767000030300 } from '@app/rejections';
import { ReportRollup1767000030400 } from '@app/reports';
import { CaseFigureHandlers1767000140000, CaseFirstResponder1767000080100, CaseSearch1767000080200 } from '@app/cases';
import { Complaints1767000080600 } from '@app/complaints';
import { EnquiryClosure1767000080000 } from '@app/enquiries';
import { InternalTasks1767000160100 } from '@app/tasks';

/** Every lib's migrations, in the order they must run. */
export const migrations = [
  Platform1767000000000,
  Organization1767000001000,
  Calendar1767000002000,
  Catalogue1767000003000,
  Enquiries1767000004000,
  Oversight1767000005000,
  Cases1767000006000,
  Notices1767000007000,
  Deadlines1767000008000,
  Substitution1767000009000,
  DeadlineSubjects1767000010000,
  RejectionAuthority1767000011000,
  CaseRejection1767000012000,
  EnquiryRefusals1767000013000,
  Rejections1767000014000,
  RectificationTimers1767000015000,
  EnquiryReferences1767000015500,
  Ratings1767000016000,
  Accountability1767000017000,
  EnquiryTransferIndex1767000017100,
  CaseFigures1767000030000,
  EnquiryFigures1767000030100,
  NoticeFigures1767000030200,
  RejectionFigures1767000030300,
  ReportRollup1767000030400,
  Evaluation1767000031000,
  OfficelessClocks1767000032000,
  OfficelessRectifications1767000032100,
  UnitClosures1767000032600,
  DocumentNumbers1767000040000,
  Inbox1767000040100,
  DeadlineRounds1767000040200,
  Sessions1767000051000,
  PasswordChange1767000051100,
  Throttle1767000051200,
  AuditSealing1767000060000,
  IdempotentResponses1767000070000,
  IdempotencyRetention1767000070100,
  EnquiryClosure1767000080000,
  CaseFirstResponder1767000080100,
  CaseSearch1767000080200,
  NoticeQueryCodes1767000080300,
  MaterialIds1767000080400,
  ComplaintTimers1767000080500,
  Complaints1767000080600,
  LeadersInCharge1767000090000,
  ExtensionDecisions1767000090100,
  ServiceItemKind1767000090200,
  StaffHandover1767000090300,
  Employment1767000090400,
  PeriodicRuns1767000100000,
  Badges1767000110000,
  PostDuties1767000110100,
  RatingAppeals1767000110200,
  CaseFigureHandlers1767000140000,
  NoticeOffices1767000140100,
  UnitAlertRules1767000160000,
  InternalTasks1767000160100,
  OfficeEvaluation1767000170000,
  PublicReleases1767000170100,
  OfficeEvaluationScheme1767000170200,
];

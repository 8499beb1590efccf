import type { Step } from '@app/core';
import type { ViolationType } from '@app/oversight';

/** What a kind of clock says about itself: every kind escalates on the same ladder. */
export interface TimerKindSpec {
  /** The alert title of each step. */
  titles: Record<Step, string>;
  /** The audit trail's entity of the subject the clock runs for. */
  entity: string;
  /** Recorded against the assignee when the due step fires: the time limit passed with the work not done. */
  dueViolation: ViolationType;
  /** The key naming the subject in the violation's evidence. */
  evidenceKey: string;
  /** The subject is a case: its alerts and violations carry the case id. */
  subjectIsCase: boolean;
  /**
   * A leader decides: the overdue rungs go up to the principal leader (主要领导) and the inspector, never
   * down to an office head.
   */
  leaderDecides: boolean;
}

/**
 * The kinds of clock. Adding one: an entry here, and a migration widening the CHECK on
 * deadline_timer.kind.
 */
export const TIMER_KINDS = {
  /** 限时办结制: an accepted case, assigned to its handler. */
  case: {
    titles: {
      warning: '办件即将到期预警',
      due: '办件已到承诺时限',
      overdue_office_head: '办件超期，请股室负责人督办',
      overdue_leader: '办件超期，请分管领导督办',
      overdue_inspector: '办件超期，已报纪检监察',
    },
    entity: 'case',
    dueViolation: 'overdue',
    evidenceKey: 'caseId',
    subjectIsCase: true,
    leaderDecides: false,
  },
  /** 否定报备制: a leader's decision on a refusal beyond the handler's authority. */
  rejection_decision: {
    titles: {
      warning: '否定报备待审批，即将到期',
      due: '否定报备审批已到时限',
      overdue_office_head: '否定报备审批超期，请主要领导督办',
      overdue_leader: '否定报备审批仍超期未决，请主要领导督办',
      overdue_inspector: '否定报备审批超期，已报纪检监察',
    },
    entity: 'rejection_filing',
    dueViolation: 'leader_decision_overdue',
    evidenceKey: 'filingId',
    subjectIsCase: false,
    leaderDecides: true,
  },
  /** 限时办结制: a leader's decision on a case's extension request; while it waits it holds up the case. */
  extension_decision: {
    titles: {
      warning: '延期申请待审批，即将到期',
      due: '延期申请审批已到时限',
      overdue_office_head: '延期申请审批超期，请主要领导督办',
      overdue_leader: '延期申请审批仍超期未决，请主要领导督办',
      overdue_inspector: '延期申请审批超期，已报纪检监察',
    },
    entity: 'case_extension',
    dueViolation: 'leader_decision_overdue',
    evidenceKey: 'extensionId',
    subjectIsCase: false,
    leaderDecides: true,
  },
  /** 差评整改: the office head's rectification after a dissatisfied citizen rating. */
  rectification: {
    titles: {
      warning: '差评整改即将到期',
      due: '差评整改已到时限',
      overdue_office_head: '差评整改超期，请股室负责人督办',
      overdue_leader: '差评整改超期，请分管领导督办',
      overdue_inspector: '差评整改超期，已报纪检监察',
    },
    entity: 'rectification',
    dueViolation: 'rating_not_rectified',
    evidenceKey: 'rectificationId',
    subjectIsCase: false,
    leaderDecides: false,
  },
  /** 投诉/举报: a registered complaint or report, assigned to its handler, who owes the citizen a reply. */
  complaint: {
    titles: {
      warning: '投诉举报即将到期，请尽快答复',
      due: '投诉举报已到答复时限',
      overdue_office_head: '投诉举报超期未答复，请股室负责人督办',
      overdue_leader: '投诉举报超期未答复，请分管领导督办',
      overdue_inspector: '投诉举报超期未答复，已报纪检监察',
    },
    entity: 'complaint',
    dueViolation: 'complaint_overdue',
    evidenceKey: 'complaintId',
    subjectIsCase: false,
    leaderDecides: false,
  },
  /** 工作标准: an internal task (公文流转, 会议纪要…) on the limit of its unit's work standard, with its holder. */
  internal_task: {
    titles: {
      warning: '内部事务即将到期，请尽快办理',
      due: '内部事务已到工作标准时限',
      overdue_office_head: '内部事务超时未办，请股室负责人督办',
      overdue_leader: '内部事务超时未办，请分管领导督办',
      overdue_inspector: '内部事务超时未办，已报纪检监察',
    },
    entity: 'internal_task',
    dueViolation: 'internal_task_overdue',
    evidenceKey: 'taskId',
    subjectIsCase: false,
    leaderDecides: false,
  },
} as const satisfies Record<string, TimerKindSpec>;

export type TimerKind = keyof typeof TIMER_KINDS;

/** Every kind of clock, for checking a stored kind. */
export const TIMER_KIND_NAMES = Object.keys(TIMER_KINDS) as TimerKind[];

export function timerKind(kind: TimerKind): TimerKindSpec {
  return TIMER_KINDS[kind];
}

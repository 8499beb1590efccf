import type { AbsenceStatus, AbsenceType, AccountabilityAction, CaseStatus, Channel, EnquiryKind, OutcomeType, RatingLevel, Role, ViolationStatus } from '../api/types';

/** Chinese labels of the API's codes: the API speaks English codes, the screens Chinese. */
export const ROLE_LABELS: Record<Role, string> = {
  clerk: '窗口人员',
  handler: '经办人',
  office_head: '股室负责人',
  leader: '领导',
  inspector: '纪检监察',
  admin: '系统管理员',
};

export const CHANNEL_LABELS: Record<Channel, string> = { visit: '来访', phone: '来电', online: '网上', letter: '来信' };
export const KIND_LABELS: Record<EnquiryKind, string> = { consultation: '咨询', application: '办事申请', report: '举报', complaint: '投诉' };
export const OUTCOME_LABELS: Record<OutcomeType, string> = {
  answered: '当场答复',
  transferred: '转办',
  referred: '引导至外单位',
  registered: '登记（投诉/举报）',
  open: '待处理',
};

export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  awaiting_materials: '待补材料',
  accepted: '已受理',
  in_progress: '办理中',
  completed: '已办结',
  withdrawn: '已撤回',
  rejected: '不予受理',
};

export const VIOLATION_STATUS_LABELS: Record<ViolationStatus, string> = { detected: '待确认', confirmed: '已确认', dismissed: '已撤销' };

export const ACTION_LABELS: Record<AccountabilityAction, string> = {
  reminder_talk: '提醒谈话',
  written_self_examination: '书面检查',
  circulated_criticism: '通报批评',
  discipline_referral: '移送纪律审查',
};

export const RATING_LABELS: Record<RatingLevel, string> = {
  very_satisfied: '非常满意',
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
  very_dissatisfied: '非常不满意',
};

export const FORM_LABELS = { original: '原件', copy: '复印件', original_and_copy: '原件及复印件' } as const;

export function limitText(limit: { amount: number; unit: 'working_days' | 'working_hours' }): string {
  return `${limit.amount}个${limit.unit === 'working_days' ? '工作日' : '工作小时'}`;
}

export const ABSENCE_TYPE_LABELS: Record<AbsenceType, string> = { meeting: '会议', trip: '出差', leave: '请假', other: '其他' };
export const ABSENCE_STATUS_LABELS: Record<AbsenceStatus, string> = { requested: '待审批', approved: '已批准', rejected: '未批准', cancelled: '已撤销' };

/** Working minutes (as the server counted them on its calendar) in hours and minutes. */
export function workingTimeText(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${h ? `${h}小时` : ''}${m || !h ? `${m}分钟` : ''}`;
}

import { VIOLATION_TYPE_NAMES, VIOLATION_TYPES, type ViolationType } from './violations.service.js';

/** The efficiency rules a violation breaks (机关效能建设制度), plus conduct for what no rule check sees. */
export const VIOLATION_RULES = {
  first_contact: '首问负责制',
  one_time_notice: '一次性告知制',
  time_limit: '限时办结制',
  rejection_filing: '否定报备制',
  substitution: '同岗替代制',
  rating: '好差评',
  conduct: '工作作风',
} as const;
export type ViolationRule = keyof typeof VIOLATION_RULES;

export interface ViolationTypeEntry {
  name: string;
  description: string;
  rule: ViolationRule;
  /** automatic: a rule check records it with its evidence; manual: only an inspector registers it. */
  detection: 'automatic' | 'manual';
}

/**
 * What each violation type means. Typed by ViolationType, so a type added to VIOLATION_TYPES does not
 * compile until it is described here. Every type may also be registered by hand (a spot check or a
 * verified complaint finds what the system could not see); `conduct` is registered by hand only.
 */
export const VIOLATION_CATALOGUE: Record<ViolationType, ViolationTypeEntry> = {
  transfer_not_acknowledged: {
    name: '推诿（转办未确认）',
    description: '首问责任人转给指定人员办理的事项，接收人未在规定工作时限内确认接办（逾时确认同样计入）。',
    rule: 'first_contact',
    detection: 'automatic',
  },
  repeated_notice: {
    name: '违反一次性告知',
    description: '同一办件再次告知时要求了前次告知未列明、且非新增法定要求的材料。',
    rule: 'one_time_notice',
    detection: 'automatic',
  },
  overdue: {
    name: '超期未办结',
    description: '办件超过承诺办结时限仍未办结，且无经领导批准的延期。',
    rule: 'time_limit',
    detection: 'automatic',
  },
  withdrawal_after_warning: {
    name: '预警后撤件',
    description: '办件在临期预警后被撤回，办结时限随之停止计时，可能掩盖即将发生的超期；由纪检监察人员核实撤回是否确系申请人本人意愿。',
    rule: 'time_limit',
    detection: 'automatic',
  },
  rejection_without_filing: {
    name: '否定未报备',
    description: '对申请或咨询作出不予办理的答复，未在半个工作日内进行否定报备。',
    rule: 'rejection_filing',
    detection: 'automatic',
  },
  leader_decision_overdue: {
    name: '否定报备审批超时',
    description: '超出经办人权限的否定事项，审批领导未在规定时限内作出决定。',
    rule: 'rejection_filing',
    detection: 'automatic',
  },
  unattended_window: {
    name: '窗口空岗',
    description: '工作时间内服务窗口 A 岗不在岗，且 B 岗及临时顶岗人员均不在岗。',
    rule: 'substitution',
    detection: 'automatic',
  },
  rating_not_rectified: {
    name: '差评未整改',
    description: '群众差评经核实后，未在规定时限内整改反馈。',
    rule: 'rating',
    detection: 'automatic',
  },
  complaint_overdue: {
    name: '投诉举报超期未答复',
    description: '登记的投诉、举报已指定承办人，承办人未在规定工作日内答复群众。',
    rule: 'time_limit',
    detection: 'automatic',
  },
  conduct: {
    name: '作风问题',
    description: '经核实的服务态度、工作作风问题（如群众投诉态度生硬、刁难群众），由纪检监察人员登记。',
    rule: 'conduct',
    detection: 'manual',
  },
};

export interface ViolationTypeView extends ViolationTypeEntry {
  type: ViolationType;
  code: string;
  ruleName: string;
  /** Every type may be registered by an inspector; see VIOLATION_CATALOGUE. */
  registrableByHand: true;
}

/** The catalogue as the API lists it, in the order of VIOLATION_TYPES. */
export function violationTypes(): ViolationTypeView[] {
  return VIOLATION_TYPE_NAMES.map((type) => ({
    type,
    code: VIOLATION_TYPES[type],
    ...VIOLATION_CATALOGUE[type],
    ruleName: VIOLATION_RULES[VIOLATION_CATALOGUE[type].rule],
    registrableByHand: true,
  }));
}

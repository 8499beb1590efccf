import { VIOLATION_TYPE_NAMES, VIOLATION_TYPES, type ViolationType } from './violations.service.js';

/** The efficiency rules a violation breaks (机关效能建设制度), plus conduct for what no rule check sees. */
export const VIOLATION_RULES = {
  first_contact: '首问负责制',
  one_time_notice: '一次性告知制',
  time_limit: '限时办结制',
  work_standard: '岗位职责与工作标准',
  rejection_filing: '否定报备制',
  substitution: '同岗替代制',
  rating: '好差评',
  conduct: '工作作风',
  ten_prohibitions: '机关效能建设“十不准”',
  work_badge: '持证上岗制度',
} as const;
export type ViolationRule = keyof typeof VIOLATION_RULES;

export interface ViolationTypeEntry {
  name: string;
  description: string;
  rule: ViolationRule;
  /** automatic: a rule check records it with its evidence; manual: only an inspector registers it. */
  detection: 'automatic' | 'manual';
  /** The rule's own words where a type is one article of it (十不准), as the seed text gives them. */
  wording?: string;
}

/**
 * 十不准 as the seed (002, section 11) words them. The seed text breaks off after the sixth article, so
 * only these six are types; the other four are added here once their official wording is at hand.
 */
const prohibition = (article: string, wording: string, description: string): ViolationTypeEntry => ({
  name: `十不准（${article}）：${wording}`,
  description,
  rule: 'ten_prohibitions',
  detection: 'manual',
  wording,
});

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
  internal_task_overdue: {
    name: '内部事务超时未办',
    description: '公文流转、会议纪要等内部事务未在本单位工作标准规定的时限内办结（如一般公文1个工作日、急件4个工作小时、会议纪要半个工作日），计入超时时的持有人。',
    rule: 'work_standard',
    detection: 'automatic',
  },
  conduct: {
    name: '作风问题',
    description: '经核实的服务态度、工作作风问题（如群众投诉态度生硬、刁难群众），由纪检监察人员登记。',
    rule: 'conduct',
    detection: 'manual',
  },
  duplicity: prohibition('一', '不准阳奉阴违、自行其是', '表面服从、背后另搞一套，不执行上级决定和本单位制度，自行其是。'),
  falsification: prohibition('二', '不准弄虚作假、与民争利', '虚报、瞒报工作情况或材料，或利用职务与群众争利。'),
  arbitrariness: prohibition('三', '不准独断专行、软弱放任', '不按集体决策和规定程序办事，或对分管范围内的问题放任不管。'),
  extravagance: prohibition('四', '不准奢侈浪费、挥霍公款', '违规使用公款、公物，铺张浪费。'),
  abuse_of_power: prohibition('五', '不准滥用职权、吃拿卡要', '超越或滥用职权，借办事向服务对象索取、收受财物或故意刁难。'),
  procrastination: prohibition('六', '不准办事拖拉', '办事拖拉、敷衍，无正当理由拖延应当办理的事项。'),
  badge_lent: {
    name: '转借上岗证',
    description: '持证人将上岗证借给他人使用（持证上岗制度第五条）。',
    rule: 'work_badge',
    detection: 'manual',
  },
  badge_missing: {
    name: '未佩戴上岗证',
    description: '工作时间内未佩戴上岗证，或上岗证遗失、损坏未及时报告补办（持证上岗制度第三条）。',
    rule: 'work_badge',
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

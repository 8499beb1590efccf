/** 工作权限: the powers a post may carry (seed 000, 岗位职责的核心要素 4). */
export const POST_AUTHORITIES = ['建议权', '审核权', '审批权', '协调权'] as const;
export type PostAuthority = (typeof POST_AUTHORITIES)[number];

// "负责相关工作", "做好其他工作", "各项事务": a duty that names no task (the seed's own example of what to avoid).
const VAGUE = /^(负责|做好|承担|完成|从事|办理|协助)?(本岗位|本股室|本部门)?的?(相关|有关|其他|其它|各项|日常|一般)的?(工作|事务|事项|业务)等?$/;

/**
 * A duty must name the task (主要工作职责 "清晰、具体"). Returns the index of the first vague entry, or -1.
 * Punctuation and spaces are ignored, so "负责 相关工作。" is as vague as "负责相关工作".
 */
export function firstVagueDuty(duties: readonly string[]): number {
  return duties.findIndex((d) => VAGUE.test(d.replace(/[\s\p{P}]/gu, '')));
}

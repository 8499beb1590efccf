/**
 * 工作标准 (seed 000, 二(一)1 可衡量性): "公文流转时限：一般公文不超过1个工作日，急件不超过4小时；会议记录应在
 * 会议结束后半个工作日内完成并分发". Each unit starts from these and its admin may change or add to them.
 */

export interface StandardDefault {
  kind: string;
  urgent: boolean;
  name: string;
  limitMinutes: (hoursPerDay: number) => number;
}

export const DEFAULT_STANDARDS: StandardDefault[] = [
  { kind: 'document', urgent: false, name: '一般公文流转', limitMinutes: (h) => h * 60 },
  { kind: 'document', urgent: true, name: '急件公文流转', limitMinutes: () => 4 * 60 },
  { kind: 'minutes', urgent: false, name: '会议纪要完成并分发', limitMinutes: (h) => h * 30 },
];

/** At most two months of working days: a limit longer than that is no standard of internal work. */
export const MAX_LIMIT_DAYS = 40;

export const TASK_STATUSES = ['open', 'completed'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TASK_STATUS_LABELS: Record<TaskStatus, string> = { open: '办理中', completed: '已办结' };

/** Who a list is for: the caller's own tasks, their office's (office head), the unit's (leaders, inspectors). */
export const TASK_SCOPES = ['mine', 'office', 'unit'] as const;
export type TaskScope = (typeof TASK_SCOPES)[number];

/** A limit in words, as the standard would say it: 1个工作日, 半个工作日, 4个工作小时, 90个工作分钟. */
export function limitText(minutes: number, hoursPerDay: number): string {
  const day = hoursPerDay * 60;
  if (minutes % day === 0) return `${minutes / day}个工作日`;
  if (minutes * 2 === day) return '半个工作日';
  if (minutes % 60 === 0) return `${minutes / 60}个工作小时`;
  return `${minutes}个工作分钟`;
}

import { oneOf, rowMapper } from '@app/platform';
import { TASK_STATUSES } from './work-standards.js';

export const taskRow = rowMapper('internal_task', {
  id: 'text',
  unit_id: 'text',
  kind: 'text',
  urgent: 'bool',
  title: 'text',
  reference: 'text?',
  standard_id: 'text',
  standard_version: 'int',
  limit_minutes: 'int',
  office_id: 'text?',
  handler_id: 'text',
  created_by: 'text',
  created_at: 'timestamp',
  due_at: 'timestamp',
  status: oneOf(TASK_STATUSES),
  completed_at: 'timestamp?',
  completed_by: 'text?',
  completed_acting_for: 'text?',
  completion_note: 'text?',
  /** The standard's name (joined). */
  standard_name: 'text',
});
export type TaskRow = ReturnType<typeof taskRow>;

export const TASK_SELECT = `SELECT t.*, s.name AS standard_name FROM internal_task t JOIN work_standard_version s ON s.standard_id = t.standard_id AND s.version = t.standard_version`;

export const handoverRow = rowMapper('internal_task_handover', {
  task_id: 'text',
  from_id: 'text',
  to_id: 'text',
  handed_by: 'text',
  acting_for: 'text?',
  handed_at: 'timestamp',
  note: 'text?',
});
export type HandoverRow = ReturnType<typeof handoverRow>;

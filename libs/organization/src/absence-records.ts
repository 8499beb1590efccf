import { DomainError, type Actor } from '@app/core';
import { json, oneOf, readRows, rowMapper } from '@app/platform';
import type { EntityManager } from 'typeorm';
import type { PendingWorkItem } from './pending-work.registry.js';
import { ABSENCE_STATUSES, ABSENCE_TYPES, type AbsenceStatus } from './substitution.dto.js';

export const absenceRow = rowMapper('absence', {
  id: 'text',
  unit_id: 'text',
  staff_id: 'text',
  type: oneOf(ABSENCE_TYPES),
  starts_at: 'timestamp',
  ends_at: 'timestamp',
  reason: 'text',
  stand_in_id: 'text?',
  status: oneOf(ABSENCE_STATUSES),
  requested_by: 'text',
  requested_at: 'timestamp',
  decided_by: 'text?',
  decided_at: 'timestamp?',
  decision_note: 'text?',
  cancelled_by: 'text?',
  cancelled_at: 'timestamp?',
  handover_required: 'bool',
});
export type AbsenceRow = ReturnType<typeof absenceRow>;

export const handoverRow = rowMapper('handover', {
  absence_id: 'text',
  items: json<PendingWorkItem[]>(),
  notes: 'text',
  substitute_id: 'text',
  created_by: 'text',
  created_at: 'timestamp',
  acknowledged_by: 'text?',
  acknowledged_at: 'timestamp?',
});
export type HandoverRow = ReturnType<typeof handoverRow>;

/** An absence still to come or under way: requested or approved (the statuses that may not overlap). */
export const OPEN: AbsenceStatus[] = ['requested', 'approved'];

/** An absence of the actor's unit, locked for a change in the caller's transaction. */
export async function lockAbsence(m: EntityManager, actor: Actor, id: string): Promise<AbsenceRow> {
  const [row] = readRows(absenceRow, await m.query('SELECT * FROM absence WHERE id = $1 FOR UPDATE', [id]));
  if (!row || row.unit_id !== actor.unitId) throw DomainError.notFound('absence', id, 'id');
  return row;
}

export async function handoverOf(m: EntityManager, absenceId: string): Promise<HandoverRow | undefined> {
  const [h] = readRows(handoverRow, await m.query('SELECT * FROM handover WHERE absence_id = $1', [absenceId]));
  return h;
}

/** Only an open absence that is not over yet changes. */
export function checkOpen(row: AbsenceRow, now: Date): void {
  if (!OPEN.includes(row.status)) throw new DomainError('ABSENCE.CLOSED', `this absence is ${row.status}`, 'conflict');
  if (row.ends_at.getTime() <= now.getTime()) throw new DomainError('ABSENCE.OVER', 'this absence is already over', 'conflict');
}

import { DomainError, shanghaiMonthStart, type Actor } from '@app/core';
import { readRows, rowMapper, uniqueOr, type AuditService, type RowMapper } from '@app/platform';
import type { EntityManager } from 'typeorm';
import { PERIOD_PATTERN } from './evaluation.dto.js';

/**
 * The workflow every evaluation follows, of staff and of offices alike: drafted once its period has
 * ended, scored while a draft, graded at review, then published. One place for the steps, so both
 * evaluations refuse the same wrong transitions with the same codes.
 */
export const EVALUATION_STATUSES = ['draft', 'reviewed', 'published'] as const;
export type EvaluationStatus = (typeof EVALUATION_STATUSES)[number];
export type EvaluationStep = 'score' | 'review' | 'publish';

/** The tables that hold an evaluation's header (status and who did each step). */
export type EvaluationTable = 'evaluation' | 'office_evaluation';

/** The period's bounds in Asia/Shanghai: a month (2026-03), a quarter (2026-Q1) or a year (2026). */
export function periodBounds(period: string): { from: Date; to: Date } {
  const m = PERIOD_PATTERN.exec(period)!;
  const year = Number(m[1]);
  const [first, months] = m[2] ? [Number(m[2]), 1] : m[3] ? [(Number(m[3]) - 1) * 3 + 1, 3] : [1, 12];
  return { from: shanghaiMonthStart(year, first), to: shanghaiMonthStart(year, first + months) };
}

/** A period is drafted once it has ended: its bounds, or 422 on `period`. */
export function endedPeriod(period: string, now: Date): { from: Date; to: Date } {
  const bounds = periodBounds(period);
  if (bounds.to.getTime() > now.getTime()) throw new DomainError('EVALUATION.PERIOD_NOT_OVER', 'a period is evaluated once it has ended', 'invalid', 'period');
  return bounds;
}

/** Scoring and review need a draft; publication a reviewed evaluation. A wrong step is 409. */
export function requireStep(status: EvaluationStatus, step: EvaluationStep): void {
  if (step === 'publish') {
    if (status !== 'reviewed') throw new DomainError('EVALUATION.NOT_REVIEWED', 'only a reviewed evaluation is published', 'conflict');
  } else if (status !== 'draft') {
    throw new DomainError('EVALUATION.NOT_DRAFT', `this evaluation is ${status}`, 'conflict');
  }
}

/** The evaluation, locked for a step; another unit's is not found (leaders act in their own unit). */
export async function lockEvaluation<R extends { unit_id: string }>(m: EntityManager, table: EvaluationTable, rows: RowMapper<R>, actor: Actor, id: string): Promise<R> {
  const [ev] = readRows(rows, await m.query(`SELECT * FROM ${table} WHERE id = $1 FOR UPDATE`, [id]));
  if (!ev || ev.unit_id !== actor.unitId) throw DomainError.notFound('evaluation', id, 'id');
  return ev;
}

/** Records a review or a publication: the new status, who and when. */
export async function recordStep(m: EntityManager, table: EvaluationTable, id: string, step: 'review' | 'publish', actor: Actor, at: Date): Promise<void> {
  const status: EvaluationStatus = step === 'review' ? 'reviewed' : 'published';
  await m.query(`UPDATE ${table} SET status = $2, ${status}_by = $3, ${status}_at = $4 WHERE id = $1`, [id, status, actor.id, at]);
}

const idRow = rowMapper('evaluation', { id: 'text' });

/** Opens the draft of a period (one per unit and period: 409 on `period`), with the scheme it is scored by; its id. */
export async function openDraft(m: EntityManager, table: EvaluationTable, actor: Actor, period: string, bounds: { from: Date; to: Date }, scheme: object, at: Date): Promise<string> {
  const [row] = readRows(
    idRow,
    await uniqueOr(
      m.query(
        `INSERT INTO ${table} (unit_id, period, period_from, period_to, scheme, status, drafted_by, drafted_at)
         VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7) RETURNING id`,
        [actor.unitId, period, bounds.from, bounds.to, JSON.stringify(scheme), actor.id, at],
      ),
      { period: ['EVALUATION.PERIOD_TAKEN', 'period'] },
    ),
  );
  return row!.id;
}

/** Stores a unit's scheme (staff or offices) in its table, one row per unit, audited with what it replaced. */
export async function saveScheme(
  m: EntityManager,
  audit: AuditService,
  table: 'evaluation_scheme' | 'office_evaluation_scheme',
  action: string,
  actor: Actor,
  before: object,
  scheme: object,
  at: Date,
): Promise<void> {
  await m.query(
    `INSERT INTO ${table} (unit_id, scheme, updated_by, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (unit_id) DO UPDATE SET scheme = excluded.scheme, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    [actor.unitId, JSON.stringify(scheme), actor.id, at],
  );
  await audit.record(m, { actor, unitId: actor.unitId, action, entity: 'unit', entityId: actor.unitId, before, after: scheme });
}

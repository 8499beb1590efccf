import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, shanghaiDate, type Actor } from '@app/core';
import { DeadlinesService } from '@app/deadlines';
import { AuditService, oneOf, readRows, rowMapper } from '@app/platform';
import { FiguresRollup } from '@app/reports';
import { DataSource, type EntityManager } from 'typeorm';
import type { DecideAppealDto, FileAppealDto, RatingSettingsDto } from './rating-appeal.dto.js';
import { APPEAL_GROUNDS, APPEAL_STATUSES, RATING_LEVELS, type AppealGround, type AppealStatus, type RatingLevel } from './rating-rules.js';
import { rectificationLimit } from './rectifications.service.js';

export interface AppealView {
  id: string;
  rating: { id: string; reference: string; officeId: string | null; staffId: string; level: RatingLevel; ratedAt: string; excluded: boolean };
  ground: AppealGround;
  reason: string;
  filedBy: string;
  filedAt: string;
  status: AppealStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
}

const appealRow = rowMapper('rating_appeal', {
  id: 'text',
  unit_id: 'text',
  rating_id: 'text',
  ground: oneOf(APPEAL_GROUNDS),
  reason: 'text',
  filed_by: 'text',
  filed_at: 'timestamp',
  status: oneOf(APPEAL_STATUSES),
  decided_by: 'text?',
  decided_at: 'timestamp?',
  decision_reason: 'text?',
  reference: 'text',
  office_id: 'text?',
  staff_id: 'text',
  level: oneOf(RATING_LEVELS),
  rated_at: 'timestamp',
});
type AppealRow = ReturnType<typeof appealRow>;
const ratingRow = rowMapper('rating', { id: 'text', office_id: 'text?' });
const officeRow = rowMapper('staff', { office_id: 'text?' });
const rectRow = rowMapper('rectification', { id: 'text' });

const SELECT = `SELECT a.*, g.reference, g.office_id, g.staff_id, g.level, g.rated_at FROM rating_appeal a JOIN rating g ON g.id = a.rating_id`;

function view(r: AppealRow): AppealView {
  return {
    id: r.id,
    rating: { id: r.rating_id, reference: r.reference, officeId: r.office_id, staffId: r.staff_id, level: r.level, ratedAt: r.rated_at.toISOString(), excluded: r.status === 'upheld' },
    ground: r.ground,
    reason: r.reason,
    filedBy: r.filed_by,
    filedAt: r.filed_at.toISOString(),
    status: r.status,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at?.toISOString() ?? null,
    decisionReason: r.decision_reason,
  };
}

/**
 * 好差评申诉: the office rated (its head, or a leader of the unit) appeals a rating as mistaken or
 * malicious, once; an inspector of the unit decides. Upheld, the rating leaves the figures (reports,
 * evaluation) and stays on record unchanged (the database refuses to change a rating), and an open rectification is annulled with its clock stopped.
 */
@Injectable()
export class RatingAppeals {
  private readonly logger = new Logger(RatingAppeals.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly deadlines: DeadlinesService,
    private readonly rollup: FiguresRollup,
  ) {}

  async file(actor: Actor, dto: FileAppealDto): Promise<AppealView> {
    return this.db.transaction(async (m) => {
      const [rating] = readRows(ratingRow, await m.query('SELECT id, office_id FROM rating WHERE id = $1 AND unit_id = $2 FOR UPDATE', [dto.ratingId, actor.unitId]));
      if (!rating) throw new DomainError('RATING.NOT_FOUND', `no rating ${dto.ratingId} in this unit`, 'not_found', 'ratingId');
      if (!actor.roles.includes('leader')) {
        const [me] = readRows(officeRow, await m.query('SELECT office_id FROM staff WHERE id = $1', [actor.id]));
        if (!actor.roles.includes('office_head') || !me?.office_id || me.office_id !== rating.office_id) {
          throw new DomainError('APPEAL.NOT_ALLOWED', 'the head of the office rated, or a leader, appeals a rating', 'forbidden');
        }
      }
      const [{ id } = { id: '' }] = readRows(
        rectRow,
        await m.query(
          `INSERT INTO rating_appeal (unit_id, rating_id, ground, reason, filed_by, filed_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (rating_id) DO NOTHING RETURNING id`,
          [actor.unitId, dto.ratingId, dto.ground, dto.reason, actor.id, this.clock.now()],
        ),
      );
      if (!id) throw new DomainError('APPEAL.ALREADY_FILED', 'this rating has been appealed already', 'conflict', 'ratingId');
      const after = await this.read(m, actor, id);
      await this.audit.record(m, { actor, unitId: actor.unitId, action: 'rating.appeal', entity: 'rating_appeal', entityId: id, after });
      return after;
    });
  }

  async decide(actor: Actor, id: string, dto: DecideAppealDto): Promise<AppealView> {
    const decided = await this.db.transaction(async (m) => {
      const before = await this.read(m, actor, id, true);
      if (before.status !== 'pending') throw new DomainError('APPEAL.ALREADY_DECIDED', 'this appeal is decided already', 'conflict');
      const now = this.clock.now();
      await m.query(`UPDATE rating_appeal SET status = $2, decided_by = $3, decided_at = $4, decision_reason = $5 WHERE id = $1`, [
        id,
        dto.upheld ? 'upheld' : 'rejected',
        actor.id,
        now,
        dto.reason,
      ]);
      if (dto.upheld) {
        const open = readRows(rectRow, await m.query(`UPDATE rectification SET status = 'annulled' WHERE rating_id = $1 AND status = 'open' RETURNING id`, [before.rating.id]));
        for (const r of open) await this.deadlines.stop(m, r.id);
      }
      const after = await this.read(m, actor, id);
      await this.audit.record(m, { actor, unitId: actor.unitId, action: 'rating.appeal.decide', entity: 'rating_appeal', entityId: id, before, after });
      return after;
    });
    if (decided.status === 'upheld') await this.refreshRollup(decided.rating.ratedAt);
    return decided;
  }

  /** The unit's appeals, newest first; an office head's are their office's. */
  async list(actor: Actor): Promise<AppealView[]> {
    let office: string | null = null;
    if (!actor.roles.some((r) => r === 'leader' || r === 'inspector' || r === 'admin')) {
      office = readRows(officeRow, await this.db.query('SELECT office_id FROM staff WHERE id = $1', [actor.id]))[0]?.office_id ?? null;
      if (!office) return [];
    }
    const rows = readRows(appealRow, await this.db.query(`${SELECT} WHERE a.unit_id = $1 AND ($2::uuid IS NULL OR g.office_id = $2) ORDER BY a.filed_at DESC, a.id`, [actor.unitId, office]));
    return rows.map(view);
  }

  async settings(actor: Actor): Promise<{ rectificationWorkingDays: number }> {
    return { rectificationWorkingDays: await rectificationLimit(this.db.manager, actor.unitId) };
  }

  /** The unit's own rectification limit, for ratings from now on; open rectifications keep their due time. */
  async setSettings(actor: Actor, dto: RatingSettingsDto): Promise<{ rectificationWorkingDays: number }> {
    return this.db.transaction(async (m) => {
      const before = { rectificationWorkingDays: await rectificationLimit(m, actor.unitId) };
      await m.query(
        `INSERT INTO rating_setting (unit_id, rectification_working_days, updated_by, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (unit_id) DO UPDATE SET rectification_working_days = $2, updated_by = $3, updated_at = $4`,
        [actor.unitId, dto.rectificationWorkingDays, actor.id, this.clock.now()],
      );
      const after = { rectificationWorkingDays: dto.rectificationWorkingDays };
      await this.audit.record(m, { actor, unitId: actor.unitId, action: 'rating.settings', entity: 'unit', entityId: actor.unitId, before, after });
      return after;
    });
  }

  private async read(m: EntityManager, actor: Actor, id: string, lock = false): Promise<AppealView> {
    const [row] = readRows(appealRow, await m.query(`${SELECT} WHERE a.id = $1 AND a.unit_id = $2${lock ? ' FOR UPDATE OF a' : ''}`, [id, actor.unitId]));
    if (!row) throw DomainError.notFound('appeal', id, 'id');
    return view(row);
  }

  /** A day already rolled up counted the rating: roll it up again. Live reports are right either way. */
  private async refreshRollup(ratedAt: string): Promise<void> {
    const day = shanghaiDate(new Date(ratedAt));
    const next = shanghaiDate(new Date(new Date(ratedAt).getTime() + 86_400_000));
    if ((await this.rollup.rolledDays(day, next)).has(day)) {
      await this.rollup.rollUp(day).catch((e: unknown) => this.logger.error(`re-rolling ${day} after an upheld appeal failed: ${String(e)}`));
    }
  }
}

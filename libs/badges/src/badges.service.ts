import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, type Actor } from '@app/core';
import { PostDepartures, PostsService, type PostDeparture } from '@app/organization';
import { AuditService, oneOf, readRows, rowMapper, StaffDirectory, uniqueOr } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { BADGE_REASONS, BADGE_STATUSES, POLITICAL_STATUSES, secondedLongEnough, type BadgeReason, type BadgeStatus, type PoliticalStatus } from './badge-rules.js';
import type { IssueBadgeDto, WithdrawBadgeDto } from './badge.dto.js';

export interface BadgeView {
  id: string;
  unitId: string;
  staffId: string;
  postId: string | null;
  number: string;
  holderName: string;
  unitName: string;
  officeName: string | null;
  position: string;
  politicalStatus: PoliticalStatus;
  reason: BadgeReason;
  secondedFrom: string | null;
  secondedUntil: string | null;
  status: BadgeStatus;
  issuedBy: string;
  issuedAt: string;
  withdrawnBy: string | null;
  withdrawnAt: string | null;
  withdrawalReason: string | null;
}

const badgeRow = rowMapper('badge', {
  id: 'text',
  unit_id: 'text',
  staff_id: 'text',
  post_id: 'text?',
  number: 'text',
  holder_name: 'text',
  unit_name: 'text',
  office_name: 'text?',
  position: 'text',
  political_status: oneOf(POLITICAL_STATUSES),
  reason: oneOf(BADGE_REASONS),
  seconded_from: 'text?',
  seconded_until: 'text?',
  status: oneOf(BADGE_STATUSES),
  issued_by: 'text',
  issued_at: 'timestamp',
  withdrawn_by: 'text?',
  withdrawn_at: 'timestamp?',
  withdrawal_reason: 'text?',
});
type BadgeRow = ReturnType<typeof badgeRow>;

// Dates as text, so a calendar date never shifts with the session's time zone.
const COLUMNS = `id, unit_id, staff_id, post_id, number, holder_name, unit_name, office_name, position, political_status, reason,
  seconded_from::text, seconded_until::text, status, issued_by, issued_at, withdrawn_by, withdrawn_at, withdrawal_reason`;

const DEPARTURE_REASONS: Record<PostDeparture['reason'], string> = {
  deactivated: '持证人离职（账号停用），上岗证收回',
  post_changed: '持证人调离岗位，上岗证收回',
};

function view(r: BadgeRow): BadgeView {
  return {
    id: r.id,
    unitId: r.unit_id,
    staffId: r.staff_id,
    postId: r.post_id,
    number: r.number,
    holderName: r.holder_name,
    unitName: r.unit_name,
    officeName: r.office_name,
    position: r.position,
    politicalStatus: r.political_status,
    reason: r.reason,
    secondedFrom: r.seconded_from,
    secondedUntil: r.seconded_until,
    status: r.status,
    issuedBy: r.issued_by,
    issuedAt: r.issued_at.toISOString(),
    withdrawnBy: r.withdrawn_by,
    withdrawnAt: r.withdrawn_at?.toISOString() ?? null,
    withdrawalReason: r.withdrawal_reason,
  };
}

/**
 * 持证上岗: work badges. An admin issues them in the unit, an office head to their own office's staff;
 * a badge is withdrawn when its holder leaves the post (organization tells us, in its transaction).
 */
@Injectable()
export class BadgesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly directory: StaffDirectory,
    private readonly posts: PostsService,
    departures: PostDepartures,
  ) {
    departures.register((m, d) => this.withdrawOnDeparture(m, d));
  }

  async issue(actor: Actor, dto: IssueBadgeDto): Promise<BadgeView> {
    if (dto.reason === 'seconded') {
      if (!dto.secondedFrom) throw new DomainError('BADGE.SECONDMENT_DATES', 'a seconded member of staff needs the first and last day of the secondment', 'invalid', 'secondedFrom');
      if (!dto.secondedUntil) throw new DomainError('BADGE.SECONDMENT_DATES', 'a seconded member of staff needs the first and last day of the secondment', 'invalid', 'secondedUntil');
      if (!secondedLongEnough(dto.secondedFrom, dto.secondedUntil)) {
        throw new DomainError('BADGE.SECONDMENT_TOO_SHORT', 'a badge is issued to staff seconded for more than six months (借用期半年以上)', 'invalid', 'secondedUntil');
      }
    } else if (dto.secondedFrom || dto.secondedUntil) {
      throw new DomainError('BADGE.NOT_SECONDED', 'secondment dates belong to the reason seconded', 'invalid', dto.secondedFrom ? 'secondedFrom' : 'secondedUntil');
    }
    const holder = (await this.directory.staff([dto.staffId])).get(dto.staffId);
    if (!holder || holder.unitId !== actor.unitId || !holder.active) throw new DomainError('BADGE.NO_SUCH_STAFF', `no active staff ${dto.staffId} in this unit`, 'invalid', 'staffId');
    await this.checkIssuer(actor, holder.officeId);
    let position = dto.position;
    if (dto.postId) {
      const post = (await this.posts.list(actor)).find((p) => p.id === dto.postId && p.active);
      if (!post || post.holder.id !== dto.staffId) throw new DomainError('BADGE.NOT_THE_HOLDER', 'the post must be an active post the badge holder holds', 'invalid', 'postId');
      position ??= post.name;
    }
    if (!position) throw new DomainError('BADGE.NO_POSITION', 'give the position (职务) or the post it comes from', 'invalid', 'position');
    const [unit, office] = await Promise.all([
      this.directory.units([actor.unitId]).then((u) => u.get(actor.unitId)!),
      holder.officeId ? this.directory.offices([holder.officeId]).then((o) => o.get(holder.officeId!) ?? null) : null,
    ]);
    return this.db.transaction(async (m) => {
      const [held] = readRows(badgeRow, await m.query(`SELECT ${COLUMNS} FROM badge WHERE staff_id = $1 AND status = 'issued'`, [dto.staffId]));
      if (held) throw new DomainError('BADGE.ALREADY_ISSUED', 'this member of staff holds a valid badge: withdraw it first', 'conflict', 'staffId', { badgeId: held.id });
      const [row] = readRows(
        badgeRow,
        await uniqueOr(
          m.query(
            `INSERT INTO badge (unit_id, staff_id, post_id, number, holder_name, unit_name, office_name, position, political_status, reason, seconded_from, seconded_until, issued_by, issued_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING ${COLUMNS}`,
            [actor.unitId, dto.staffId, dto.postId ?? null, dto.number, holder.name, unit.name, office?.name ?? null, position, dto.politicalStatus, dto.reason,
              dto.secondedFrom ?? null, dto.secondedUntil ?? null, actor.id, this.clock.now()],
          ),
          { number: ['BADGE.NUMBER_TAKEN', 'number'], staff_id: ['BADGE.ALREADY_ISSUED', 'staffId'] },
        ),
      );
      const after = view(row!);
      await this.audit.record(m, { actor, unitId: actor.unitId, action: 'badge.issue', entity: 'badge', entityId: after.id, after });
      return after;
    });
  }

  /** Takes a badge back by hand (lost, handed in), with the reason. */
  async withdraw(actor: Actor, id: string, dto: WithdrawBadgeDto): Promise<BadgeView> {
    return this.db.transaction(async (m) => {
      const row = await this.locked(m, actor, id);
      await this.checkIssuer(actor, (await this.directory.staff([row.staff_id], m)).get(row.staff_id)?.officeId ?? null);
      if (row.status === 'withdrawn') throw new DomainError('BADGE.WITHDRAWN', 'this badge is withdrawn already', 'conflict');
      return this.withdrawRow(m, actor, row, dto.reason);
    });
  }

  /** The caller's own badges, the valid one first. */
  async mine(actor: Actor): Promise<BadgeView[]> {
    return readRows(badgeRow, await this.db.query(`SELECT ${COLUMNS} FROM badge WHERE staff_id = $1 ORDER BY status, issued_at DESC`, [actor.id])).map(view);
  }

  /** The unit's badges; an office head's are their office's staff. */
  async list(actor: Actor, status?: BadgeStatus): Promise<BadgeView[]> {
    const office = this.readsUnit(actor) ? null : await this.ownOffice(actor);
    const rows = readRows(
      badgeRow,
      await this.db.query(
        `SELECT ${COLUMNS} FROM badge b WHERE unit_id = $1 AND ($2::text IS NULL OR status = $2)
            AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM staff s WHERE s.id = b.staff_id AND s.office_id = $3)) ORDER BY status, number`,
        [actor.unitId, status ?? null, office],
      ),
    );
    return rows.map(view);
  }

  /** One badge: its holder, the unit's admin, leaders and inspectors, or the holder's office head. */
  async get(actor: Actor, id: string): Promise<BadgeView> {
    const [row] = readRows(badgeRow, await this.db.query(`SELECT ${COLUMNS} FROM badge WHERE id = $1 AND unit_id = $2`, [id, actor.unitId]));
    if (!row) throw DomainError.notFound('badge', id, 'id');
    if (row.staff_id === actor.id || this.readsUnit(actor)) return view(row);
    const holderOffice = (await this.directory.staff([row.staff_id])).get(row.staff_id)?.officeId;
    if (actor.roles.includes('office_head') && holderOffice && holderOffice === (await this.ownOffice(actor))) return view(row);
    throw new DomainError('BADGE.NOT_YOURS', 'a badge is read by its holder and those who manage or oversee them', 'forbidden');
  }

  /** A valid badge, for printing: a withdrawn card is not printed again. */
  async printable(actor: Actor, id: string): Promise<BadgeView> {
    const badge = await this.get(actor, id);
    if (badge.status === 'withdrawn') throw new DomainError('BADGE.WITHDRAWN', 'a withdrawn badge is not printed', 'conflict');
    return badge;
  }

  private async withdrawOnDeparture(m: EntityManager, d: PostDeparture): Promise<void> {
    const rows = readRows(
      badgeRow,
      await m.query(`SELECT ${COLUMNS} FROM badge WHERE staff_id = $1 AND status = 'issued' AND ($2::uuid IS NULL OR post_id = $2) FOR UPDATE`, [d.staffId, d.postId]),
    );
    for (const row of rows) await this.withdrawRow(m, null, row, DEPARTURE_REASONS[d.reason]);
  }

  private async withdrawRow(m: EntityManager, actor: Actor | null, row: BadgeRow, reason: string): Promise<BadgeView> {
    const [updated] = readRows(
      badgeRow,
      await m.query(
        `UPDATE badge SET status = 'withdrawn', withdrawn_by = $2, withdrawn_at = $3, withdrawal_reason = $4 WHERE id = $1 RETURNING ${COLUMNS}`,
        [row.id, actor?.id ?? null, this.clock.now(), reason],
      ),
    );
    const after = view(updated!);
    await this.audit.record(m, { actor, unitId: row.unit_id, action: 'badge.withdraw', entity: 'badge', entityId: row.id, before: view(row), after });
    return after;
  }

  private async locked(m: EntityManager, actor: Actor, id: string): Promise<BadgeRow> {
    const [row] = readRows(badgeRow, await m.query(`SELECT ${COLUMNS} FROM badge WHERE id = $1 AND unit_id = $2 FOR UPDATE`, [id, actor.unitId]));
    if (!row) throw DomainError.notFound('badge', id, 'id');
    return row;
  }

  /** An admin issues and withdraws in the unit, an office head for the staff of their own office. */
  private async checkIssuer(actor: Actor, holderOffice: string | null): Promise<void> {
    if (actor.roles.includes('admin')) return;
    if (actor.roles.includes('office_head') && holderOffice && holderOffice === (await this.ownOffice(actor))) return;
    throw new DomainError('BADGE.NOT_ALLOWED', 'only an admin, or the head of the holder’s office, issues and withdraws badges', 'forbidden');
  }

  private readsUnit(actor: Actor): boolean {
    return actor.roles.some((r) => r === 'admin' || r === 'leader' || r === 'inspector');
  }

  private async ownOffice(actor: Actor): Promise<string | null> {
    return (await this.directory.staff([actor.id])).get(actor.id)?.officeId ?? null;
  }
}

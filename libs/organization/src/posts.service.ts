import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, type Actor } from '@app/core';
import { AuditService, oneOf, readRows, rowMapper, uniqueOr } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { PostDepartures } from './post-departures.registry.js';
import { people, type PersonRow } from './staff-rows.js';
import { POST_KINDS, type CreatePostDto, type PostKind, type UpdatePostDto } from './substitution.dto.js';

export interface PostView {
  id: string;
  unitId: string;
  officeId: string | null;
  name: string;
  kind: PostKind;
  window: boolean;
  holder: { id: string; name: string; badgeNo: string };
  substitute: { id: string; name: string; badgeNo: string; active: boolean } | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

const postRow = rowMapper('post', {
  id: 'text',
  unit_id: 'text',
  office_id: 'text?',
  name: 'text',
  kind: oneOf(POST_KINDS),
  is_window: 'bool',
  holder_id: 'text',
  substitute_id: 'text?',
  active: 'bool',
  created_at: 'timestamp',
  updated_at: 'timestamp',
});
type PostRow = ReturnType<typeof postRow>;

const officeRow = rowMapper('office', { id: 'text' });
const myOfficeRow = rowMapper('staff', { office_id: 'text?' });

const POST_UNIQUE = { holder_id: ['POST.HOLDER_HAS_POST', 'holderId'] as [string, string] };

/** Posts (岗位) with their A (holder) and B (substitute), managed by admins, office heads and principals. */
@Injectable()
export class PostsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly departures: PostDepartures,
  ) {}

  async create(actor: Actor, dto: CreatePostDto): Promise<PostView> {
    const window = dto.window ?? false;
    this.checkShape(dto.kind, dto.officeId ?? null, window, 'officeId');
    return this.db.transaction(async (m) => {
      if (dto.officeId) await this.checkOffice(m, actor.unitId, dto.officeId);
      await this.checkManager(m, actor, { kind: dto.kind, officeId: dto.officeId ?? null, holderId: dto.holderId });
      await this.checkPeople(m, actor.unitId, { kind: dto.kind, officeId: dto.officeId ?? null, holderId: dto.holderId, substituteId: dto.substituteId });
      const now = this.clock.now();
      const [row] = readRows(
        postRow,
        await uniqueOr(
          m.query(
            `INSERT INTO post (unit_id, office_id, name, kind, is_window, holder_id, substitute_id, active, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, true, $8, $8) RETURNING *`,
            [actor.unitId, dto.officeId ?? null, dto.name, dto.kind, window, dto.holderId, dto.substituteId, now],
          ),
          POST_UNIQUE,
        ),
      );
      const [view] = await this.present(m, [row!]);
      await this.audit.record(m, { actor, unitId: actor.unitId, action: 'post.create', entity: 'post', entityId: row!.id, after: view });
      return view!;
    });
  }

  async update(actor: Actor, id: string, dto: UpdatePostDto): Promise<PostView> {
    if (Object.values(dto).every((v) => v === undefined)) {
      throw new DomainError('POST.NOTHING_TO_CHANGE', 'give at least one field to change', 'invalid', '(body)');
    }
    return this.db.transaction(async (m) => {
      const [row] = readRows(postRow, await m.query('SELECT * FROM post WHERE id = $1 AND unit_id = $2 FOR UPDATE', [id, actor.unitId]));
      if (!row) throw DomainError.notFound('post', id, 'id');
      await this.checkManager(m, actor, { kind: row.kind, officeId: row.office_id, holderId: row.holder_id });
      const next = {
        name: dto.name ?? row.name,
        holderId: dto.holderId ?? row.holder_id,
        substituteId: dto.substituteId ?? row.substitute_id,
        window: dto.window ?? row.is_window,
        active: dto.active ?? row.active,
      };
      this.checkShape(row.kind, row.office_id, next.window, 'officeId');
      if (next.active && (dto.holderId !== undefined || dto.substituteId !== undefined || (dto.active && !row.active))) {
        await this.checkPeople(m, actor.unitId, { kind: row.kind, officeId: row.office_id, holderId: next.holderId, substituteId: next.substituteId }, dto);
      }
      const [before] = await this.present(m, [row]);
      const [updated] = readRows(
        postRow,
        await uniqueOr(
          m.query(
            `UPDATE post SET name = $2, holder_id = $3, substitute_id = $4, is_window = $5, active = $6, updated_at = $7 WHERE id = $1 RETURNING *`,
            [id, next.name, next.holderId, next.substituteId, next.window, next.active, this.clock.now()],
          ),
          POST_UNIQUE,
        ),
      );
      const [after] = await this.present(m, [updated!]);
      if (row.active && (!next.active || next.holderId !== row.holder_id)) await this.departures.notify(m, { staffId: row.holder_id, postId: id, reason: 'post_changed' });
      await this.audit.record(m, { actor, unitId: actor.unitId, action: 'post.update', entity: 'post', entityId: id, before, after });
      return after!;
    });
  }

  async list(actor: Actor, officeId?: string): Promise<PostView[]> {
    const rows = readRows(
      postRow,
      await this.db.query(`SELECT * FROM post WHERE unit_id = $1 AND ($2::uuid IS NULL OR office_id = $2) ORDER BY active DESC, kind DESC, name, id`, [
        actor.unitId,
        officeId ?? null,
      ]),
    );
    return this.present(this.db.manager, rows);
  }

  /** A staff post belongs to an office; a leader post does not, and is never a window. */
  private checkShape(kind: PostKind, officeId: string | null, window: boolean, officeField: string): void {
    if (kind === 'staff' && !officeId) {
      throw new DomainError('POST.OFFICE_REQUIRED', 'a staff post belongs to an office', 'invalid', officeField);
    }
    if (kind === 'leader' && officeId) {
      throw new DomainError('POST.LEADER_POST_HAS_NO_OFFICE', 'a leader post belongs to the unit, not to an office', 'invalid', officeField);
    }
    if (kind === 'leader' && window) {
      throw new DomainError('POST.WINDOW_STAFF_ONLY', 'only a staff post can be a service window', 'invalid', 'window');
    }
  }

  private async checkOffice(m: EntityManager, unitId: string, officeId: string): Promise<void> {
    const [office] = readRows(officeRow, await m.query('SELECT id FROM office WHERE id = $1 AND unit_id = $2', [officeId, unitId]));
    if (!office) throw new DomainError('POST.UNKNOWN_OFFICE', `no office ${officeId} in this unit`, 'invalid', 'officeId');
  }

  /**
   * Admins manage every post; an office head the staff posts of their office; a principal (a leader who
   * holds a leader post) names their own deputy.
   */
  private async checkManager(m: EntityManager, actor: Actor, post: { kind: PostKind; officeId: string | null; holderId: string }): Promise<void> {
    if (actor.roles.includes('admin')) return;
    if (post.kind === 'staff' && actor.roles.includes('office_head')) {
      const [me] = readRows(myOfficeRow, await m.query('SELECT office_id FROM staff WHERE id = $1', [actor.id]));
      if (me?.office_id && me.office_id === post.officeId) return;
    }
    if (post.kind === 'leader' && actor.roles.includes('leader') && post.holderId === actor.id) return;
    throw new DomainError(
      'POST.NOT_ALLOWED',
      post.kind === 'staff' ? 'only an admin or the head of that office manages its posts' : 'only an admin or the principal manages a leader post',
      'forbidden',
    );
  }

  /**
   * The holder and the substitute are two active staff members of this unit; a staff post's holder works
   * in its office; both sides of a leader post are leaders.
   */
  private async checkPeople(
    m: EntityManager,
    unitId: string,
    post: { kind: PostKind; officeId: string | null; holderId: string; substituteId: string | null },
    given: Partial<Record<'holderId' | 'substituteId', unknown>> = { holderId: true, substituteId: true },
  ): Promise<void> {
    const ids = [post.holderId, post.substituteId].filter((x): x is string => !!x);
    const found = await people(m, ids);
    const check = (id: string, field: 'holderId' | 'substituteId'): PersonRow => {
      const p = found[ids.indexOf(id)];
      if (!p) throw new DomainError('POST.UNKNOWN_STAFF', `no staff member ${id}`, 'invalid', field);
      if (p.unit_id !== unitId) throw new DomainError('POST.OTHER_UNIT', `${p.name} works in another unit`, 'invalid', field);
      if (!p.active) throw new DomainError('POST.STAFF_INACTIVE', `${p.name} is no longer active`, 'invalid', field);
      if (post.kind === 'leader' && !p.roles.includes('leader')) {
        throw new DomainError('POST.LEADER_REQUIRED', 'both the principal and the deputy of a leader post are leaders', 'invalid', field);
      }
      return p;
    };
    if (post.substituteId === post.holderId) {
      throw new DomainError('POST.SUBSTITUTE_IS_HOLDER', 'the substitute (B) is someone other than the holder (A)', 'invalid', given.substituteId !== undefined ? 'substituteId' : 'holderId');
    }
    const holder = check(post.holderId, 'holderId');
    if (post.kind === 'staff' && holder.office_id !== post.officeId) {
      throw new DomainError('POST.HOLDER_NOT_IN_OFFICE', `${holder.name} does not work in this post's office`, 'invalid', 'holderId');
    }
    if (post.substituteId) check(post.substituteId, 'substituteId');
  }

  private async present(m: EntityManager, rows: PostRow[]): Promise<PostView[]> {
    const ids = [...new Set(rows.flatMap((r) => [r.holder_id, r.substitute_id].filter((x): x is string => !!x)))];
    const named = ids.length ? await people(m, ids) : [];
    const byId = new Map(named.filter((p): p is PersonRow => !!p).map((p) => [p.id, p]));
    const ref = (id: string) => ({ id, name: byId.get(id)?.name ?? '', badgeNo: byId.get(id)?.badge_no ?? '' });
    return rows.map((r) => ({
      id: r.id,
      unitId: r.unit_id,
      officeId: r.office_id,
      name: r.name,
      kind: r.kind,
      window: r.is_window,
      holder: ref(r.holder_id),
      substitute: r.substitute_id ? { ...ref(r.substitute_id), active: byId.get(r.substitute_id)?.active ?? false } : null,
      active: r.active,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
    }));
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ROLES, type Actor } from '@app/core';
import { nullable, oneOf, readRows, rowMapper, subsetOf } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { POST_KINDS } from './substitution.dto.js';

/** Who acts for a staff member at a moment (同岗替代制). */
export interface Routed {
  staffId: string;
  /** The absent staff member stood in for; null when `staffId` acts for themselves. */
  actingFor: string | null;
  via: 'self' | 'substitute' | 'office_head' | 'leader';
}

export interface UncoveredWindow {
  postId: string;
  unitId: string;
  officeId: string | null;
  holderId: string;
  /** The colleague the holder named to attend the window during this absence, if any. */
  standInId: string | null;
  postName: string;
}

interface PersonRef {
  id: string;
  name: string;
  badgeNo: string;
}

export interface CoverageEntry {
  post: { id: string; name: string; kind: 'staff' | 'leader'; officeId: string | null };
  holder: PersonRef & { present: boolean };
  substitute: (PersonRef & { present: boolean; active: boolean }) | null;
  coveredBy: (PersonRef & { staffId: string; as: 'holder' | 'stand_in' | 'substitute' | 'office_head' | 'leader' }) | null;
  window: boolean;
}

/** Someone who may act for an absent staff member, in the order they are asked. */
export interface Candidate {
  id: string;
  via: 'substitute' | 'office_head' | 'leader';
}

const awayRow = rowMapper('absence', { staff_id: 'text' });
const holderRow = rowMapper('staff and post', {
  id: 'text',
  unit_id: 'text',
  office_id: 'text?',
  post_kind: nullable(oneOf(POST_KINDS)),
  post_office_id: 'text?',
  substitute_id: 'text?',
});
const colleagueRow = rowMapper('staff', { id: 'text', roles: subsetOf(ROLES), office_id: 'text?' });
const uncoveredRow = rowMapper('post', { id: 'text', unit_id: 'text', office_id: 'text?', holder_id: 'text', stand_in_id: 'text?', name: 'text' });
const attendedPostRow = rowMapper('post', {
  id: 'text',
  name: 'text',
  kind: oneOf(POST_KINDS),
  office_id: 'text?',
  is_window: 'bool',
  holder_id: 'text',
  substitute_id: 'text?',
  stand_in_id: 'text?',
});
const personRefRow = rowMapper('staff', { id: 'text', name: 'text', badge_no: 'text', active: 'bool' });

/**
 * 同岗替代制: no post is ever left without someone to act. Work, alerts and window duty of a staff member
 * away go to their post's substitute (B), else their office head, else a leader of the unit.
 */
@Injectable()
export class SubstitutionService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Who acts for `staffId` at `at`: themselves unless an approved absence covers `at`; then the first
   * present of their post's substitute (a leader post's deputy), an office head of their office, a leader.
   * When nobody is present, themselves. Runs every query through `m` (the caller's transaction).
   */
  async route(m: EntityManager, staffId: string, at: Date): Promise<Routed> {
    const self: Routed = { staffId, actingFor: null, via: 'self' };
    if (!(await this.absentAt(m, [staffId], at)).has(staffId)) return self;
    const candidates = await this.candidates(m, staffId);
    const absent = await this.absentAt(
      m,
      candidates.map((c) => c.id),
      at,
    );
    const first = candidates.find((c) => !absent.has(c.id));
    return first ? { staffId: first.id, actingFor: staffId, via: first.via } : self;
  }

  /** Those of `staffIds` whom an approved absence keeps away at `at`. */
  async absentAt(m: EntityManager, staffIds: string[], at: Date): Promise<Set<string>> {
    if (staffIds.length === 0) return new Set();
    const rows = readRows(
      awayRow,
      await m.query(
        `SELECT DISTINCT staff_id FROM absence
          WHERE staff_id = ANY ($1::uuid[]) AND status = 'approved' AND starts_at <= $2 AND ends_at > $2`,
        [[...new Set(staffIds)], at],
      ),
    );
    return new Set(rows.map((r) => r.staff_id));
  }

  /**
   * The active colleagues who may act for `staffId`, in order, presence not considered: the substitute of
   * their active post, then (except for a leader post) the office heads of their office, then the leaders
   * of the unit; never `staffId` itself.
   */
  async candidates(m: EntityManager, staffId: string): Promise<Candidate[]> {
    const [holder] = readRows(
      holderRow,
      await m.query(
        `SELECT s.id, s.unit_id, s.office_id, p.kind AS post_kind, p.office_id AS post_office_id, p.substitute_id
           FROM staff s LEFT JOIN post p ON p.holder_id = s.id AND p.active
          WHERE s.id = $1`,
        [staffId],
      ),
    );
    if (!holder) return [];
    const officeId = holder.post_kind === 'leader' ? null : (holder.post_office_id ?? holder.office_id);
    const rows = readRows(
      colleagueRow,
      await m.query(
        `SELECT id, roles, office_id FROM staff
          WHERE unit_id = $1 AND active AND id <> $2
            AND (id = $3 OR 'leader' = ANY (roles) OR ($4::uuid IS NOT NULL AND office_id = $4 AND 'office_head' = ANY (roles)))
          ORDER BY badge_no`,
        [holder.unit_id, staffId, holder.substitute_id, officeId],
      ),
    );
    const out: Candidate[] = [];
    const substitute = rows.find((r) => r.id === holder.substitute_id);
    if (substitute) out.push({ id: substitute.id, via: 'substitute' });
    for (const r of rows) if (officeId && r.office_id === officeId && r.roles.includes('office_head')) out.push({ id: r.id, via: 'office_head' });
    for (const r of rows) if (r.roles.includes('leader')) out.push({ id: r.id, via: 'leader' });
    const seen = new Set<string>();
    return out.filter((c) => !seen.has(c.id) && seen.add(c.id));
  }

  /**
   * Window posts nobody attends at `at`: the holder is away, the stand-in named for that absence (if any)
   * is away or inactive, and the substitute is away, inactive or missing.
   */
  async uncoveredWindows(at: Date): Promise<UncoveredWindow[]> {
    const rows = readRows(
      uncoveredRow,
      await this.db.query(
        `SELECT p.id, p.unit_id, p.office_id, p.holder_id, a.stand_in_id, p.name
         FROM post p
         JOIN absence a ON a.staff_id = p.holder_id AND a.status = 'approved' AND a.starts_at <= $1 AND a.ends_at > $1
        WHERE p.active AND p.is_window
          AND NOT EXISTS (
            SELECT 1 FROM staff s
             WHERE s.id IN (a.stand_in_id, p.substitute_id) AND s.active
               AND NOT EXISTS (SELECT 1 FROM absence x WHERE x.staff_id = s.id AND x.status = 'approved' AND x.starts_at <= $1 AND x.ends_at > $1))
        ORDER BY p.unit_id, p.name, p.id`,
        [at],
      ),
    );
    return rows.map((r) => ({ postId: r.id, unitId: r.unit_id, officeId: r.office_id, holderId: r.holder_id, standInId: r.stand_in_id, postName: r.name }));
  }

  /**
   * Who attends each active post of the caller's unit at `at`. A window is attended by its holder, the
   * stand-in named for the holder's absence, or the substitute, or by nobody; any other post, as work is
   * routed, falls back to an office head or a leader.
   */
  async coverage(actor: Actor, at: Date): Promise<CoverageEntry[]> {
    const m = this.db.manager;
    const posts = readRows(
      attendedPostRow,
      await m.query(
        `SELECT p.id, p.name, p.kind, p.office_id, p.is_window, p.holder_id, p.substitute_id,
              a.stand_in_id
         FROM post p
         LEFT JOIN absence a ON a.staff_id = p.holder_id AND a.status = 'approved' AND a.starts_at <= $2 AND a.ends_at > $2
        WHERE p.unit_id = $1 AND p.active
        ORDER BY p.kind DESC, p.name, p.id`,
        [actor.unitId, at],
      ),
    );
    const people = new Map<string, PersonRef & { active: boolean }>();
    const lookUp = async (ids: string[]) => {
      const wanted = [...new Set(ids)].filter((id) => !people.has(id));
      if (wanted.length === 0) return;
      const rows = readRows(personRefRow, await m.query(`SELECT id, name, badge_no, active FROM staff WHERE id = ANY ($1::uuid[])`, [wanted]));
      for (const r of rows) people.set(r.id, { id: r.id, name: r.name, badgeNo: r.badge_no, active: r.active });
    };
    const named = posts.flatMap((p) => [p.holder_id, p.substitute_id, p.stand_in_id].filter((x): x is string => !!x));
    await lookUp(named);
    const absent = await this.absentAt(m, named, at);
    const ref = (id: string): PersonRef => {
      const p = people.get(id);
      return { id, name: p?.name ?? '', badgeNo: p?.badgeNo ?? '' };
    };
    const presentAndActive = (id: string | null): id is string => !!id && !!people.get(id)?.active && !absent.has(id);

    const out: CoverageEntry[] = [];
    for (const p of posts) {
      let coveredBy: CoverageEntry['coveredBy'] = null;
      const by = (id: string, as: NonNullable<CoverageEntry['coveredBy']>['as']) => ({ staffId: id, ...ref(id), as });
      if (!absent.has(p.holder_id)) coveredBy = by(p.holder_id, 'holder');
      else if (presentAndActive(p.stand_in_id)) coveredBy = by(p.stand_in_id, 'stand_in');
      else if (presentAndActive(p.substitute_id)) coveredBy = by(p.substitute_id, 'substitute');
      else if (!p.is_window) {
        const routed = await this.route(m, p.holder_id, at);
        if (routed.via !== 'self') {
          await lookUp([routed.staffId]);
          coveredBy = by(routed.staffId, routed.via);
        }
      }
      const substitute = p.substitute_id ? people.get(p.substitute_id) : undefined;
      out.push({
        post: { id: p.id, name: p.name, kind: p.kind, officeId: p.office_id },
        holder: { ...ref(p.holder_id), present: !absent.has(p.holder_id) },
        substitute: substitute
          ? { ...ref(substitute.id), present: !absent.has(substitute.id), active: substitute.active }
          : null,
        coveredBy,
        window: p.is_window,
      });
    }
    return out;
  }
}

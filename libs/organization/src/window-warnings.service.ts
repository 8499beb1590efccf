import { Injectable } from '@nestjs/common';
import type { WorkingCalendar } from '@app/calendar';
import { Clock } from '@app/core';
import { readRows, rowMapper } from '@app/platform';
import type { EntityManager } from 'typeorm';
import { overlap } from './absence-rules.js';
import { OPEN, type AbsenceRow } from './absence-records.js';

/** Approving the absence would leave a service window with nobody present for this stretch. */
export interface WindowWarning {
  code: 'WINDOW_UNCOVERED';
  postId: string;
  postName: string;
  holderId: string;
  from: string;
  to: string;
  message: string;
}

const ownWindowRow = rowMapper('post', { id: 'text', name: 'text', substitute_id: 'text?', substitute_active: 'bool?', substitute_name: 'text?' });
const awayRow = rowMapper('absence', { starts_at: 'timestamp', ends_at: 'timestamp' });
const coveredWindowRow = rowMapper('post', { id: 'text', name: 'text', holder_id: 'text', holder_name: 'text', starts_at: 'timestamp', ends_at: 'timestamp' });

/**
 * 同岗替代制: a window is never left unattended. Before an absence is decided, the windows it would leave
 * with nobody present: the absentee's own window when no stand-in is named and the substitute is missing
 * or away too, windows the absentee is the substitute of whose holder is away at the same time with
 * no stand-in, and windows the absentee was named to attend as a stand-in (the window would be theirs to
 * answer for). Only stretches that fall in working hours count.
 */
@Injectable()
export class WindowWarnings {
  constructor(private readonly clock: Clock) {}

  async of(m: EntityManager, row: AbsenceRow, calendar: WorkingCalendar): Promise<WindowWarning[]> {
    if (!OPEN.includes(row.status) || row.ends_at.getTime() <= this.clock.now().getTime()) return [];
    const period = { from: row.starts_at, to: row.ends_at };
    const gaps: Array<{ postId: string; postName: string; holderId: string; from: Date; to: Date; why: string }> = [];
    if (!row.stand_in_id) {
      const own = readRows(
        ownWindowRow,
        await m.query(
          `SELECT p.id, p.name, p.substitute_id, s.active AS substitute_active, s.name AS substitute_name
             FROM post p LEFT JOIN staff s ON s.id = p.substitute_id
            WHERE p.holder_id = $1 AND p.active AND p.is_window`,
          [row.staff_id],
        ),
      );
      for (const p of own) {
        if (!p.substitute_id || !p.substitute_active) {
          gaps.push({ postId: p.id, postName: p.name, holderId: row.staff_id, ...period, why: 'the post has no active substitute' });
          continue;
        }
        const away = readRows(
          awayRow,
          await m.query(
            `SELECT starts_at, ends_at FROM absence WHERE staff_id = $1 AND status = ANY ($4) AND starts_at < $3 AND ends_at > $2 ORDER BY starts_at`,
            [p.substitute_id, row.starts_at, row.ends_at, OPEN],
          ),
        );
        for (const a of away) {
          const gap = overlap(period, { from: a.starts_at, to: a.ends_at });
          if (gap) gaps.push({ postId: p.id, postName: p.name, holderId: row.staff_id, ...gap, why: `the substitute ${p.substitute_name} is away too` });
        }
      }
    }
    const covering = readRows(
      coveredWindowRow,
      await m.query(
        `SELECT p.id, p.name, p.holder_id, h.name AS holder_name, a.starts_at, a.ends_at
           FROM post p JOIN staff h ON h.id = p.holder_id
           JOIN absence a ON a.staff_id = p.holder_id AND a.status = ANY ($4) AND a.stand_in_id IS NULL AND a.starts_at < $3 AND a.ends_at > $2
          WHERE p.substitute_id = $1 AND p.active AND p.is_window
          ORDER BY a.starts_at`,
        [row.staff_id, row.starts_at, row.ends_at, OPEN],
      ),
    );
    for (const c of covering) {
      const gap = overlap(period, { from: c.starts_at, to: c.ends_at });
      if (gap) gaps.push({ postId: c.id, postName: c.name, holderId: c.holder_id, ...gap, why: `its holder ${c.holder_name} is away at the same time` });
    }
    const standingIn = readRows(
      coveredWindowRow,
      await m.query(
        `SELECT p.id, p.name, p.holder_id, h.name AS holder_name, a.starts_at, a.ends_at
           FROM absence a JOIN post p ON p.holder_id = a.staff_id AND p.active AND p.is_window JOIN staff h ON h.id = p.holder_id
          WHERE a.stand_in_id = $1 AND a.status = ANY ($4) AND a.starts_at < $3 AND a.ends_at > $2
          ORDER BY a.starts_at`,
        [row.staff_id, row.starts_at, row.ends_at, OPEN],
      ),
    );
    for (const c of standingIn) {
      const gap = overlap(period, { from: c.starts_at, to: c.ends_at });
      if (gap) gaps.push({ postId: c.id, postName: c.name, holderId: c.holder_id, ...gap, why: `they were named to stand in for ${c.holder_name} at the window then` });
    }
    return gaps
      .filter((g) => calendar.workingMinutesBetween(g.from, g.to) > 0)
      .map((g) => ({
        code: 'WINDOW_UNCOVERED' as const,
        postId: g.postId,
        postName: g.postName,
        holderId: g.holderId,
        from: g.from.toISOString(),
        to: g.to.toISOString(),
        message: `the window ${g.postName} would have nobody present: ${g.why}`,
      }));
  }
}

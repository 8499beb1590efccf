import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DAY_MS, shanghaiDate, shanghaiDayStart } from '@app/core';
import { readRows, rowMapper, withTryAdvisoryLock } from '@app/platform';
import { DataSource } from 'typeorm';
import { mergeKeyed, ROLLED_UP_FIELDS, type Counts, type KeyedCounts } from './figures.js';
import { FiguresSources } from './figures-sources.service.js';

/** How many closed days one run rolls up at most: a backlog is worked off over several runs. */
const DAYS_PER_RUN = 62;
const LOCK_KEY = 'reports:rollup';
const SETTLE_MS = 10 * 60_000;

const column = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const COLUMNS = ROLLED_UP_FIELDS.map(column);

const dayRow = rowMapper('report_rollup_day', { day: 'text' });
const keyRow = rowMapper('report_figures_day', { unit_id: 'text', office_id: 'text?', staff_id: 'text' });
/** The summed counts of a day's rows, one int8 column per rolled-up field. */
const countsRow = rowMapper('report_figures_day', Object.fromEntries(COLUMNS.map((c) => [c, 'int' as const])));
const firstRow = rowMapper('unit', { first: 'timestamp?' });

/**
 * The daily rollup of the efficiency figures. A closed day (before today, Asia/Shanghai) is summed once
 * through the owning libs' own aggregates and kept; a report reads kept days from here and computes the
 * rest (today, days not rolled up yet) live, so a report is right whether or not the rollup has run.
 */
@Injectable()
export class FiguresRollup {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly sources: FiguresSources,
  ) {}

  /** The days in [from, to) (local dates) that are rolled up. */
  async rolledDays(fromDay: string, toDay: string): Promise<Set<string>> {
    const rows = readRows(dayRow, await this.db.query(`SELECT day::text AS day FROM report_rollup_day WHERE day >= $1 AND day < $2`, [fromDay, toDay]));
    return new Set(rows.map((r) => r.day));
  }

  /** The kept counts of the given days, per unit, office and staff member. */
  async read(unitId: string | null, days: string[]): Promise<KeyedCounts[]> {
    if (days.length === 0) return [];
    const raw: unknown = await this.db.query(
      `SELECT unit_id, office_id, staff_id, ${COLUMNS.map((c) => `sum(${c})::bigint AS ${c}`).join(', ')}
         FROM report_figures_day WHERE day = ANY ($1::date[]) AND ($2::uuid IS NULL OR unit_id = $2)
        GROUP BY 1, 2, 3`,
      [days, unitId],
    );
    const sums = readRows(countsRow, raw);
    return readRows(keyRow, raw).map((r, i) => {
      const counts: Partial<Counts> = {};
      for (const f of ROLLED_UP_FIELDS) counts[f] = sums[i]![column(f)];
      return { unitId: r.unit_id, officeId: r.office_id, staffId: r.staff_id, counts };
    });
  }

  /** Rolls up one closed day (again, if it was): its rows replaced in one transaction. */
  async rollUp(day: string): Promise<number> {
    const start = shanghaiDayStart(day);
    const rows = mergeKeyed(await this.sources.rollable(null, start, new Date(start.getTime() + DAY_MS)));
    return this.db.transaction(async (m) => {
      await m.query(`DELETE FROM report_figures_day WHERE day = $1`, [day]);
      await m.query(
        `INSERT INTO report_rollup_day (day, rolled_at, rows) VALUES ($1, $2, $3)
         ON CONFLICT (day) DO UPDATE SET rolled_at = EXCLUDED.rolled_at, rows = EXCLUDED.rows`,
        [day, this.clock.now(), rows.length],
      );
      if (rows.length > 0) {
        await m.query(
          `INSERT INTO report_figures_day (day, unit_id, office_id, staff_id, ${COLUMNS.join(', ')})
           SELECT $1, * FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], ${COLUMNS.map((_, i) => `$${i + 5}::bigint[]`).join(', ')})`,
          [day, rows.map((r) => r.unitId), rows.map((r) => r.officeId), rows.map((r) => r.staffId), ...ROLLED_UP_FIELDS.map((f) => rows.map((r) => r.counts[f]))],
        );
      }
      return rows.length;
    });
  }

  /**
   * Rolls up the closed days not rolled up yet, from `since` (a local date) to yesterday, at most
   * DAYS_PER_RUN of them. One replica at a time (advisory lock). Returns the days rolled up.
   */
  async catchUp(since: string, limit = DAYS_PER_RUN): Promise<string[]> {
    // A day is closed a while after midnight: a write committed just after it may carry a time just before.
    const today = shanghaiDate(new Date(this.clock.now().getTime() - SETTLE_MS));
    return this.withLock(async () => {
      const done = await this.rolledDays(since, today);
      const todo: string[] = [];
      for (let d = since; d < today && todo.length < limit; d = shanghaiDate(new Date(shanghaiDayStart(d).getTime() + DAY_MS))) {
        if (!done.has(d)) todo.push(d);
      }
      for (const d of todo) await this.rollUp(d);
      return todo;
    });
  }

  /** The first local day with a unit: no figures before it. */
  async firstDay(): Promise<string | null> {
    const [row] = readRows(firstRow, await this.db.query(`SELECT min(created_at) AS first FROM unit`));
    return row?.first ? shanghaiDate(row.first) : null;
  }

  private async withLock(work: () => Promise<string[]>): Promise<string[]> {
    const run = await withTryAdvisoryLock(this.db, LOCK_KEY, work);
    return run.locked ? run.value : [];
  }
}

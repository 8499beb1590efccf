import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { readRows, rowMapper } from '../database/rows.js';

const counterRow = rowMapper('throttle_counter', { count: 'int', window_start: 'timestamp', last_at: 'timestamp', now: 'timestamp' });
const keyedCounterRow = rowMapper('throttle_counter', { key: 'text', count: 'int', window_start: 'timestamp', last_at: 'timestamp', now: 'timestamp' });

/** A counter as it stands after a hit, with the database's time so that every replica measures alike. */
export interface Counter {
  count: number;
  windowStart: Date;
  lastAt: Date;
  now: Date;
}

/**
 * Rate-limit counters shared by every replica, in an UNLOGGED PostgreSQL table (no WAL: a crash forgets
 * them, which only forgives some attempts). They need no Redis, so limits hold while Redis is away.
 * A counter starts again after `windowSeconds`: counted from its first hit (`window`), or from its
 * last (`quiet`: it only starts again after a quiet spell).
 */
@Injectable()
export class ThrottleCounters {
  private lastPrune = 0;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async hit(key: string, windowSeconds: number, resetOn: 'window' | 'quiet'): Promise<Counter> {
    const stale = resetOn === 'window' ? 'c.window_start' : 'c.last_at';
    const [row] = readRows(
      counterRow,
      await this.db.query(
      `INSERT INTO throttle_counter AS c (key, count, window_start, last_at) VALUES ($1, 1, now(), now())
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN ${stale} <= now() - make_interval(secs => $2) THEN 1 ELSE c.count + 1 END,
         window_start = CASE WHEN ${stale} <= now() - make_interval(secs => $2) THEN now() ELSE c.window_start END,
         last_at = now()
       RETURNING count, window_start, last_at, now() AS now`,
      [key, windowSeconds],
      ),
    );
    await this.pruneNowAndThen();
    return { count: row!.count, windowStart: row!.window_start, lastAt: row!.last_at, now: row!.now };
  }

  /** The counters under these keys that are still within `windowSeconds` (as `hit` would count them). */
  async read(keys: string[], windowSeconds: number, resetOn: 'window' | 'quiet'): Promise<Map<string, Counter>> {
    const column = resetOn === 'window' ? 'window_start' : 'last_at';
    const rows = readRows(
      keyedCounterRow,
      await this.db.query(
      `SELECT key, count, window_start, last_at, now() AS now FROM throttle_counter
        WHERE key = ANY($1) AND ${column} > now() - make_interval(secs => $2)`,
      [keys, windowSeconds],
      ),
    );
    return new Map(rows.map((r) => [r.key, { count: r.count, windowStart: r.window_start, lastAt: r.last_at, now: r.now }]));
  }

  async clear(key: string): Promise<void> {
    await this.db.query('DELETE FROM throttle_counter WHERE key = $1', [key]);
  }

  /** Counters idle for an hour count nothing any more (no window here is longer): at most once a minute. */
  private async pruneNowAndThen(): Promise<void> {
    const now = performance.now();
    if (now - this.lastPrune < 60_000) return;
    this.lastPrune = now;
    await this.db.query(`DELETE FROM throttle_counter WHERE last_at < now() - interval '1 hour'`);
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock } from '@app/core';
import { AppConfig, QueueTransport, readRows } from '@app/platform';
import { DataSource } from 'typeorm';
import { dueStepRow, pendingStepRow } from './deadline-rows.js';
import { DeadlinesService, type TimerJob } from './deadlines.service.js';
import { EscalationService } from './escalation.service.js';

const BATCH = 1000;
/** Jobs added per round trip when re-adding. */
const PAGE = 5000;
const EPOCH = new Date(0);
/**
 * Steps fired at once (a transaction, so a pool connection, each). With Redis down the sweep alone fires
 * every step; one at a time it fell behind a burst of due steps.
 */
const FIRING_LANES = 4;

/** The marker (a Redis key under the prefix, or a row in the queue's schema) that every pending timer has its job. */
const TIMERS_BUILT = 'deadlines:timers-built';

export interface SweepResult {
  fired: number;
  /**
   * Jobs (re)added: after a Redis wipe every pending step inside the horizon (TIMER_HORIZON_MINUTES), else
   * those due soon and those that came within the horizon since the last sweep.
   */
  added: number;
  rebuilt: boolean;
}

/**
 * The safety net under the queue's timers (DESIGN.md section 4). The worker runs it at start-up and every
 * SWEEP_INTERVAL_SECONDS, one replica at a time: fire every step whose time has passed, re-add the jobs of
 * steps due soon, and add those that came within the horizon (the queue holds jobs only for the steps due
 * within TIMER_HORIZON_MINUTES). The marker holds the edge reached; when it is gone (Redis lost its data; on
 * the PostgreSQL backend, the queue's schema was dropped, left out of a restore, or is new because the
 * backend changed), rebuild every job inside the horizon from the steps, soonest first. Two sweeps at once
 * would do no harm, only double work: firing and adding are idempotent.
 * While Redis is down the sweep alone fires the steps: a firing waits on Redis only briefly (its alerts
 * are in the inbox and reach the streams when Redis is back).
 */
@Injectable()
export class TimerSweep {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly deadlines: DeadlinesService,
    private readonly escalation: EscalationService,
    private readonly config: AppConfig,
    private readonly queue: QueueTransport,
  ) {}

  /** While Redis is down no job fires: the sweep alone does, so the worker runs it every few seconds. */
  get redisDown(): boolean {
    return this.queue.down;
  }

  async sweep(): Promise<SweepResult> {
    const fired = await this.fireOverdue();
    // With Redis down the firing above is the whole job; the jobs are re-added by the first sweep after.
    if (this.redisDown) return { fired, added: 0, rebuilt: false };
    // Taken before PostgreSQL is read: a plan committed after the read was enqueued against a farther edge.
    const now = this.clock.now();
    const edge = this.deadlines.horizonEdge(now);
    const marker = await this.queue.getMarker(TIMERS_BUILT);
    const covered = marker === null ? NaN : Date.parse(marker);
    const rebuilt = Number.isNaN(covered);
    let added: number;
    if (rebuilt) {
      // The queue lost its jobs (or the marker is unreadable): every step inside the horizon, soonest first.
      added = await this.readd(EPOCH, edge);
    } else {
      // What is due soon (a job an outage kept out), then the steps that came within the horizon since.
      const soon = new Date(now.getTime() + 2 * Math.max(this.config.SWEEP_INTERVAL_SECONDS, 60) * 1000);
      added = await this.readd(EPOCH, soon);
      const from = new Date(Math.max(covered, soon.getTime()));
      if (from.getTime() < edge.getTime()) added += await this.readd(from, edge);
    }
    // The edge reached, even backwards (a clock set back): the next sweep tops up from there.
    await this.queue.setMarker(TIMERS_BUILT, edge.toISOString());
    return { fired, added, rebuilt };
  }

  /** Fires, oldest first (a few at a time), every step of a running clock whose time has come. */
  private async fireOverdue(): Promise<number> {
    let fired = 0;
    for (;;) {
      const due = readRows(
        dueStepRow,
        await this.db.query(
          `SELECT s.subject_id, s.step, s.version FROM deadline_step s JOIN deadline_timer t ON t.subject_id = s.subject_id
            WHERE s.fired_at IS NULL AND s.fire_at <= $1 AND s.version = t.version AND t.state = 'running'
            ORDER BY s.fire_at LIMIT ${BATCH}`,
          [this.clock.now()],
        ),
      );
      let firedNow = 0;
      let next = 0;
      const lane = async () => {
        while (next < due.length) {
          const s = due[next++]!;
          if (await this.escalation.fire(s.subject_id, s.step, s.version)) firedNow++;
        }
      };
      await Promise.all(Array.from({ length: Math.min(FIRING_LANES, due.length) }, lane));
      fired += firedNow;
      if (due.length < BATCH || firedNow === 0) return fired;
    }
  }

  /** Adds the jobs of pending steps firing in [from, until), soonest first, keyset-paged. */
  private async readd(from: Date, until: Date): Promise<number> {
    let added = 0;
    let after = { fireAt: from, subjectId: '00000000-0000-0000-0000-000000000000', step: '' };
    for (;;) {
      const rows = readRows(
        pendingStepRow,
        await this.db.query(
          `SELECT s.subject_id, s.step, s.version, s.fire_at FROM deadline_step s JOIN deadline_timer t ON t.subject_id = s.subject_id
            WHERE s.fired_at IS NULL AND s.version = t.version AND t.state = 'running'
              AND s.fire_at >= $1 AND s.fire_at < $5 AND (s.fire_at, s.subject_id, s.step) > ($1, $2, $3)
            ORDER BY s.fire_at, s.subject_id, s.step LIMIT $4`,
          [after.fireAt, after.subjectId, after.step, PAGE, until],
        ),
      );
      if (rows.length === 0) return added;
      const jobs: TimerJob[] = rows.map((r) => ({ subjectId: r.subject_id, step: r.step, version: r.version, fireAt: r.fire_at }));
      await this.deadlines.addJobs(jobs); // throws: the marker is only set once every job is in
      added += jobs.length;
      const last = rows[rows.length - 1]!;
      after = { fireAt: last.fire_at, subjectId: last.subject_id, step: last.step };
    }
  }
}

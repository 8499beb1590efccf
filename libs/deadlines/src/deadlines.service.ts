import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, type Actor, type Step } from '@app/core';
import { CalendarService } from '@app/calendar';
import { AppConfig, JobName, JobQueues } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { parseLadder, planSteps, shiftAfterPause, type Ladder } from './escalation-ladder.js';
import type { TimerKind } from './timer-kinds.js';

/** A delayed job to add once the transaction that planned it has committed. */
export interface TimerJob {
  subjectId: string;
  step: Step;
  version: number;
  fireAt: Date;
}

export interface TimerView {
  dueAt: string;
  state: 'running' | 'paused' | 'stopped';
  provisional: boolean;
  version: number;
  pausedAt: string | null;
  steps: Array<{ step: Step; fireAt: string; firedAt: string | null }>;
}

/** A clock at a moment: see DeadlinesService.measure. */
export interface ClockMeasure {
  dueAt: Date;
  usedMs: number;
  leftMs: number;
}

interface TimerRow {
  subject_id: string;
  kind: TimerKind;
  unit_id: string;
  office_id: string | null;
  assignee_id: string;
  started_at: Date;
  due_at: Date;
  provisional: boolean;
  state: 'running' | 'paused' | 'stopped';
  paused_at: Date | null;
  version: number;
}

export function jobId(job: Pick<TimerJob, 'subjectId' | 'step' | 'version'>): string {
  return `${job.subjectId}-${job.step}-v${job.version}`; // BullMQ ids must not contain ':'
}

/**
 * The clock of each case (限时办结制), of each leader's decision on a rejection (否定报备制) and of each
 * rectification after a dissatisfied rating (差评整改): the kinds are in timer-kinds.ts. Every
 * change happens in the caller's transaction and bumps the version, so jobs of an older plan find
 * nothing to do; the new jobs are added after commit.
 */
@Injectable()
export class DeadlinesService {
  private readonly logger = new Logger(DeadlinesService.name);
  readonly ladder: Ladder;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly calendar: CalendarService,
    private readonly queues: JobQueues,
    config: AppConfig,
  ) {
    this.ladder = parseLadder(config.OVERDUE_LADDER, config.WARNING_FRACTION, config.WARNING_LEAD_MINUTES, calendar.workingHoursPerDay());
  }

  /** Starts the clock of an accepted case, or of a decision someone must take (the assignee). */
  async start(
    m: EntityManager,
    t: { kind: TimerKind; subjectId: string; unitId: string; officeId: string | null; assigneeId: string; startedAt: Date; dueAt: Date; provisional: boolean },
  ): Promise<TimerJob[]> {
    await m.query(
      `INSERT INTO deadline_timer (kind, subject_id, unit_id, office_id, assignee_id, started_at, due_at, provisional, state, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'running', 1)`,
      [t.kind, t.subjectId, t.unitId, t.officeId, t.assigneeId, t.startedAt, t.dueAt, t.provisional],
    );
    const plan = planSteps(await this.calendar.calendar(), this.ladder, t.startedAt, t.dueAt);
    await m.query(
      `INSERT INTO deadline_step (subject_id, step, fire_at, version) SELECT $1, s.step, s.fire_at, 1
         FROM unnest($2::text[], $3::timestamptz[]) AS s(step, fire_at)`,
      [t.subjectId, plan.map((p) => p.step), plan.map((p) => p.fireAt)],
    );
    return plan.map((p) => ({ subjectId: t.subjectId, step: p.step, version: 1, fireAt: p.fireAt }));
  }

  /** Stops the clock while the citizen is asked for something; paused time does not count. */
  async pause(m: EntityManager, actor: Actor, subjectId: string, reason: string): Promise<void> {
    const timer = await this.lock(m, subjectId);
    if (timer.state !== 'running') throw new DomainError('DEADLINE.NOT_RUNNING', 'this clock is not running', 'conflict');
    const now = this.clock.now();
    await m.query(`UPDATE deadline_timer SET state = 'paused', paused_at = $2, version = version + 1 WHERE subject_id = $1`, [subjectId, now]);
    await m.query(`INSERT INTO deadline_pause (subject_id, paused_at, paused_by, reason) VALUES ($1, $2, $3, $4)`, [subjectId, now, actor.id, reason]);
  }

  /** Restarts the clock: every step that had not fired moves by the paused working time. */
  async resume(m: EntityManager, actor: Actor, subjectId: string): Promise<TimerJob[]> {
    const timer = await this.lock(m, subjectId);
    if (timer.state !== 'paused') throw new DomainError('DEADLINE.NOT_PAUSED', 'this clock is not paused', 'conflict');
    const calendar = await this.calendar.calendar();
    const now = this.clock.now();
    const pausedAt = timer.paused_at!;
    const version = timer.version + 1;
    const dueAt = shiftAfterPause(calendar, pausedAt, now, timer.due_at);
    await m.query(`UPDATE deadline_timer SET state = 'running', paused_at = NULL, due_at = $2, version = $3 WHERE subject_id = $1`, [subjectId, dueAt, version]);
    await m.query(`UPDATE deadline_pause SET resumed_at = $2, resumed_by = $3 WHERE subject_id = $1 AND resumed_at IS NULL`, [subjectId, now, actor.id]);
    const pending = await this.unfired(m, subjectId);
    const moved = pending.map((s) => ({ step: s.step, fireAt: shiftAfterPause(calendar, pausedAt, now, s.fire_at) }));
    return this.replace(m, subjectId, version, moved);
  }

  /** A new due time (an approved extension): the unfired steps are planned again from it. */
  async extend(m: EntityManager, subjectId: string, dueAt: Date): Promise<TimerJob[]> {
    const timer = await this.lock(m, subjectId);
    if (timer.state === 'stopped') throw new DomainError('DEADLINE.STOPPED', 'this clock has stopped', 'conflict');
    const version = timer.version + 1;
    await m.query(`UPDATE deadline_timer SET due_at = $2, version = $3 WHERE subject_id = $1`, [subjectId, dueAt, version]);
    const plan = planSteps(await this.calendar.calendar(), this.ladder, timer.started_at, dueAt);
    const unfired = new Set((await this.unfired(m, subjectId)).map((s) => s.step));
    const jobs = await this.replace(m, subjectId, version, plan.filter((p) => unfired.has(p.step)));
    // A paused clock gets its jobs on resume.
    return timer.state === 'running' ? jobs : [];
  }

  /** Completion, withdrawal, rejection or a decision taken: what is left never fires. */
  async stop(m: EntityManager, subjectId: string): Promise<void> {
    await m.query(`UPDATE deadline_timer SET state = 'stopped', version = version + 1 WHERE subject_id = $1 AND state <> 'stopped'`, [subjectId]);
  }

  /** A new assignee (handler or decider) hears of the later steps. */
  async reassign(m: EntityManager, subjectId: string, assigneeId: string): Promise<void> {
    await m.query(`UPDATE deadline_timer SET assignee_id = $2 WHERE subject_id = $1`, [subjectId, assigneeId]);
  }

  /** The due time as the caller's transaction sees it (null: the subject has no clock). */
  async dueAt(m: EntityManager, subjectId: string): Promise<Date | null> {
    const [timer] = (await m.query('SELECT due_at FROM deadline_timer WHERE subject_id = $1', [subjectId])) as Array<{ due_at: Date }>;
    return timer?.due_at ?? null;
  }

  /**
   * How a clock stands at `at`, for the efficiency figures: the due time in force (extensions and pauses
   * included), the working time used on the clock (paused working time left out) and the working time
   * left before the due time (negative: that much late). Null when the subject has no clock.
   */
  async measure(m: EntityManager, subjectId: string, at: Date): Promise<ClockMeasure | null> {
    const [timer] = (await m.query('SELECT started_at, due_at FROM deadline_timer WHERE subject_id = $1', [subjectId])) as Array<{ started_at: Date; due_at: Date }>;
    if (!timer) return null;
    const pauses = (await m.query('SELECT paused_at, resumed_at FROM deadline_pause WHERE subject_id = $1', [subjectId])) as Array<{
      paused_at: Date;
      resumed_at: Date | null;
    }>;
    const calendar = await this.calendar.calendar();
    const paused = pauses.reduce((sum, p) => sum + calendar.workingMillisecondsBetween(p.paused_at, p.resumed_at ?? at), 0);
    const usedMs = Math.max(0, calendar.workingMillisecondsBetween(timer.started_at, at) - paused);
    const leftMs = at.getTime() <= timer.due_at.getTime() ? calendar.workingMillisecondsBetween(at, timer.due_at) : -calendar.workingMillisecondsBetween(timer.due_at, at);
    return { dueAt: timer.due_at, usedMs, leftMs };
  }

  async view(subjectId: string): Promise<TimerView | null> {
    const [timer] = (await this.db.query('SELECT * FROM deadline_timer WHERE subject_id = $1', [subjectId])) as TimerRow[];
    if (!timer) return null;
    const steps = (await this.db.query('SELECT step, fire_at, fired_at FROM deadline_step WHERE subject_id = $1', [subjectId])) as Array<{
      step: Step;
      fire_at: Date;
      fired_at: Date | null;
    }>;
    return {
      dueAt: timer.due_at.toISOString(),
      state: timer.state,
      provisional: timer.provisional,
      version: timer.version,
      pausedAt: timer.paused_at?.toISOString() ?? null,
      steps: steps
        .sort((a, b) => a.fire_at.getTime() - b.fire_at.getTime())
        .map((s) => ({ step: s.step, fireAt: s.fire_at.toISOString(), firedAt: s.fired_at?.toISOString() ?? null })),
    };
  }

  /** After commit: adds the delayed jobs. A failure is logged, not thrown: the sweep re-adds them. */
  async enqueue(jobs: TimerJob[]): Promise<void> {
    try {
      await this.addJobs(jobs);
    } catch (err) {
      this.logger.warn({ err, jobs: jobs.length }, 'could not add timer jobs; the sweep will add them');
    }
  }

  /** Adds delayed jobs; a job whose id exists is left alone (its plan version has not changed). */
  async addJobs(jobs: TimerJob[]): Promise<void> {
    if (jobs.length === 0) return;
    const now = this.clock.now().getTime();
    await this.queues.addBulk(
      jobs.map((j) => ({
        name: JobName.DeadlineStep,
        data: { subjectId: j.subjectId, step: j.step, version: j.version },
        opts: { jobId: jobId(j), delay: Math.max(0, j.fireAt.getTime() - now) },
      })),
    );
  }

  private async lock(m: EntityManager, subjectId: string): Promise<TimerRow> {
    const [timer] = (await m.query('SELECT * FROM deadline_timer WHERE subject_id = $1 FOR UPDATE', [subjectId])) as TimerRow[];
    if (!timer) throw new DomainError('DEADLINE.NO_CLOCK', 'there is no running time limit', 'conflict');
    return timer;
  }

  private async unfired(m: EntityManager, subjectId: string): Promise<Array<{ step: Step; fire_at: Date }>> {
    return m.query('SELECT step, fire_at FROM deadline_step WHERE subject_id = $1 AND fired_at IS NULL', [subjectId]);
  }

  private async replace(m: EntityManager, subjectId: string, version: number, steps: Array<{ step: Step; fireAt: Date }>): Promise<TimerJob[]> {
    await m.query(
      `UPDATE deadline_step d SET fire_at = s.fire_at, version = $2
         FROM unnest($3::text[], $4::timestamptz[]) AS s(step, fire_at)
        WHERE d.subject_id = $1 AND d.step = s.step AND d.fired_at IS NULL`,
      [subjectId, version, steps.map((s) => s.step), steps.map((s) => s.fireAt)],
    );
    return steps.map((s) => ({ subjectId, step: s.step, version, fireAt: s.fireAt }));
  }
}

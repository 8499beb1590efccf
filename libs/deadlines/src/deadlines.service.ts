import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, formatShanghaiDateTime, shanghaiDayStart, DAY_MS, type Actor, type Step } from '@app/core';
import { CalendarService, type CalendarChange, type WorkingCalendar } from '@app/calendar';
import { AppConfig, Inbox, JobName, JobQueues, readRows, rowMapper, withinRedisBound, type AlertSummary, type AlertView } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { AlertRules } from './alert-rules.service.js';
import { planSteps, shiftAfterPause } from './escalation-ladder.js';
import { firedStepRow, joinedStepRow, pauseRow, stepRow, timerRow, type TimerRow } from './deadline-rows.js';
import type { TimerKind } from './timer-kinds.js';

/** A delayed job to add once the transaction that planned it has committed. */
export interface TimerJob {
  subjectId: string;
  step: Step;
  version: number;
  fireAt: Date;
}

/** The words a clock's alerts carry about its subject, and where the console shows it. */
export interface TimerLabel {
  summary: AlertSummary;
  link: string | null;
}

/** How a clock stands, as a countdown badge shows it: the last step that fired in the current round. */
export type ClockLevel = 'normal' | 'warning' | 'due' | 'overdue';

export interface TimerView {
  dueAt: string;
  state: 'running' | 'paused' | 'stopped';
  provisional: boolean;
  version: number;
  /** 1, then one more for each new due time (an approved extension, a calendar change). */
  round: number;
  pausedAt: string | null;
  /**
   * Working minutes left before the due time on the working-day calendar (negative: that late), counted
   * now for a running clock and at the pause for a paused one; null once stopped. Clients never do
   * calendar arithmetic.
   */
  remainingWorkingMinutes: number | null;
  level: ClockLevel;
  /** The steps of the current round; earlier rounds' are in the escalations on record. */
  steps: Array<{ step: Step; fireAt: string; firedAt: string | null }>;
}

/** A clock at a moment: see DeadlinesService.measure. */
export interface ClockMeasure {
  dueAt: Date;
  usedMs: number;
  leftMs: number;
}

const dueRow = rowMapper('deadline_timer', { due_at: 'timestamp' });
const startedRow = rowMapper('deadline_timer', { unit_id: 'text', started_at: 'timestamp', due_at: 'timestamp' });

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
export class DeadlinesService implements OnModuleInit {
  private readonly logger = new Logger(DeadlinesService.name);
  private readonly horizonMs: number;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly calendar: CalendarService,
    private readonly queues: JobQueues,
    private readonly inbox: Inbox,
    private readonly rules: AlertRules,
    config: AppConfig,
  ) {
    // Never nearer than two sweeps: a step must get its job before it fires whatever the settings.
    this.horizonMs = Math.max(config.TIMER_HORIZON_MINUTES * 60_000, 2 * Math.max(config.SWEEP_INTERVAL_SECONDS, 60) * 1000);
  }

  /** Steps firing before this have a delayed job in the queue; the sweep adds the later ones as time passes. */
  horizonEdge(now: Date): Date {
    return new Date(now.getTime() + this.horizonMs);
  }

  /** An entered or corrected calendar re-plans the open clocks it reaches (DESIGN.md section 4). */
  onModuleInit(): void {
    this.calendar.onChange(async (change, m) => {
      const { jobs, alerts } = await this.replanForCalendar(m, change);
      return async () => {
        await this.enqueue(jobs);
        await this.inbox.publish(alerts);
      };
    });
  }

  /** Starts the clock of an accepted case, or of a decision someone must take (the assignee), on its unit's ladder (kept with the clock). */
  async start(
    m: EntityManager,
    t: {
      kind: TimerKind;
      subjectId: string;
      unitId: string;
      officeId: string | null;
      assigneeId: string;
      startedAt: Date;
      dueAt: Date;
      provisional: boolean;
      /** What the alerts say about the subject (a case's receipt number, item and applicant). */
      label?: TimerLabel;
      /** A decision another subject waits for (an extension request, its case): while this clock runs, that subject's lateness is this assignee's. */
      holdsUp?: string;
    },
  ): Promise<TimerJob[]> {
    const ladder = await this.rules.ladderFor(m, t.unitId);
    await m.query(
      `INSERT INTO deadline_timer (kind, subject_id, unit_id, office_id, assignee_id, started_at, due_at, provisional, state, version, label, holds_up, ladder)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'running', 1, $9, $10, $11)`,
      [t.kind, t.subjectId, t.unitId, t.officeId, t.assigneeId, t.startedAt, t.dueAt, t.provisional, JSON.stringify(t.label ?? {}), t.holdsUp ?? null, JSON.stringify(ladder)],
    );
    const plan = planSteps(await this.calendar.calendar(t.unitId), ladder, t.startedAt, t.dueAt);
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
    const calendar = await this.calendar.calendar(timer.unit_id);
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

  /** A new due time (an approved extension): the ladder is planned again for it, as a new round. */
  async extend(m: EntityManager, subjectId: string, dueAt: Date): Promise<TimerJob[]> {
    const timer = await this.lock(m, subjectId);
    if (timer.state === 'stopped') throw new DomainError('DEADLINE.STOPPED', 'this clock has stopped', 'conflict');
    return this.replan(m, timer, dueAt, await this.calendar.calendar(timer.unit_id));
  }

  /**
   * Plans the ladder again for a new due time, as a new round: every step of the new plan that is still
   * ahead is armed again (a warning that fired before an extension warns again before the new due time),
   * and a step whose time has already come fires at once unless it fired in an earlier round. What fired
   * stays on record; what had not fired of the old plan is dropped. The caller holds the timer locked.
   */
  private async replan(m: EntityManager, timer: TimerRow, dueAt: Date, calendar: WorkingCalendar, provisional = timer.provisional): Promise<TimerJob[]> {
    const now = this.clock.now();
    const version = timer.version + 1;
    const round = timer.round + 1;
    const firedBefore = new Set(
      readRows(firedStepRow, await m.query('SELECT step FROM deadline_step WHERE subject_id = $1 AND fired_at IS NOT NULL', [timer.subject_id])).map((r) => r.step),
    );
    const plan = planSteps(calendar, timer.ladder ?? this.rules.installation, timer.started_at, dueAt).filter((p) => p.fireAt.getTime() > now.getTime() || !firedBefore.has(p.step));
    await m.query('DELETE FROM deadline_step WHERE subject_id = $1 AND fired_at IS NULL', [timer.subject_id]);
    await m.query(
      `INSERT INTO deadline_step (subject_id, step, fire_at, version, round) SELECT $1, s.step, s.fire_at, $4, $5
         FROM unnest($2::text[], $3::timestamptz[]) AS s(step, fire_at)`,
      [timer.subject_id, plan.map((p) => p.step), plan.map((p) => p.fireAt), version, round],
    );
    await m.query(`UPDATE deadline_timer SET due_at = $2, version = $3, round = $4, provisional = $5 WHERE subject_id = $1`, [
      timer.subject_id,
      dueAt,
      version,
      round,
      provisional,
    ]);
    // A paused clock gets its jobs on resume.
    return timer.state === 'running' ? plan.map((p) => ({ subjectId: timer.subject_id, step: p.step, version, fireAt: p.fireAt })) : [];
  }

  /** The same due time on a changed calendar: the unfired steps of this round move where the plan moved them. */
  private async reschedule(m: EntityManager, timer: TimerRow, calendar: WorkingCalendar, provisional: boolean): Promise<TimerJob[]> {
    const plan = new Map(planSteps(calendar, timer.ladder ?? this.rules.installation, timer.started_at, timer.due_at).map((p) => [p.step, p.fireAt]));
    const moved = (await this.unfired(m, timer.subject_id)).filter((s) => plan.get(s.step)!.getTime() !== s.fire_at.getTime());
    if (moved.length === 0 && provisional === timer.provisional) return [];
    const version = timer.version + 1;
    await m.query(`UPDATE deadline_timer SET version = $2, provisional = $3 WHERE subject_id = $1`, [timer.subject_id, version, provisional]);
    const unfired = await this.unfired(m, timer.subject_id);
    const jobs = await this.replace(m, timer.subject_id, version, unfired.map((s) => ({ step: s.step, fireAt: plan.get(s.step)! })));
    return timer.state === 'running' ? jobs : [];
  }

  /**
   * A calendar change (a year's official schedule entered, a unit's closure) re-plans every open clock
   * whose remaining time reaches the changed days: the working time left before the due time is kept,
   * counted on the new calendar from now (from the pause for a paused clock), and the assignee is told
   * when the due time moves.
   */
  private async replanForCalendar(m: EntityManager, change: CalendarChange): Promise<{ jobs: TimerJob[]; alerts: AlertView[] }> {
    const now = this.clock.now();
    const from = shanghaiDayStart(change.from);
    const to = new Date(shanghaiDayStart(change.to).getTime() + DAY_MS);
    const timers = readRows(
      timerRow,
      await m.query(
        `SELECT * FROM deadline_timer t
          WHERE state <> 'stopped' AND ($1::uuid IS NULL OR unit_id = $1) AND coalesce(paused_at, $4) < $3
            AND EXISTS (SELECT 1 FROM deadline_step s WHERE s.subject_id = t.subject_id AND s.fired_at IS NULL AND s.fire_at >= $2)
          ORDER BY subject_id FOR UPDATE`,
        [change.unitId, from, to, now],
      ),
    );
    const jobs: TimerJob[] = [];
    const told: Array<Parameters<Inbox['notify']>[1][number]> = [];
    for (const timer of timers) {
      const [before, after] = await Promise.all([this.calendar.calendar(timer.unit_id), change.calendar(timer.unit_id)]);
      const anchor = timer.paused_at ?? now;
      if (timer.due_at.getTime() <= anchor.getTime()) continue; // already due: the ladder runs on as planned
      const left = before.workingMillisecondsBetween(anchor, timer.due_at);
      const moved = after.addWorkingMilliseconds(anchor, left);
      if (moved.dueAt.getTime() === timer.due_at.getTime()) {
        // The due time stands; the overdue rungs after it may move (a closed day among them).
        jobs.push(...(await this.reschedule(m, timer, after, moved.provisional)));
        continue;
      }
      jobs.push(...(await this.replan(m, timer, moved.dueAt, after, moved.provisional)));
      const label: Partial<TimerLabel> = timer.label;
      told.push({
        recipientId: timer.assignee_id,
        unitId: timer.unit_id,
        kind: timer.kind,
        subjectId: timer.subject_id,
        event: 'due_moved',
        level: 'info',
        title: '节假日安排调整，办理时限已重新计算',
        dueAt: moved.dueAt,
        summary: { ...label.summary, text: `原定${formatShanghaiDateTime(timer.due_at)}，现为${formatShanghaiDateTime(moved.dueAt)}` },
        link: label.link ?? null,
      });
    }
    if (timers.length > 0) this.logger.log({ clocks: timers.length, moved: told.length, from: change.from, to: change.to }, 'calendar change re-planned clocks');
    return { jobs, alerts: await this.inbox.notify(m, told) };
  }

  /**
   * Completion, withdrawal, rejection or a decision taken: what is left never fires, nor does the clock of
   * a decision the subject was waiting for (an extension request of a case that closed).
   */
  async stop(m: EntityManager, subjectId: string): Promise<void> {
    await m.query(`UPDATE deadline_timer SET state = 'stopped', version = version + 1 WHERE (subject_id = $1 OR holds_up = $1) AND state <> 'stopped'`, [subjectId]);
  }

  /** A new assignee (handler or decider) hears of the later steps; work handed to another office takes its office head along. */
  async reassign(m: EntityManager, subjectId: string, assigneeId: string, officeId?: string | null): Promise<void> {
    if (officeId === undefined) await m.query(`UPDATE deadline_timer SET assignee_id = $2 WHERE subject_id = $1`, [subjectId, assigneeId]);
    else await m.query(`UPDATE deadline_timer SET assignee_id = $2, office_id = $3 WHERE subject_id = $1`, [subjectId, assigneeId, officeId]);
  }

  /** The due time as the caller's transaction sees it (null: the subject has no clock). */
  async dueAt(m: EntityManager, subjectId: string): Promise<Date | null> {
    const [timer] = readRows(dueRow, await m.query('SELECT due_at FROM deadline_timer WHERE subject_id = $1', [subjectId]));
    return timer?.due_at ?? null;
  }

  /**
   * How a clock stands at `at`, for the efficiency figures: the due time in force (extensions and pauses
   * included), the working time used on the clock (paused working time left out) and the working time
   * left before the due time (negative: that much late). Null when the subject has no clock.
   */
  async measure(m: EntityManager, subjectId: string, at: Date): Promise<ClockMeasure | null> {
    const [timer] = readRows(startedRow, await m.query('SELECT unit_id, started_at, due_at FROM deadline_timer WHERE subject_id = $1', [subjectId]));
    if (!timer) return null;
    const pauses = readRows(pauseRow, await m.query('SELECT paused_at, resumed_at FROM deadline_pause WHERE subject_id = $1', [subjectId]));
    const calendar = await this.calendar.calendar(timer.unit_id);
    const paused = pauses.reduce((sum, p) => sum + calendar.workingMillisecondsBetween(p.paused_at, p.resumed_at ?? at), 0);
    const usedMs = Math.max(0, calendar.workingMillisecondsBetween(timer.started_at, at) - paused);
    const leftMs = at.getTime() <= timer.due_at.getTime() ? calendar.workingMillisecondsBetween(at, timer.due_at) : -calendar.workingMillisecondsBetween(timer.due_at, at);
    return { dueAt: timer.due_at, usedMs, leftMs };
  }

  async view(subjectId: string): Promise<TimerView | null> {
    return (await this.views([subjectId])).get(subjectId) ?? null;
  }

  /** The clocks of many subjects with their current round's steps, in one statement (a page of cases). */
  async views(subjectIds: string[], m: EntityManager = this.db.manager): Promise<Map<string, TimerView>> {
    const found = new Map<string, TimerView>();
    if (subjectIds.length === 0) return found;
    const raw: unknown = await m.query(
      `SELECT t.*, s.step, s.fire_at, s.fired_at FROM deadline_timer t
         LEFT JOIN deadline_step s ON s.subject_id = t.subject_id AND s.round = t.round
        WHERE t.subject_id = ANY ($1::uuid[]) ORDER BY t.subject_id, s.fire_at`,
      [subjectIds],
    );
    const steps = readRows(joinedStepRow, raw);
    const timers = readRows(timerRow, raw);
    for (let i = 0; i < timers.length; i++) {
      const timer = timers[i]!;
      if (!found.has(timer.subject_id)) found.set(timer.subject_id, await this.timerView(timer));
      const s = steps[i]!;
      if (s.step) found.get(timer.subject_id)!.steps.push({ step: s.step, fireAt: s.fire_at!.toISOString(), firedAt: s.fired_at?.toISOString() ?? null });
    }
    for (const view of found.values()) {
      const fired = new Set(view.steps.filter((s) => s.firedAt).map((s) => s.step));
      view.level = [...fired].some((s) => s.startsWith('overdue_')) ? 'overdue' : fired.has('due') ? 'due' : fired.has('warning') ? 'warning' : 'normal';
    }
    return found;
  }

  /** A clock as shown, its steps and level still to be filled in. */
  private async timerView(timer: TimerRow): Promise<TimerView> {
    let remaining: number | null = null;
    if (timer.state !== 'stopped') {
      const calendar = await this.calendar.calendar(timer.unit_id);
      const at = timer.paused_at ?? this.clock.now();
      const ms = at.getTime() <= timer.due_at.getTime() ? calendar.workingMillisecondsBetween(at, timer.due_at) : -calendar.workingMillisecondsBetween(timer.due_at, at);
      remaining = Math.trunc(ms / 60_000);
    }
    return {
      dueAt: timer.due_at.toISOString(),
      state: timer.state,
      provisional: timer.provisional,
      version: timer.version,
      round: timer.round,
      pausedAt: timer.paused_at?.toISOString() ?? null,
      remainingWorkingMinutes: remaining,
      level: 'normal',
      steps: [],
    };
  }

  /**
   * After commit: adds the delayed jobs of the steps inside the horizon (the sweep adds the others when
   * they come within it), waiting on Redis only briefly (a request must not hang while it is down). A
   * failure is logged, not thrown: the sweep fires what is due and re-adds the rest. The horizon is taken
   * after commit, so a sweep that read PostgreSQL before the commit reached no farther.
   */
  async enqueue(jobs: TimerJob[]): Promise<void> {
    const edge = this.horizonEdge(this.clock.now()).getTime();
    const near = jobs.filter((j) => j.fireAt.getTime() < edge);
    if (near.length === 0) return;
    try {
      await withinRedisBound('adding timer jobs', this.addJobs(near));
    } catch (err) {
      this.logger.warn({ err, jobs: near.length }, 'could not add timer jobs; the sweep will add them');
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
    const [timer] = readRows(timerRow, await m.query('SELECT * FROM deadline_timer WHERE subject_id = $1 FOR UPDATE', [subjectId]));
    if (!timer) throw new DomainError('DEADLINE.NO_CLOCK', 'there is no running time limit', 'conflict');
    return timer;
  }

  private async unfired(m: EntityManager, subjectId: string): Promise<Array<{ step: Step; fire_at: Date }>> {
    return readRows(stepRow, await m.query('SELECT step, fire_at FROM deadline_step WHERE subject_id = $1 AND fired_at IS NULL', [subjectId]));
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

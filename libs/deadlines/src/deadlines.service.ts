import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, type Actor } from '@app/core';
import { CalendarService } from '@app/calendar';
import { AppConfig, JobName, JobQueues } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { parseLadder, planSteps, shiftAfterPause, type Ladder, type Step } from './escalation-ladder.js';

/** A delayed job to add once the transaction that planned it has committed. */
export interface TimerJob {
  caseId: string;
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

interface TimerRow {
  case_id: string;
  unit_id: string;
  office_id: string;
  handler_id: string;
  started_at: Date;
  due_at: Date;
  provisional: boolean;
  state: 'running' | 'paused' | 'stopped';
  paused_at: Date | null;
  version: number;
}

export function jobId(job: Pick<TimerJob, 'caseId' | 'step' | 'version'>): string {
  return `${job.caseId}-${job.step}-v${job.version}`; // BullMQ ids must not contain ':'
}

/**
 * The clock of each case (限时办结制). Every change happens in the caller's transaction and bumps the
 * version, so jobs of an older plan find nothing to do; the new jobs are added after commit.
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

  /** Starts the clock of an accepted case. */
  async start(
    m: EntityManager,
    t: { caseId: string; unitId: string; officeId: string; handlerId: string; startedAt: Date; dueAt: Date; provisional: boolean },
  ): Promise<TimerJob[]> {
    await m.query(
      `INSERT INTO deadline_timer (case_id, unit_id, office_id, handler_id, started_at, due_at, provisional, state, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'running', 1)`,
      [t.caseId, t.unitId, t.officeId, t.handlerId, t.startedAt, t.dueAt, t.provisional],
    );
    const plan = planSteps(await this.calendar.calendar(), this.ladder, t.startedAt, t.dueAt);
    await m.query(
      `INSERT INTO deadline_step (case_id, step, fire_at, version) SELECT $1, s.step, s.fire_at, 1
         FROM unnest($2::text[], $3::timestamptz[]) AS s(step, fire_at)`,
      [t.caseId, plan.map((p) => p.step), plan.map((p) => p.fireAt)],
    );
    return plan.map((p) => ({ caseId: t.caseId, step: p.step, version: 1, fireAt: p.fireAt }));
  }

  /** Stops the clock while the citizen is asked for something; paused time does not count. */
  async pause(m: EntityManager, actor: Actor, caseId: string, reason: string): Promise<void> {
    const timer = await this.lock(m, caseId);
    if (timer.state !== 'running') throw new DomainError('DEADLINE.NOT_RUNNING', 'the clock of this case is not running', 'conflict');
    const now = this.clock.now();
    await m.query(`UPDATE deadline_timer SET state = 'paused', paused_at = $2, version = version + 1 WHERE case_id = $1`, [caseId, now]);
    await m.query(`INSERT INTO deadline_pause (case_id, paused_at, paused_by, reason) VALUES ($1, $2, $3, $4)`, [caseId, now, actor.id, reason]);
  }

  /** Restarts the clock: every step that had not fired moves by the paused working time. */
  async resume(m: EntityManager, actor: Actor, caseId: string): Promise<TimerJob[]> {
    const timer = await this.lock(m, caseId);
    if (timer.state !== 'paused') throw new DomainError('DEADLINE.NOT_PAUSED', 'the clock of this case is not paused', 'conflict');
    const calendar = await this.calendar.calendar();
    const now = this.clock.now();
    const pausedAt = timer.paused_at!;
    const version = timer.version + 1;
    const dueAt = shiftAfterPause(calendar, pausedAt, now, timer.due_at);
    await m.query(`UPDATE deadline_timer SET state = 'running', paused_at = NULL, due_at = $2, version = $3 WHERE case_id = $1`, [caseId, dueAt, version]);
    await m.query(`UPDATE deadline_pause SET resumed_at = $2, resumed_by = $3 WHERE case_id = $1 AND resumed_at IS NULL`, [caseId, now, actor.id]);
    const pending = await this.unfired(m, caseId);
    const moved = pending.map((s) => ({ step: s.step, fireAt: shiftAfterPause(calendar, pausedAt, now, s.fire_at) }));
    return this.replace(m, caseId, version, moved);
  }

  /** A new due time (an approved extension): the unfired steps are planned again from it. */
  async extend(m: EntityManager, caseId: string, dueAt: Date): Promise<TimerJob[]> {
    const timer = await this.lock(m, caseId);
    if (timer.state === 'stopped') throw new DomainError('DEADLINE.STOPPED', 'the clock of this case has stopped', 'conflict');
    const version = timer.version + 1;
    await m.query(`UPDATE deadline_timer SET due_at = $2, version = $3 WHERE case_id = $1`, [caseId, dueAt, version]);
    const plan = planSteps(await this.calendar.calendar(), this.ladder, timer.started_at, dueAt);
    const unfired = new Set((await this.unfired(m, caseId)).map((s) => s.step));
    const jobs = await this.replace(m, caseId, version, plan.filter((p) => unfired.has(p.step)));
    // A paused clock gets its jobs on resume.
    return timer.state === 'running' ? jobs : [];
  }

  /** Completion, withdrawal or rejection: what is left never fires. */
  async stop(m: EntityManager, caseId: string): Promise<void> {
    await m.query(`UPDATE deadline_timer SET state = 'stopped', version = version + 1 WHERE case_id = $1 AND state <> 'stopped'`, [caseId]);
  }

  /** A new handler hears of the case's later steps. */
  async reassign(m: EntityManager, caseId: string, handlerId: string): Promise<void> {
    await m.query(`UPDATE deadline_timer SET handler_id = $2 WHERE case_id = $1`, [caseId, handlerId]);
  }

  /** The due time as the caller's transaction sees it (null: the case has no clock). */
  async dueAt(m: EntityManager, caseId: string): Promise<Date | null> {
    const [timer] = (await m.query('SELECT due_at FROM deadline_timer WHERE case_id = $1', [caseId])) as Array<{ due_at: Date }>;
    return timer?.due_at ?? null;
  }

  async view(caseId: string): Promise<TimerView | null> {
    const [timer] = (await this.db.query('SELECT * FROM deadline_timer WHERE case_id = $1', [caseId])) as TimerRow[];
    if (!timer) return null;
    const steps = (await this.db.query('SELECT step, fire_at, fired_at FROM deadline_step WHERE case_id = $1', [caseId])) as Array<{
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
        data: { caseId: j.caseId, step: j.step, version: j.version },
        opts: { jobId: jobId(j), delay: Math.max(0, j.fireAt.getTime() - now) },
      })),
    );
  }

  private async lock(m: EntityManager, caseId: string): Promise<TimerRow> {
    const [timer] = (await m.query('SELECT * FROM deadline_timer WHERE case_id = $1 FOR UPDATE', [caseId])) as TimerRow[];
    if (!timer) throw new DomainError('DEADLINE.NO_CLOCK', 'this case has no running time limit', 'conflict');
    return timer;
  }

  private async unfired(m: EntityManager, caseId: string): Promise<Array<{ step: Step; fire_at: Date }>> {
    return m.query('SELECT step, fire_at FROM deadline_step WHERE case_id = $1 AND fired_at IS NULL', [caseId]);
  }

  private async replace(m: EntityManager, caseId: string, version: number, steps: Array<{ step: Step; fireAt: Date }>): Promise<TimerJob[]> {
    await m.query(
      `UPDATE deadline_step d SET fire_at = s.fire_at, version = $2
         FROM unnest($3::text[], $4::timestamptz[]) AS s(step, fire_at)
        WHERE d.case_id = $1 AND d.step = s.step AND d.fired_at IS NULL`,
      [caseId, version, steps.map((s) => s.step), steps.map((s) => s.fireAt)],
    );
    return steps.map((s) => ({ caseId, step: s.step, version, fireAt: s.fireAt }));
  }
}

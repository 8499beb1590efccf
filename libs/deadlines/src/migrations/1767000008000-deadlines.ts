import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Timers of time-limited cases (DESIGN.md section 4). PostgreSQL is the record: every step with its
 * fire time, when it fired and the version it belongs to. Redis only holds the delayed jobs.
 */
export class Deadlines1767000008000 implements MigrationInterface {
  name = 'Deadlines1767000008000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE deadline_timer (
        case_id uuid PRIMARY KEY REFERENCES service_case(id),
        unit_id uuid NOT NULL REFERENCES unit(id),
        office_id uuid NOT NULL REFERENCES office(id),
        handler_id uuid NOT NULL REFERENCES staff(id),
        started_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        provisional boolean NOT NULL,
        state text NOT NULL CHECK (state IN ('running', 'paused', 'stopped')),
        paused_at timestamptz,
        version int NOT NULL CHECK (version > 0)
      )`);
    await q.query(`
      CREATE TABLE deadline_step (
        case_id uuid NOT NULL REFERENCES deadline_timer(case_id),
        step text NOT NULL,
        fire_at timestamptz NOT NULL,
        fired_at timestamptz,
        version int NOT NULL,
        PRIMARY KEY (case_id, step)
      )`);
    await q.query(`CREATE INDEX deadline_step_pending_idx ON deadline_step (fire_at) WHERE fired_at IS NULL`);
    await q.query(`
      CREATE TABLE deadline_pause (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES deadline_timer(case_id),
        paused_at timestamptz NOT NULL,
        paused_by uuid NOT NULL REFERENCES staff(id),
        reason text NOT NULL,
        resumed_at timestamptz,
        resumed_by uuid REFERENCES staff(id)
      )`);
    await q.query(`CREATE INDEX deadline_pause_case_idx ON deadline_pause (case_id)`);
    await q.query(`
      CREATE TABLE escalation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES deadline_timer(case_id),
        step text NOT NULL,
        version int NOT NULL,
        fire_at timestamptz NOT NULL,
        fired_at timestamptz NOT NULL,
        recipients uuid[] NOT NULL,
        UNIQUE (case_id, step)
      )`);
    await q.query(`
      CREATE TABLE alert (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        recipient_id uuid NOT NULL REFERENCES staff(id),
        unit_id uuid NOT NULL REFERENCES unit(id),
        case_id uuid NOT NULL REFERENCES deadline_timer(case_id),
        step text NOT NULL,
        level text NOT NULL CHECK (level IN ('yellow', 'red')),
        title text NOT NULL,
        due_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        read_at timestamptz
      )`);
    await q.query(`CREATE INDEX alert_recipient_idx ON alert (recipient_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['alert', 'escalation', 'deadline_pause', 'deadline_step', 'deadline_timer']) await q.query(`DROP TABLE ${t}`);
  }
}

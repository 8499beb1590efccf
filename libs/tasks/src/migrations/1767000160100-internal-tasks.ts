import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 工作标准 (seed 000): each unit's measured limits for internal work, versioned (a task keeps the version
 * and limit it started with), and the internal tasks under them (公文流转, 会议纪要…) with every hand-over
 * from one holder to the next.
 */
export class InternalTasks1767000160100 implements MigrationInterface {
  name = 'InternalTasks1767000160100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE work_standard (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES unit(id),
        kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_]{1,39}$'),
        urgent boolean NOT NULL,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        limit_minutes int NOT NULL CHECK (limit_minutes > 0),
        version int NOT NULL DEFAULT 1,
        UNIQUE (unit_id, kind, urgent)
      )`);
    await q.query(`
      CREATE TABLE work_standard_version (
        standard_id uuid NOT NULL REFERENCES work_standard(id),
        version int NOT NULL,
        name text NOT NULL,
        limit_minutes int NOT NULL CHECK (limit_minutes > 0),
        changed_by uuid REFERENCES staff(id),
        changed_at timestamptz NOT NULL,
        PRIMARY KEY (standard_id, version)
      )`);
    await q.query(`
      CREATE TABLE internal_task (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES unit(id),
        kind text NOT NULL,
        urgent boolean NOT NULL,
        title text NOT NULL,
        reference text,
        standard_id uuid NOT NULL REFERENCES work_standard(id),
        standard_version int NOT NULL,
        limit_minutes int NOT NULL CHECK (limit_minutes > 0),
        office_id uuid REFERENCES office(id),
        handler_id uuid NOT NULL REFERENCES staff(id),
        created_by uuid NOT NULL REFERENCES staff(id),
        created_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'completed')),
        completed_at timestamptz,
        completed_by uuid REFERENCES staff(id),
        completed_acting_for uuid REFERENCES staff(id),
        completion_note text,
        FOREIGN KEY (standard_id, standard_version) REFERENCES work_standard_version (standard_id, version),
        CHECK ((status = 'completed') = (completed_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX internal_task_unit_idx ON internal_task (unit_id, created_at DESC)`);
    await q.query(`CREATE INDEX internal_task_handler_idx ON internal_task (handler_id) WHERE status = 'open'`);
    await q.query(`
      CREATE TABLE internal_task_handover (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL REFERENCES internal_task(id),
        from_id uuid NOT NULL REFERENCES staff(id),
        to_id uuid NOT NULL REFERENCES staff(id),
        handed_by uuid NOT NULL REFERENCES staff(id),
        acting_for uuid REFERENCES staff(id),
        handed_at timestamptz NOT NULL,
        note text,
        CHECK (from_id <> to_id)
      )`);
    await q.query(`CREATE INDEX internal_task_handover_task_idx ON internal_task_handover (task_id, handed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE internal_task_handover`);
    await q.query(`DROP TABLE internal_task`);
    await q.query(`DROP TABLE work_standard_version`);
    await q.query(`DROP TABLE work_standard`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 同岗替代制: posts with their substitutes (A/B), registered absences, and the handover list an absence of
 * more than one working day needs.
 */
export class Substitution1767000009000 implements MigrationInterface {
  name = 'Substitution1767000009000';

  async up(q: QueryRunner): Promise<void> {
    // A trusted extension (PostgreSQL 13+): the database owner may create it. It lets a uuid take part in
    // the exclusion constraint that keeps one person's absences from overlapping.
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    // "window" is a reserved word in SQL, hence is_window.
    await q.query(`
      CREATE TABLE post (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES unit(id),
        office_id uuid REFERENCES office(id),
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('staff', 'leader')),
        is_window boolean NOT NULL DEFAULT false,
        holder_id uuid NOT NULL REFERENCES staff(id),
        substitute_id uuid REFERENCES staff(id),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT post_substitute_not_holder CHECK (substitute_id IS NULL OR substitute_id <> holder_id),
        -- A staff post belongs to an office; a leader post (principal and deputy) to the unit only.
        CONSTRAINT post_office_by_kind CHECK ((kind = 'staff') = (office_id IS NOT NULL)),
        CONSTRAINT post_window_is_staff CHECK (NOT is_window OR kind = 'staff')
      )`);
    await q.query(`CREATE UNIQUE INDEX post_holder_active_idx ON post (holder_id) WHERE active`);
    await q.query(`CREATE INDEX post_unit_idx ON post (unit_id)`);
    await q.query(`CREATE INDEX post_substitute_idx ON post (substitute_id) WHERE active`);
    await q.query(`
      CREATE TABLE absence (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES unit(id),
        staff_id uuid NOT NULL REFERENCES staff(id),
        type text NOT NULL CHECK (type IN ('meeting', 'trip', 'leave', 'other')),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        reason text NOT NULL,
        stand_in_id uuid REFERENCES staff(id),
        status text NOT NULL CHECK (status IN ('requested', 'approved', 'rejected', 'cancelled')),
        requested_by uuid NOT NULL REFERENCES staff(id),
        requested_at timestamptz NOT NULL,
        decided_by uuid REFERENCES staff(id),
        decided_at timestamptz,
        decision_note text,
        cancelled_by uuid REFERENCES staff(id),
        cancelled_at timestamptz,
        handover_required boolean NOT NULL,
        CONSTRAINT absence_ends_after_start CHECK (ends_at > starts_at),
        CONSTRAINT absence_stand_in_not_self CHECK (stand_in_id IS NULL OR stand_in_id <> staff_id),
        CONSTRAINT absence_decided CHECK ((decided_by IS NULL) = (decided_at IS NULL)),
        -- One person is away once at a time: requested and approved absences never overlap.
        CONSTRAINT absence_no_overlap EXCLUDE USING gist (staff_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
          WHERE (status IN ('requested', 'approved'))
      )`);
    await q.query(`CREATE INDEX absence_unit_starts_idx ON absence (unit_id, starts_at)`);
    await q.query(`
      CREATE TABLE handover (
        absence_id uuid PRIMARY KEY REFERENCES absence(id),
        items jsonb NOT NULL,
        notes text NOT NULL,
        -- Who takes the work over and must acknowledge it: fixed when the list is drawn up.
        substitute_id uuid NOT NULL REFERENCES staff(id),
        created_by uuid NOT NULL REFERENCES staff(id),
        created_at timestamptz NOT NULL,
        acknowledged_by uuid REFERENCES staff(id),
        acknowledged_at timestamptz,
        CONSTRAINT handover_acknowledged CHECK ((acknowledged_by IS NULL) = (acknowledged_at IS NULL)),
        CONSTRAINT handover_acknowledged_by_substitute CHECK (acknowledged_by IS NULL OR acknowledged_by = substitute_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE handover`);
    await q.query(`DROP TABLE absence`);
    await q.query(`DROP TABLE post`);
  }
}

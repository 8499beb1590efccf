import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 失职追究制: an inspector confirms or dismisses each violation with a reason; a confirmation records the
 * accountability actions and the persons held responsible. Inspectors also register violations by hand.
 */
export class Accountability1767000017000 implements MigrationInterface {
  name = 'Accountability1767000017000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE violation
        ADD COLUMN status text NOT NULL DEFAULT 'detected' CHECK (status IN ('detected', 'confirmed', 'dismissed')),
        -- detected by a rule check, or registered by an inspector (a verified complaint, a spot check)
        ADD COLUMN source text NOT NULL DEFAULT 'automatic' CHECK (source IN ('automatic', 'manual')),
        ADD COLUMN occurred_at timestamptz,
        ADD COLUMN registered_by uuid REFERENCES staff(id),
        ADD COLUMN decided_by uuid REFERENCES staff(id),
        ADD COLUMN decided_at timestamptz,
        ADD COLUMN decision_reason text`);
    await q.query(`UPDATE violation SET occurred_at = detected_at`);
    await q.query(`ALTER TABLE violation ALTER COLUMN occurred_at SET NOT NULL`);
    await q.query(`
      ALTER TABLE violation
        ADD CONSTRAINT violation_decision_complete CHECK (
          (status = 'detected') = (decided_by IS NULL AND decided_at IS NULL AND decision_reason IS NULL)),
        ADD CONSTRAINT violation_manual_registered CHECK ((source = 'manual') = (registered_by IS NOT NULL))`);
    // The case a violation is about exists (the registry came before the cases table, hence here).
    await q.query(`ALTER TABLE violation ADD CONSTRAINT violation_case_id_fkey FOREIGN KEY (case_id) REFERENCES service_case(id)`);
    await q.query(`CREATE INDEX violation_occurred_idx ON violation (occurred_at DESC, id)`);
    await q.query(`CREATE INDEX violation_staff_idx ON violation (staff_id, occurred_at DESC)`);
    await q.query(`CREATE INDEX violation_open_idx ON violation (unit_id, occurred_at) WHERE status = 'detected'`);

    await q.query(`
      CREATE TABLE violation_action (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        violation_id uuid NOT NULL REFERENCES violation(id),
        position int NOT NULL,
        type text NOT NULL CHECK (type IN ('reminder_talk', 'written_self_examination', 'circulated_criticism', 'discipline_referral')),
        staff_id uuid REFERENCES staff(id),
        decided_at timestamptz NOT NULL,
        due_at timestamptz CHECK (due_at IS NULL OR due_at >= decided_at),
        note text,
        UNIQUE (violation_id, position)
      )`);
    await q.query(`
      CREATE TABLE violation_responsible (
        violation_id uuid NOT NULL REFERENCES violation(id),
        staff_id uuid NOT NULL REFERENCES staff(id),
        -- direct: the person at fault; supervisor: lax supervision (监管不力)
        role text NOT NULL CHECK (role IN ('direct', 'supervisor')),
        position int NOT NULL,
        PRIMARY KEY (violation_id, staff_id)
      )`);
    await q.query(`CREATE INDEX violation_responsible_staff_idx ON violation_responsible (staff_id)`);

    // A decision is final: a decided violation, its actions and its responsible persons never change.
    await q.query(`
      CREATE FUNCTION violation_decision_final() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Only the decision itself changes a violation, once (nested: plpgsql does not short-circuit).
        IF TG_TABLE_NAME = 'violation' AND TG_OP = 'UPDATE' THEN
          IF OLD.status = 'detected' THEN
            RETURN NEW;
          END IF;
        END IF;
        RAISE EXCEPTION 'a decided violation and its accountability record cannot be changed' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER violation_decided_no_change BEFORE UPDATE OR DELETE ON violation
      FOR EACH ROW EXECUTE FUNCTION violation_decision_final()`);
    await q.query(`
      CREATE TRIGGER violation_action_no_change BEFORE UPDATE OR DELETE ON violation_action
      FOR EACH ROW EXECUTE FUNCTION violation_decision_final()`);
    await q.query(`
      CREATE TRIGGER violation_responsible_no_change BEFORE UPDATE OR DELETE ON violation_responsible
      FOR EACH ROW EXECUTE FUNCTION violation_decision_final()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE violation_responsible`);
    await q.query(`DROP TABLE violation_action`);
    await q.query(`DROP TRIGGER violation_decided_no_change ON violation`);
    await q.query(`DROP FUNCTION violation_decision_final`);
    await q.query(`DROP INDEX violation_open_idx`);
    await q.query(`DROP INDEX violation_staff_idx`);
    await q.query(`DROP INDEX violation_occurred_idx`);
    await q.query(`
      ALTER TABLE violation
        DROP CONSTRAINT violation_case_id_fkey,
        DROP COLUMN decision_reason,
        DROP COLUMN decided_at,
        DROP COLUMN decided_by,
        DROP COLUMN registered_by,
        DROP COLUMN occurred_at,
        DROP COLUMN source,
        DROP COLUMN status`);
  }
}

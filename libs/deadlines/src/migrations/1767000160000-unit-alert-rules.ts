import type { MigrationInterface, QueryRunner } from 'typeorm';
import { setKinds } from './1767000080500-complaint-timers.js';

/**
 * 电子监察 thresholds per unit (a warning rule and the overdue ladder, set by the unit's admin), the
 * ladder each clock started on, kept with it, and a clock kind for internal tasks under work standards
 * (公文流转 and similar). Clocks started before keep a null ladder: the installation's, which planned them.
 */
export class UnitAlertRules1767000160000 implements MigrationInterface {
  name = 'UnitAlertRules1767000160000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE unit_alert_rule (
        unit_id uuid PRIMARY KEY REFERENCES unit(id),
        warning_share numeric CHECK (warning_share > 0 AND warning_share < 1),
        warning_before_due text CHECK (warning_before_due ~ '^[0-9]{1,4}[dhm]$'),
        overdue_office_head text NOT NULL CHECK (overdue_office_head ~ '^[0-9]{1,4}[dhm]$'),
        overdue_leader text NOT NULL CHECK (overdue_leader ~ '^[0-9]{1,4}[dhm]$'),
        overdue_inspector text NOT NULL CHECK (overdue_inspector ~ '^[0-9]{1,4}[dhm]$'),
        updated_by uuid NOT NULL REFERENCES staff(id),
        updated_at timestamptz NOT NULL,
        CHECK (warning_share IS NOT NULL OR warning_before_due IS NOT NULL)
      )`);
    await q.query(`ALTER TABLE deadline_timer ADD COLUMN ladder jsonb`);
    await setKinds(q, (kinds) => [...new Set([...kinds, 'internal_task'])]);
  }

  async down(q: QueryRunner): Promise<void> {
    await setKinds(q, (kinds) => kinds.filter((k) => k !== 'internal_task'));
    await q.query(`ALTER TABLE deadline_timer DROP COLUMN ladder`);
    await q.query(`DROP TABLE unit_alert_rule`);
  }
}

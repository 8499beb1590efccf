import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A unit's own days off (local closures) on top of the national schedule, entered by its admin. */
export class UnitClosures1767000032600 implements MigrationInterface {
  name = 'UnitClosures1767000032600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE unit_closure (
        unit_id uuid NOT NULL REFERENCES unit(id),
        date date NOT NULL CHECK (date BETWEEN '1992-01-01' AND '2200-12-31'),
        reason text NOT NULL CHECK (length(btrim(reason)) > 0),
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (unit_id, date)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE unit_closure`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who leads: each office's leader in charge (分管领导), who decides its refusals and extensions by
 * default, and the unit's principal leader (主要领导), to whom a leader's late decision escalates.
 */
export class LeadersInCharge1767000090000 implements MigrationInterface {
  name = 'LeadersInCharge1767000090000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE office ADD COLUMN leader_id uuid REFERENCES staff(id)`);
    await q.query(`ALTER TABLE unit ADD COLUMN principal_id uuid REFERENCES staff(id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE unit DROP COLUMN principal_id`);
    await q.query(`ALTER TABLE office DROP COLUMN leader_id`);
  }
}

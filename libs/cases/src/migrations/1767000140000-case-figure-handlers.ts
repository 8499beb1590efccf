import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The efficiency figures of a period never move afterwards: a case counts for the handler who had it
 * when it was accepted, an extension for the one who had the case when it was asked for, whoever has
 * it now. Filled when that happens; cases and extensions from before take their current handler.
 */
export class CaseFigureHandlers1767000140000 implements MigrationInterface {
  name = 'CaseFigureHandlers1767000140000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE service_case ADD COLUMN accepted_handler_id uuid REFERENCES staff(id)`);
    await q.query(`UPDATE service_case SET accepted_handler_id = handler_id WHERE accepted_at IS NOT NULL`);
    await q.query(`ALTER TABLE case_extension ADD COLUMN handler_id uuid REFERENCES staff(id)`);
    await q.query(`UPDATE case_extension e SET handler_id = c.handler_id FROM service_case c WHERE c.id = e.case_id`);
    await q.query(`ALTER TABLE case_extension ALTER COLUMN handler_id SET NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_extension DROP COLUMN handler_id`);
    await q.query(`ALTER TABLE service_case DROP COLUMN accepted_handler_id`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Finding a returning citizen's case: by phone (exact), by part of the applicant's name (trigram index,
 * so a contains-match does not read the whole unit), by service item or office over a period. The
 * receipt number is already unique, and the unit's received time indexed.
 */
export class CaseSearch1767000080200 implements MigrationInterface {
  name = 'CaseSearch1767000080200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE INDEX service_case_phone_idx ON service_case (unit_id, applicant_phone)`);
    await q.query(`CREATE INDEX service_case_applicant_name_idx ON service_case USING gin (applicant_name gin_trgm_ops)`);
    await q.query(`CREATE INDEX service_case_item_idx ON service_case (unit_id, service_item_code, created_at DESC)`);
    await q.query(`CREATE INDEX service_case_office_idx ON service_case (unit_id, office_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of ['service_case_office_idx', 'service_case_item_idx', 'service_case_applicant_name_idx', 'service_case_phone_idx']) {
      await q.query(`DROP INDEX ${index}`);
    }
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Catalogue1767000003000 implements MigrationInterface {
  name = 'Catalogue1767000003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE service_item (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES unit(id),
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        office_id uuid NOT NULL REFERENCES office(id),
        legal_basis text NOT NULL,
        conditions text NOT NULL DEFAULT '',
        statutory_limit_amount int NOT NULL CHECK (statutory_limit_amount > 0),
        statutory_limit_unit text NOT NULL CHECK (statutory_limit_unit IN ('working_days', 'working_hours')),
        committed_limit_amount int NOT NULL CHECK (committed_limit_amount > 0),
        committed_limit_unit text NOT NULL CHECK (committed_limit_unit IN ('working_days', 'working_hours')),
        materials jsonb NOT NULL,
        procedure jsonb NOT NULL,
        fee_fen int NOT NULL CHECK (fee_fen >= 0),
        fee_basis text NOT NULL DEFAULT '',
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX service_item_unit_idx ON service_item (unit_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE service_item`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Organization1767000001000 implements MigrationInterface {
  name = 'Organization1767000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE unit (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE office (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES unit(id),
        name text NOT NULL,
        phone text,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (unit_id, name)
      )`);
    await q.query(`
      CREATE TABLE staff (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES unit(id),
        office_id uuid REFERENCES office(id),
        username text NOT NULL,
        password_hash text NOT NULL,
        name text NOT NULL,
        badge_no text NOT NULL,
        phone text,
        roles text[] NOT NULL CHECK (cardinality(roles) > 0),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (unit_id, badge_no)
      )`);
    await q.query(`CREATE UNIQUE INDEX staff_username_idx ON staff (lower(username))`);
    await q.query(`CREATE INDEX staff_office_idx ON staff (office_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE staff`);
    await q.query(`DROP TABLE office`);
    await q.query(`DROP TABLE unit`);
  }
}

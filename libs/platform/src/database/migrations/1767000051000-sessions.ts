import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Revocable sessions: one row per login, and each staff member's token version. No foreign key to
 * staff: the organization owns that table, and a session outlives nothing but its own expiry.
 */
export class Sessions1767000051000 implements MigrationInterface {
  name = 'Sessions1767000051000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE auth_staff_version (
        staff_id uuid PRIMARY KEY,
        version integer NOT NULL
      )`);
    await q.query(`
      CREATE TABLE auth_session (
        id uuid PRIMARY KEY,
        staff_id uuid NOT NULL,
        version integer NOT NULL,
        generation integer NOT NULL,
        rotated_at timestamptz,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason text,
        address text
      )`);
    await q.query(`CREATE INDEX auth_session_staff_idx ON auth_session (staff_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE auth_session`);
    await q.query(`DROP TABLE auth_staff_version`);
  }
}

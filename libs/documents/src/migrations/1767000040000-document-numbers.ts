import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The document counters (numbering per unit, kind and year). The table was once created by the notices
 * migration: a database that ran it has the table already, hence IF NOT EXISTS.
 */
export class DocumentNumbers1767000040000 implements MigrationInterface {
  name = 'DocumentNumbers1767000040000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS document_counter (
        unit_id uuid NOT NULL REFERENCES unit(id),
        kind text NOT NULL,
        year int NOT NULL,
        last_seq int NOT NULL CHECK (last_seq > 0),
        PRIMARY KEY (unit_id, kind, year)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE document_counter`);
  }
}

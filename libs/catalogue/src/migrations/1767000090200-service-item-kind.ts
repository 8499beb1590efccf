import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The kind of a service item: an administrative licence (行政许可) or another service. A refusal after
 * acceptance is titled by it (不予许可 or 不予办理). Items entered before have none (不予办理).
 */
export class ServiceItemKind1767000090200 implements MigrationInterface {
  name = 'ServiceItemKind1767000090200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE service_item ADD COLUMN kind text CHECK (kind IN ('licensing', 'other'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE service_item DROP COLUMN kind`);
  }
}

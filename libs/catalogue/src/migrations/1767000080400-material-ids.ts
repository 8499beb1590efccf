import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every checklist item (申请材料) gets a stable id within its service item (M1, M2, …), so the window
 * ticks items by id and notices compare ids, not wording. Existing checklists are numbered in order.
 */
export class MaterialIds1767000080400 implements MigrationInterface {
  name = 'MaterialIds1767000080400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE service_item s SET materials = coalesce((
        SELECT jsonb_agg(m.item || jsonb_build_object('id', 'M' || m.n) ORDER BY m.n)
          FROM jsonb_array_elements(s.materials) WITH ORDINALITY AS m(item, n)), '[]'::jsonb)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE service_item s SET materials = coalesce((
        SELECT jsonb_agg(m.item - 'id' ORDER BY m.n) FROM jsonb_array_elements(s.materials) WITH ORDINALITY AS m(item, n)), '[]'::jsonb)`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A clock kind for registered complaints and reports (投诉/举报). The CHECK on deadline_timer.kind is
 * widened from the kinds it holds when this runs, so that kinds other branches add in migrations of their
 * own are kept whatever the order. (Alerts' kinds are no longer checked since the inbox migration.)
 */
export class ComplaintTimers1767000080500 implements MigrationInterface {
  name = 'ComplaintTimers1767000080500';

  async up(q: QueryRunner): Promise<void> {
    await setKinds(q, (kinds) => [...new Set([...kinds, 'complaint'])]);
  }

  async down(q: QueryRunner): Promise<void> {
    await setKinds(q, (kinds) => kinds.filter((k) => k !== 'complaint'));
  }
}

/** Rewrites the CHECK on deadline_timer.kind from the kinds it holds now, changed by `change`. */
export async function setKinds(q: QueryRunner, change: (kinds: string[]) => string[]): Promise<void> {
  const [row] = (await q.query(`SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'deadline_timer_kind_check'`)) as Array<{ def: string }>;
  const kinds = [...(row?.def ?? '').matchAll(/'([a-z_]+)'/g)].map((m) => m[1]!);
  const list = change(kinds).map((k) => `'${k}'`).join(', ');
  await q.query(`ALTER TABLE deadline_timer DROP CONSTRAINT deadline_timer_kind_check`);
  await q.query(`ALTER TABLE deadline_timer ADD CONSTRAINT deadline_timer_kind_check CHECK (kind IN (${list}))`);
}

import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';
import type { EmbeddedPostgres } from '../apps/launcher/src/embedded-postgres.js';

export default async function globalTeardown(): Promise<void> {
  // Set by global-setup.ts (the same process).
  const embedded = (globalThis as { swEmbeddedPostgres?: EmbeddedPostgres }).swEmbeddedPostgres;
  if (embedded) {
    // The run's own server: nothing in it to keep.
    await embedded.stop();
    rmSync(dirname(embedded.dir), { recursive: true, force: true });
    return;
  }
  const template = process.env.SW_TEST_TEMPLATE;
  const server = process.env.TEST_DATABASE_SERVER;
  if (!template || !server) return;
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    // The template and every per-file copy of this run, including those of a test that never closed.
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname = $1 OR starts_with(datname, $1 || '_f_')`,
      [template],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

import pg from 'pg';

export default async function globalTeardown(): Promise<void> {
  const template = process.env.SW_TEST_TEMPLATE;
  if (!template) return;
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
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

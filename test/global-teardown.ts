import pg from 'pg';

export default async function globalTeardown(): Promise<void> {
  const template = process.env.SW_TEST_TEMPLATE;
  if (!template) return;
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

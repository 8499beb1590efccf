import { randomBytes } from 'node:crypto';
import pg from 'pg';

// Runs outside Jest's module map, so it only uses packages. The first test file migrates the template
// (see TestApp.start); every file then copies it into a database of its own.
export default async function globalSetup(): Promise<void> {
  const server = process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const template = `sw_template_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const client = new pg.Client({ connectionString: server });
  try {
    await client.connect();
  } catch (e) {
    throw new Error(`PostgreSQL is not answering at ${server}: start it (see README).`, { cause: e });
  }
  try {
    await client.query(`CREATE DATABASE "${template}"`);
  } finally {
    await client.end();
  }
  process.env.SW_TEST_TEMPLATE = template;
}

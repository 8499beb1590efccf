import 'reflect-metadata';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfigOrExit, resolveAuditKeys, SYSTEM_CHAIN, verifyAuditChain } from '@app/platform';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `npm run audit:verify -- --unit <id>`: checks a unit's audit trail straight from DATABASE_URL with the
 * installation's keys (AUDIT_CHAIN_KEY and AUDIT_SIGNING_KEY, or the files under DATA_DIR; none is made
 * here), as GET /api/v1/audit/verify does. Prints the report as JSON; exits 0 when intact, 1 when not,
 * 2 on a usage or key error. `--unit system` checks the entries of no unit.
 */
async function main(): Promise<number> {
  let unit: string | undefined;
  try {
    unit = parseArgs({ options: { unit: { type: 'string' } } }).values.unit;
  } catch (e) {
    return usage(e instanceof Error ? e.message : String(e));
  }
  if (!unit || (unit !== SYSTEM_CHAIN && !UUID.test(unit))) return usage('--unit must be a unit id (uuid) or "system"');
  const config = loadConfigOrExit(process.env);
  let keys;
  try {
    keys = resolveAuditKeys(config, false);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const client = new pg.Client({ connectionString: config.DATABASE_URL });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const report = await verifyAuditChain({ query: async (sql, params) => (await client.query(sql, params)).rows }, keys, unit.toLowerCase());
    await client.query('COMMIT');
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return report.intact ? 0 : 1;
  } finally {
    await client.end();
  }
}

function usage(problem: string): number {
  process.stderr.write(`${problem}\nusage: npm run audit:verify -- --unit <unit id | system>\n`);
  return 2;
}

main().then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`audit verification failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 2;
  },
);

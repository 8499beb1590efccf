import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * The pg pool under TypeORM, for the hot paths (intake, who-am-I): a statement through it is one round
 * trip with no query runner or query builder around it, and a single statement is atomic on its own.
 * Name a statement that runs on every request (`{ name, text, values }`): each connection prepares it once.
 */
export function pgPool(db: DataSource): Pool {
  return (db.driver as unknown as { master: Pool }).master;
}

/**
 * The rows of an UPDATE or DELETE … RETURNING run through TypeORM's query(): on PostgreSQL it answers
 * [rows, affectedCount] for those, but plain rows for SELECT and INSERT.
 */
export function returningRows<T>(result: unknown): T[] {
  const r = result as unknown[];
  return (Array.isArray(r[0]) && typeof r[1] === 'number' ? r[0] : r) as T[];
}

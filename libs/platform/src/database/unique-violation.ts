import { DomainError } from '@app/core';

const UNIQUE_VIOLATION = '23505';

/**
 * Runs a write and turns a unique-constraint failure into a 409 naming the field. The constraint is
 * the arbiter: a check-then-insert would let two concurrent requests through to a 500.
 */
export async function uniqueOr<T>(write: Promise<T>, byColumn: Record<string, [code: string, field: string]>): Promise<T> {
  try {
    return await write;
  } catch (e) {
    const err = e as { code?: string; detail?: string };
    if (err.code !== UNIQUE_VIOLATION) throw e;
    const columns = Object.keys(byColumn);
    const column = columns.find((c) => err.detail?.includes(`(${c})`) || err.detail?.includes(`${c})`)) ?? columns[0]!;
    const [code, field] = byColumn[column]!;
    throw new DomainError(code, `${field} is already taken`, 'conflict', field);
  }
}

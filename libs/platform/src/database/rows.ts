/**
 * Typed rows from raw SQL. pg hands back untyped objects; a row mapper (one per table or result shape)
 * names each column it reads with its kind, checks the value (an Error names the column and what came
 * instead) and converts what pg sends as text: int8 counts and sums, numeric. Plain loops, no schema
 * library: mappers run on every read.
 *
 * Kinds: 'text', 'int' (int2/4/8, counts), 'decimal' (numeric, float), 'bool', 'timestamp' (timestamptz),
 * 'text[]'; a trailing '?' allows NULL. `oneOf(values)` for a text column with a closed set of values,
 * `subsetOf(values)` for a text[] one, `json<T>()` for a json or jsonb column (its shape is the one this
 * library's own code wrote).
 */

/** Checks one column's value and returns it typed; throws naming the column. */
export type ColumnCheck<T> = (value: unknown, column: string) => T;

type Kind = 'text' | 'int' | 'decimal' | 'bool' | 'timestamp' | 'text[]';
type Spec = Kind | `${Kind}?` | ColumnCheck<unknown>;

type KindType<K extends Kind> = K extends 'text' ? string : K extends 'int' | 'decimal' ? number : K extends 'bool' ? boolean : K extends 'timestamp' ? Date : string[];
type SpecType<S> = S extends Kind ? KindType<S> : S extends `${infer K extends Kind}?` ? KindType<K> | null : S extends ColumnCheck<infer T> ? T : never;

/** Reads one raw row into its typed shape. */
export type RowMapper<T> = (raw: Record<string, unknown>) => T;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Date) return 'a Date';
  if (Array.isArray(value)) return 'an array';
  const text = typeof value === 'string' ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) : String(value);
  return typeof value === 'object' ? 'an object' : `${typeof value} ${text}`;
}

function mismatch(column: string, expected: string, value: unknown): Error {
  return new Error(`column ${column}: expected ${expected}, got ${describe(value)}`);
}

const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

const KINDS: Record<Kind, ColumnCheck<unknown>> = {
  text: (v, c) => {
    if (typeof v === 'string') return v;
    throw mismatch(c, 'text', v);
  },
  int: (v, c) => {
    // int8 (count(*), sum of ints) arrives as text; anything past 2^53 would lose digits, so it is refused.
    const n = typeof v === 'number' ? v : typeof v === 'string' && INTEGER.test(v) ? Number(v) : NaN;
    if (Number.isSafeInteger(n)) return n;
    throw mismatch(c, 'an integer', v);
  },
  decimal: (v, c) => {
    const n = typeof v === 'number' ? v : typeof v === 'string' && DECIMAL.test(v) ? Number(v) : NaN;
    if (Number.isFinite(n)) return n;
    throw mismatch(c, 'a number', v);
  },
  bool: (v, c) => {
    if (typeof v === 'boolean') return v;
    throw mismatch(c, 'a boolean', v);
  },
  timestamp: (v, c) => {
    if (v instanceof Date) return v;
    throw mismatch(c, 'a timestamp', v);
  },
  'text[]': (v, c) => {
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
    throw mismatch(c, 'an array of text', v);
  },
};

/** A column that may be NULL. */
export function nullable<T>(check: ColumnCheck<T>): ColumnCheck<T | null> {
  return (v, c) => (v === null ? null : check(v, c));
}

/** A text column holding one of a closed set of values (a status, a type). */
export function oneOf<const V extends string>(values: readonly V[]): ColumnCheck<V> {
  const allowed = new Set<string>(values);
  return (v, c) => {
    if (typeof v === 'string' && allowed.has(v)) return v as V;
    throw mismatch(c, `one of ${values.join(', ')}`, v);
  };
}

/** A text[] column whose every element is one of a closed set (a staff member's roles). */
export function subsetOf<const V extends string>(values: readonly V[]): ColumnCheck<V[]> {
  const allowed = new Set<string>(values);
  return (v, c) => {
    if (Array.isArray(v) && v.every((x) => typeof x === 'string' && allowed.has(x))) return v as V[];
    throw mismatch(c, `an array of ${values.join(', ')}`, v);
  };
}

/** A json or jsonb column, as this library wrote it (pg parses it; NULL is kept when T allows it). */
export function json<T>(): ColumnCheck<T> {
  return (v, c) => {
    if (v === undefined || typeof v === 'function') throw mismatch(c, 'json', v);
    return v as T;
  };
}

function checkOf(spec: Spec): ColumnCheck<unknown> {
  if (typeof spec === 'function') return spec;
  return spec.endsWith('?') ? nullable(KINDS[spec.slice(0, -1) as Kind]) : KINDS[spec as Kind];
}

/**
 * A mapper for rows of `shape` (`name` is the table or query, for the error message). Example:
 * `const alertRow = rowMapper('alert', { id: 'text', read_at: 'timestamp?', step: oneOf(STEPS) })`.
 * The row is checked and converted in place, not copied (ten times faster on a 20-column row, and
 * mappers run on every read); columns the shape does not name stay as pg sent them, unseen by the type,
 * so a whole `SELECT *` row written to the audit trail keeps every column.
 */
export function rowMapper<const S extends Record<string, Spec>>(name: string, shape: S): RowMapper<{ -readonly [K in keyof S]: SpecType<S[K]> }> {
  const columns = Object.keys(shape);
  const checks = columns.map((c) => checkOf(shape[c]!));
  const labels = columns.map((c) => `${name}.${c}`);
  return (raw) => {
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i]!;
      const value = raw[column];
      if (value === undefined) throw new Error(`column ${labels[i]} is missing from the row`);
      const checked = checks[i]!(value, labels[i]!);
      if (checked !== value) raw[column] = checked;
    }
    return raw as { -readonly [K in keyof S]: SpecType<S[K]> };
  };
}

/**
 * The rows of a query result, each read by `mapper`. TypeORM's query() answers UPDATE and DELETE …
 * RETURNING on PostgreSQL as [rows, affectedCount], SELECT and INSERT as plain rows: both are read.
 */
export function readRows<T>(mapper: RowMapper<T>, result: unknown): T[] {
  if (!Array.isArray(result)) throw new Error(`a query result is an array of rows, got ${describe(result)}`);
  const rows: unknown[] = result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number' ? (result[0] as unknown[]) : result;
  return rows.map((r) => mapper(r as Record<string, unknown>));
}

const totalRow = rowMapper('count', { total: 'int' });

/** The `total` of a `SELECT count(*) AS total …` result. */
export function readTotal(result: unknown): number {
  const [row] = readRows(totalRow, result);
  if (!row) throw new Error('a count query returned no row');
  return row.total;
}

import { readRows, rowMapper } from '../database/rows.js';
import { auditLinkHash, checkpointSignatureValid, GENESIS, type AuditLink } from './audit-chain.js';
import type { AuditKeys } from './audit-keys.js';

/** What runs SQL: an EntityManager, a DataSource (the offline command), a query runner. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

export interface BrokenEntry {
  entryId: string;
  sequence: number;
  /** sequence: a link is missing before it; previous_hash: it does not follow its predecessor; hash: its content or key differs. */
  problem: 'sequence' | 'previous_hash' | 'hash';
  expected: string;
  actual: string;
}

export interface BrokenCheckpoint {
  checkpointId: string;
  sequence: number;
  /** key: signed by another key; signature: does not match its content; missing_entry / hash: the chain no longer has what it signed. */
  problem: 'key' | 'signature' | 'missing_entry' | 'hash';
  expected?: string;
  actual?: string;
}

export interface AuditCheckpoint {
  id: string;
  unitId: string;
  sequence: number;
  hash: string;
  at: string;
  keyFingerprint: string;
  signature: string;
}

/** A unit's trail checked: the sealed chain, its signed checkpoints, and apart from both the entries not sealed yet. */
export interface AuditVerification {
  unitId: string;
  intact: boolean;
  sealed: { count: number; head: { entryId: string; sequence: number; hash: string; at: string } | null };
  firstBroken: BrokenEntry | null;
  checkpoints: { count: number; firstBroken: BrokenCheckpoint | null; latest: AuditCheckpoint | null };
  unsealed: { count: number; oldestAt: string | null };
}

const PAGE = 5_000;
const ISO_AT = `to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const linkRow = rowMapper('audit_log', {
  id: 'text',
  seq: 'int',
  at: 'text',
  actor_id: 'text?',
  unit_id: 'text?',
  action: 'text',
  entity: 'text',
  entity_id: 'text',
  before: 'text',
  after: 'text',
  // Sealed rows always have both; a NULL here is tampering, reported as a broken link.
  prev_hash: 'text?',
  hash: 'text?',
});
const checkpointRow = rowMapper('audit_checkpoint', { id: 'text', chain: 'text', seq: 'int', hash: 'text', at: 'text', key_fingerprint: 'text', signature: 'text' });
const tailRow = rowMapper('audit_log', { n: 'int', oldest: 'text?' });

export const CHECKPOINT_COLUMNS = `id::text AS id, chain, seq, hash, ${ISO_AT} AS at, key_fingerprint, signature`;

export function toCheckpoint(raw: Record<string, unknown>): AuditCheckpoint {
  const r = checkpointRow(raw);
  return { id: r.id, unitId: r.chain, sequence: r.seq, hash: r.hash, at: r.at, keyFingerprint: r.key_fingerprint, signature: r.signature };
}

/**
 * Walks a chain from its first link: each must carry the next sequence number, its predecessor's hash and
 * the HMAC of its content. Then each checkpoint must bear this installation's signature over a head the
 * chain still has. Run it in one REPEATABLE READ transaction for a consistent answer.
 */
export async function verifyAuditChain(db: Queryable, keys: Pick<AuditKeys, 'chainKey' | 'publicKey' | 'fingerprint'>, chain: string): Promise<AuditVerification> {
  const checkpoints = ((await db.query(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoint c WHERE chain = $1 ORDER BY c.id`, [chain])) as Array<Record<string, unknown>>).map(toCheckpoint);
  const wanted = new Set(checkpoints.map((c) => c.sequence));
  const stored = new Map<number, string>();

  let firstBroken: BrokenEntry | null = null;
  let prev = GENESIS;
  let expectedSeq = 1;
  let count = 0;
  let head: AuditVerification['sealed']['head'] = null;
  for (let after = 0; ; ) {
    const rows = readRows(
      linkRow,
      (await db.query(
        `SELECT id::text AS id, seq, ${ISO_AT} AS at, actor_id, unit_id, action, entity, entity_id, before::text AS before, after::text AS after, prev_hash, hash
           FROM audit_log WHERE chain = $1 AND seq > $2 ORDER BY seq LIMIT ${PAGE}`,
        [chain, after],
      )) as Array<Record<string, unknown>>,
    );
    for (const r of rows) {
      count += 1;
      const hash = r.hash ?? '';
      const prevHash = r.prev_hash ?? '';
      if (wanted.has(r.seq)) stored.set(r.seq, hash);
      head = { entryId: r.id, sequence: r.seq, hash, at: r.at };
      if (firstBroken) continue;
      const link: AuditLink = { id: r.id, chain, seq: r.seq, at: r.at, actorId: r.actor_id, unitId: r.unit_id, action: r.action, entity: r.entity, entityId: r.entity_id, before: r.before, after: r.after };
      const expectedHash = auditLinkHash(keys.chainKey, prevHash, link);
      if (r.seq !== expectedSeq) firstBroken = { entryId: r.id, sequence: r.seq, problem: 'sequence', expected: String(expectedSeq), actual: String(r.seq) };
      else if (prevHash !== prev) firstBroken = { entryId: r.id, sequence: r.seq, problem: 'previous_hash', expected: prev, actual: prevHash };
      else if (hash !== expectedHash) firstBroken = { entryId: r.id, sequence: r.seq, problem: 'hash', expected: expectedHash, actual: hash };
      prev = hash;
      expectedSeq += 1;
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.seq;
  }

  let brokenCheckpoint: BrokenCheckpoint | null = null;
  for (const c of [...checkpoints].sort((a, b) => a.sequence - b.sequence)) {
    const at = { checkpointId: c.id, sequence: c.sequence };
    if (c.keyFingerprint !== keys.fingerprint) brokenCheckpoint = { ...at, problem: 'key', expected: keys.fingerprint, actual: c.keyFingerprint };
    else if (!checkpointSignatureValid(keys.publicKey, { chain, seq: c.sequence, hash: c.hash, at: c.at }, c.signature)) brokenCheckpoint = { ...at, problem: 'signature' };
    else if (!stored.has(c.sequence)) brokenCheckpoint = { ...at, problem: 'missing_entry' };
    else if (stored.get(c.sequence) !== c.hash) brokenCheckpoint = { ...at, problem: 'hash', expected: c.hash, actual: stored.get(c.sequence) };
    if (brokenCheckpoint) break;
  }

  const [tail] = readRows(
    tailRow,
    (await db.query(`SELECT count(*) AS n, ${ISO_AT.replace('at AT', 'min(at) AT')} AS oldest FROM audit_log WHERE hash IS NULL AND chain = $1`, [chain])) as Array<
      Record<string, unknown>
    >,
  );
  return {
    unitId: chain,
    intact: !firstBroken && !brokenCheckpoint,
    sealed: { count, head },
    firstBroken,
    checkpoints: { count: checkpoints.length, firstBroken: brokenCheckpoint, latest: checkpoints[checkpoints.length - 1] ?? null },
    unsealed: { count: tail?.n ?? 0, oldestAt: tail?.oldest ?? null },
  };
}

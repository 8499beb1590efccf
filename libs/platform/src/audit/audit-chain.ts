import { createHmac, sign, verify, type KeyObject } from 'node:crypto';

/** The previous hash of a chain's first entry. */
export const GENESIS = '0'.repeat(64);

/** The chain of entries with no unit (seeding, the system itself). */
export const SYSTEM_CHAIN = 'system';

/** What one sealed link covers: its place in the chain and everything the writer recorded. */
export interface AuditLink {
  id: string;
  chain: string;
  seq: number;
  /** ISO-8601 UTC with milliseconds, as stored. */
  at: string;
  actorId: string | null;
  unitId: string | null;
  action: string;
  entity: string;
  entityId: string;
  /** JSON text exactly as stored (the columns are json, not jsonb, so the text is kept as written). */
  before: string;
  after: string;
}

/**
 * The hash of a link: an HMAC under the installation's chain key, so that whoever can write the table
 * but has not the key cannot recompute a chain that verifies.
 */
export function auditLinkHash(key: Buffer, prevHash: string, link: AuditLink): string {
  const fields = ['audit-v2', link.chain, link.seq, link.id, prevHash, link.at, link.actorId, link.unitId, link.action, link.entity, link.entityId, link.before, link.after];
  return createHmac('sha256', key).update(JSON.stringify(fields)).digest('hex');
}

/** A chain head as a checkpoint states it. */
export interface CheckpointClaim {
  chain: string;
  seq: number;
  hash: string;
  /** When it was signed, ISO-8601 UTC with milliseconds. */
  at: string;
}

/** The exact text a checkpoint's Ed25519 signature covers (published with it, so anyone can check it). */
export function checkpointText(c: CheckpointClaim): string {
  return `service-window audit checkpoint v1\nunit: ${c.chain}\nsequence: ${c.seq}\nhash: ${c.hash}\nat: ${c.at}\n`;
}

export function signCheckpoint(privateKey: KeyObject, c: CheckpointClaim): string {
  return sign(null, Buffer.from(checkpointText(c), 'utf8'), privateKey).toString('base64');
}

export function checkpointSignatureValid(publicKey: KeyObject, c: CheckpointClaim, signature: string): boolean {
  try {
    return verify(null, Buffer.from(checkpointText(c), 'utf8'), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

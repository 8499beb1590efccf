import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AppConfig } from '../config/app-config.js';

/** The audit trail's two keys, both kept outside the database: whoever can write the tables has neither. */
export interface AuditKeys {
  /** HMAC key of the chain. */
  chainKey: Buffer;
  /** Ed25519: checkpoints are signed with the private key and checked with the public one. */
  signingKey: KeyObject;
  publicKey: KeyObject;
  /** sha256 of the raw public key, hex: printed with each checkpoint. */
  fingerprint: string;
  /** The files made on this start (to warn about), and the files read instead of configuration. */
  created: string[];
  files: string[];
}

export const AUDIT_CHAIN_KEY_FILE = 'audit-chain-key';
export const AUDIT_SIGNING_KEY_FILE = 'audit-signing-key.pem';

/** The PKCS#8 DER prefix of an Ed25519 private key: the 32-byte seed follows it. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export class AuditKeyMissingError extends Error {
  constructor(variable: string, file: string) {
    super(`${variable} is not set and ${file} does not exist: production needs one of them (the same on every replica)`);
    this.name = 'AuditKeyMissingError';
  }
}

/** An Ed25519 private key from a PKCS#8 PEM or a base64 seed (the forms AUDIT_SIGNING_KEY takes). */
export function parseSigningKey(text: string): KeyObject {
  const trimmed = text.trim();
  const key = trimmed.startsWith('-----BEGIN')
    ? createPrivateKey(trimmed)
    : createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, Buffer.from(trimmed, 'base64')]), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`AUDIT_SIGNING_KEY is a ${key.asymmetricKeyType} key, not Ed25519`);
  return key;
}

/** sha256 of the raw 32-byte public key, hex. */
export function keyFingerprint(publicKey: KeyObject): string {
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  return createHash('sha256').update(raw).digest('hex');
}

/**
 * AUDIT_CHAIN_KEY and AUDIT_SIGNING_KEY when given; otherwise the installation's own keys in DATA_DIR,
 * made on first start when `create` (never in production, where replicas must share them; never by the
 * offline verifier, for which a new key would only report every entry broken).
 */
export function resolveAuditKeys(config: AppConfig, create = config.NODE_ENV !== 'production'): AuditKeys {
  const created: string[] = [];
  const files: string[] = [];
  const fromFile = (variable: string, name: string, make: () => string): string => {
    const file = resolve(join(config.DATA_DIR, name));
    files.push(file);
    const existing = readKeyFile(file);
    if (existing) return existing;
    if (!create) throw new AuditKeyMissingError(variable, file);
    if (writeOnce(config.DATA_DIR, file, make())) created.push(file);
    const made = readKeyFile(file);
    if (!made) throw new Error(`could not read the key just written to ${file}`);
    return made;
  };
  const chainText = config.AUDIT_CHAIN_KEY ?? fromFile('AUDIT_CHAIN_KEY', AUDIT_CHAIN_KEY_FILE, () => randomBytes(48).toString('base64url'));
  if (chainText.length < 32) throw new Error('the audit chain key holds fewer than 32 characters');
  const signingText =
    config.AUDIT_SIGNING_KEY ??
    fromFile('AUDIT_SIGNING_KEY', AUDIT_SIGNING_KEY_FILE, () => generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
  const signingKey = parseSigningKey(signingText);
  const publicKey = createPublicKey(signingKey);
  return { chainKey: Buffer.from(chainText, 'utf8'), signingKey, publicKey, fingerprint: keyFingerprint(publicKey), created, files };
}

function readKeyFile(file: string): string | undefined {
  try {
    const text = readFileSync(file, 'utf8').trim();
    return text.length > 0 ? text : undefined;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Written aside, then linked into place: when the api and the worker start together, the first link wins whole. */
function writeOnce(dir: string, file: string, content: string): boolean {
  mkdirSync(resolve(dir), { recursive: true, mode: 0o700 });
  const aside = `${file}.${process.pid}.tmp`;
  writeFileSync(aside, `${content.trim()}\n`, { mode: 0o600 });
  try {
    linkSync(aside, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return false;
  } finally {
    unlinkSync(aside);
  }
}

/** The injection token of the installation's AuditKeys (PlatformModule resolves them once per process). */
export const AUDIT_KEYS = Symbol('AUDIT_KEYS');

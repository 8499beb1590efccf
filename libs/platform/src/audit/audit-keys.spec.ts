import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/app-config.js';
import { AUDIT_CHAIN_KEY_FILE, AUDIT_SIGNING_KEY_FILE, AuditKeyMissingError, resolveAuditKeys } from './audit-keys.js';

describe('audit keys', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'audit-keys-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const config = (env: Record<string, string> = {}) => loadConfig({ NODE_ENV: 'development', DATA_DIR: dir, ...env });

  it('without configuration, the installation makes its own keys under DATA_DIR once (owner-only), and reads them back', () => {
    const first = resolveAuditKeys(config());
    expect(first.created).toEqual([join(dir, AUDIT_CHAIN_KEY_FILE), join(dir, AUDIT_SIGNING_KEY_FILE)]);
    expect(statSync(join(dir, AUDIT_SIGNING_KEY_FILE)).mode & 0o777).toBe(0o600);
    const again = resolveAuditKeys(config());
    expect(again.created).toEqual([]);
    expect(again.chainKey.equals(first.chainKey)).toBe(true);
    expect(again.fingerprint).toBe(first.fingerprint);
  });

  it('production, or the offline verifier, never makes a key: a missing one is an error naming the variable', () => {
    expect(() => resolveAuditKeys(config({ NODE_ENV: 'production' }))).toThrow(AuditKeyMissingError);
    expect(() => resolveAuditKeys(config(), false)).toThrow(/AUDIT_CHAIN_KEY is not set/);
  });

  it('AUDIT_SIGNING_KEY is a PKCS#8 PEM or the base64 seed of the same key; AUDIT_CHAIN_KEY is used as given', () => {
    const pair = generateKeyPairSync('ed25519');
    const pem = pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const seed = pair.privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(-32).toString('base64');
    const chain = 'k'.repeat(40);
    const fromPem = resolveAuditKeys(config({ AUDIT_CHAIN_KEY: chain, AUDIT_SIGNING_KEY: pem }), false);
    const fromSeed = resolveAuditKeys(config({ AUDIT_CHAIN_KEY: chain, AUDIT_SIGNING_KEY: seed }), false);
    expect(fromSeed.fingerprint).toBe(fromPem.fingerprint);
    expect(fromPem.chainKey.toString()).toBe(chain);
    expect(fromPem.files).toEqual([]);
  });

  it('a malformed AUDIT_SIGNING_KEY or a short AUDIT_CHAIN_KEY is refused at start-up, its value not echoed', () => {
    expect(() => config({ AUDIT_SIGNING_KEY: 'not-a-key' })).toThrow(/AUDIT_SIGNING_KEY must be an Ed25519 private key.*a hidden value/s);
    expect(() => config({ AUDIT_CHAIN_KEY: 'short' })).toThrow(/AUDIT_CHAIN_KEY.*a hidden value/s);
  });
});

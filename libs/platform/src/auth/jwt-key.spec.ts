import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/app-config.js';
import { JwtSecretMissingError, resolveJwtKey } from './jwt-key.js';

describe('the JWT signing key', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sw-jwt-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('without JWT_SECRET, an installation makes its own random secret under DATA_DIR, readable by its owner only, and keeps it', () => {
    const config = loadConfig({ DATA_DIR: join(dir, 'data') });
    const first = resolveJwtKey(config);
    expect(first.created).toBe(true);
    expect(first.file).toBe(join(dir, 'data', 'jwt-secret'));
    const secret = readFileSync(first.file!, 'utf8').trim();
    expect(secret.length).toBeGreaterThanOrEqual(48);
    expect(statSync(first.file!).mode & 0o777).toBe(0o600);

    const again = resolveJwtKey(config);
    expect(again.created).toBe(false);
    expect(again.key.export().equals(first.key.export())).toBe(true);
    // Another installation gets another secret.
    const other = resolveJwtKey(loadConfig({ DATA_DIR: join(dir, 'other') }));
    expect(other.key.export().equals(first.key.export())).toBe(false);
  });

  it('in production, a missing secret stops start-up; the installation file, once there, will do', () => {
    const config = loadConfig({ NODE_ENV: 'production', DATA_DIR: dir });
    expect(() => resolveJwtKey(config)).toThrow(JwtSecretMissingError);
    writeFileSync(join(dir, 'jwt-secret'), 'k'.repeat(40));
    expect(resolveJwtKey(config)).toMatchObject({ created: false, file: join(dir, 'jwt-secret') });
  });

  it('JWT_SECRET, when given, is used and no file is made', () => {
    const key = resolveJwtKey(loadConfig({ JWT_SECRET: 's'.repeat(40), DATA_DIR: dir }));
    expect(key.file).toBeUndefined();
    expect(key.key.export().toString()).toBe('s'.repeat(40));
    expect(() => statSync(join(dir, 'jwt-secret'))).toThrow();
  });

  it('a secret file of fewer than 32 characters is refused by name', () => {
    writeFileSync(join(dir, 'jwt-secret'), 'short');
    expect(() => resolveJwtKey(loadConfig({ DATA_DIR: dir }))).toThrow(/fewer than 32 characters/);
  });
});

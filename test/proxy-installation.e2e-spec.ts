import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { TestApp } from './support/test-app.js';
import { demoWorld } from './support/world.js';

// These tests read the app's log lines.
describe('an installation behind a reverse proxy, with no JWT_SECRET given', () => {
  let t: TestApp;
  let dataDir: string;
  const logs: Array<Record<string, any>> = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sw-data-'));
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) logs.push(JSON.parse(line));
        done();
      },
    });
    t = await TestApp.start({ env: { DATA_DIR: dataDir, TRUST_PROXY: '10.0.0.5', LOG_LEVEL: 'info' }, logStream });
    await demoWorld(t);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('signs with a random secret it keeps under DATA_DIR, and says so at start-up', () => {
    expect(statSync(join(dataDir, 'jwt-secret')).mode & 0o777).toBe(0o600);
    const warning = logs.find((l) => l.level === 40 && /JWT_SECRET is not set/.test(String(l.msg)));
    expect(warning).toBeDefined();
    expect(String(warning!.msg)).toContain(join(dataDir, 'jwt-secret'));
  });

  /** A login as it reaches us through the trusted proxy (10.0.0.5), for a client at `client`. */
  const viaProxy = (username: string, password: string, client: string, peer = '10.0.0.5') =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: peer,
      headers: { 'content-type': 'application/json', 'x-forwarded-for': client, 'x-request-id': `proxy-${client}-${password}` },
      payload: JSON.stringify({ username, password }),
    });

  it("throttles by the client's address that the trusted proxy forwards, not by the proxy's", async () => {
    for (let i = 0; i < 5; i++) expect((await viaProxy('clerk01', `guess-${i}`, '192.0.2.10')).statusCode).toBe(401);
    expect((await viaProxy('clerk01', 'ChangeMe-2026', '192.0.2.10')).statusCode).toBe(429);
    // Another client behind the same proxy is not slowed down.
    expect((await viaProxy('clerk01', 'ChangeMe-2026', '192.0.2.11')).statusCode).toBe(200);
  });

  it("logs the client's address, and believes no X-Forwarded-For from a peer that is not the proxy", async () => {
    await viaProxy('nobody', 'nothing-at-all', '192.0.2.20');
    const line = logs.find((l) => l.requestId === 'proxy-192.0.2.20-nothing-at-all' && l.res);
    expect(line?.clientAddress).toBe('192.0.2.20');

    for (let i = 0; i < 5; i++) await viaProxy('handler01', `guess-${i}`, `192.0.2.${30 + i}`, '198.51.100.7');
    expect((await viaProxy('handler01', 'ChangeMe-2026', '192.0.2.99', '198.51.100.7')).statusCode).toBe(429);
    const spoofed = logs.find((l) => l.requestId === 'proxy-192.0.2.99-ChangeMe-2026' && l.res);
    expect(spoofed?.clientAddress).toBe('198.51.100.7');
  });

  it("audits logins, failed or not, with the client's address the trusted proxy forwards", async () => {
    expect((await viaProxy('head01', 'wrong-password-1', '192.0.2.40')).statusCode).toBe(401);
    expect((await viaProxy('head01', 'ChangeMe-2026', '192.0.2.41')).statusCode).toBe(200);
    const rows = (await t.db.query(
      `SELECT action, after->>'address' AS address FROM audit_log WHERE action IN ('auth.login', 'auth.login_failed') AND after->>'address' LIKE '192.0.2.4_' ORDER BY id`,
    )) as Array<{ action: string; address: string }>;
    expect(rows).toEqual([
      { action: 'auth.login_failed', address: '192.0.2.40' },
      { action: 'auth.login', address: '192.0.2.41' },
    ]);
  });
});

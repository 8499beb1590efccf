import { TestApp, type Reply } from './support/test-app.js';
import { expectProblem } from './support/problem.js';
import { claimsOf } from './support/tokens.js';
import { addStaff, demoWorld, STAFF_PASSWORD, type World } from './support/world.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The Set-Cookie header of a reply, as one string. */
function setCookie(res: Reply): string {
  const header = res.headers['set-cookie'];
  return Array.isArray(header) ? header.join('\n') : String(header ?? '');
}

describe('sessions: revocable, refreshed, ended by logout and by changes to the account', () => {
  let t: TestApp;
  let w: World;
  let n = 0;

  beforeAll(async () => {
    t = await TestApp.start();
    w = await demoWorld(t);
  });
  afterAll(() => t?.close());

  const login = async (username: string, password = STAFF_PASSWORD, headers: Record<string, string> = {}) => {
    const res = await t.post('/api/v1/auth/login', { body: { username, password }, headers });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  };

  /** A fresh account with the given roles, so that ending its sessions touches no other test. */
  async function person(roles: string[] = ['clerk']): Promise<{ id: string; username: string }> {
    n += 1;
    const username = `sess${n}`;
    const added = await addStaff(t, w, `SESS${n}`, [[username, 'window', roles]]);
    return { id: added.id[username]!, username };
  }

  describe('revocation', () => {
    it('a demoted admin cannot create an admin account with the token they had', async () => {
      const boss = await person(['admin']);
      const token = (await login(boss.username)).body.accessToken;
      expect((await t.get('/api/v1/staff', { token })).status).toBe(200);

      expect((await t.patch(`/api/v1/staff/${boss.id}`, { token: w.tokens.admin, body: { roles: ['clerk'] } })).status).toBe(200);

      const before = await t.count('staff');
      const res = await t.post('/api/v1/staff', {
        token,
        body: { username: 'usurper01', password: STAFF_PASSWORD, name: '越权', badgeNo: 'USURP-1', roles: ['admin'] },
      });
      expectProblem(res, 401, 'AUTH.SESSION_ENDED');
      expect(await t.count('staff')).toBe(before);
      // Logged in again, the token carries the new role only.
      expect(claimsOf((await login(boss.username)).body.accessToken).roles).toEqual(['clerk']);
    });

    it("a deactivated staff member's token and refresh token stop working at once", async () => {
      const clerk = await person();
      const session = (await login(clerk.username)).body;
      expect((await t.patch(`/api/v1/staff/${clerk.id}`, { token: w.tokens.admin, body: { active: false } })).status).toBe(200);
      expectProblem(await t.get('/api/v1/auth/me', { token: session.accessToken }), 401, 'AUTH.SESSION_ENDED');
      expectProblem(await t.post('/api/v1/auth/refresh', { body: { refreshToken: session.refreshToken } }), 401, 'AUTH.INVALID_REFRESH_TOKEN');
    });

    it('a new password set by an admin ends the sessions opened with the old one', async () => {
      const clerk = await person();
      const token = (await login(clerk.username)).body.accessToken;
      expect((await t.patch(`/api/v1/staff/${clerk.id}`, { token: w.tokens.admin, body: { password: 'Reset-By-Admin-77' } })).status).toBe(200);
      expectProblem(await t.get('/api/v1/auth/me', { token }), 401, 'AUTH.SESSION_ENDED');
    });

    it('a change that leaves roles, activity and password alone (a new phone) ends no session', async () => {
      const clerk = await person();
      const token = (await login(clerk.username)).body.accessToken;
      expect((await t.patch(`/api/v1/staff/${clerk.id}`, { token: w.tokens.admin, body: { phone: '13900001111' } })).status).toBe(200);
      expect((await t.get('/api/v1/auth/me', { token })).status).toBe(200);
    });

    it('another replica sees a demotion within 5 seconds, without any message between them', async () => {
      const replica = await TestApp.start({ replicaOf: t, roles: ['api'] });
      try {
        const boss = await person(['admin']);
        const token = (await login(boss.username)).body.accessToken;
        expect((await replica.get('/api/v1/staff', { token })).status).toBe(200); // cached as live there

        expect((await t.patch(`/api/v1/staff/${boss.id}`, { token: w.tokens.admin, body: { roles: ['clerk'] } })).status).toBe(200);
        const changedAt = performance.now();
        let refusedAfter: number | undefined;
        while (performance.now() - changedAt < 8000) {
          const res = await replica.get('/api/v1/staff', { token });
          if (res.status === 401) {
            refusedAfter = performance.now() - changedAt;
            expect(res.body.code).toBe('AUTH.SESSION_ENDED');
            break;
          }
          await sleep(100);
        }
        expect(refusedAfter).toBeDefined();
        expect(refusedAfter!).toBeLessThanOrEqual(5500);
      } finally {
        await replica.close();
      }
    });
  });

  describe('logout', () => {
    it('POST /auth/logout ends the session: its access token and refresh token are refused; the cookie is cleared', async () => {
      const clerk = await person();
      const one = (await login(clerk.username)).body;
      const other = (await login(clerk.username)).body;
      const res = await t.post('/api/v1/auth/logout', { token: one.accessToken, body: {} });
      expect(res.status).toBe(204);
      expect(setCookie(res)).toMatch(/^sw_refresh=;.*Max-Age=0/);
      expectProblem(await t.get('/api/v1/auth/me', { token: one.accessToken }), 401, 'AUTH.SESSION_ENDED');
      expectProblem(await t.post('/api/v1/auth/refresh', { body: { refreshToken: one.refreshToken } }), 401, 'AUTH.INVALID_REFRESH_TOKEN');
      // The staff member's other session (another device) goes on.
      expect((await t.get('/api/v1/auth/me', { token: other.accessToken })).status).toBe(200);
    });

    it('logout by the refresh token alone (the access token has expired) ends the session too', async () => {
      const clerk = await person();
      const session = (await login(clerk.username)).body;
      const res = await t.post('/api/v1/auth/logout', { body: {}, headers: { cookie: `sw_refresh=${session.refreshToken}` } });
      expect(res.status).toBe(204);
      expectProblem(await t.get('/api/v1/auth/me', { token: session.accessToken }), 401, 'AUTH.SESSION_ENDED');
    });

    it('logout with nothing that names a session is 401', async () => {
      expectProblem(await t.post('/api/v1/auth/logout', { body: {} }), 401, 'AUTH.TOKEN_REQUIRED');
      expectProblem(await t.post('/api/v1/auth/logout', { body: { refreshToken: 'forged.0.xxxxxxxx' } }), 401, 'AUTH.TOKEN_REQUIRED');
    });

    it('POST /auth/logout-all ends every session of the caller', async () => {
      const clerk = await person();
      const one = (await login(clerk.username)).body;
      const other = (await login(clerk.username)).body;
      expect((await t.post('/api/v1/auth/logout-all', { token: one.accessToken, body: {} })).status).toBe(204);
      for (const s of [one, other]) {
        expectProblem(await t.get('/api/v1/auth/me', { token: s.accessToken }), 401, 'AUTH.SESSION_ENDED');
        expectProblem(await t.post('/api/v1/auth/refresh', { body: { refreshToken: s.refreshToken } }), 401, 'AUTH.INVALID_REFRESH_TOKEN');
      }
      expect((await login(clerk.username)).status).toBe(200);
    });
  });

  describe('refresh', () => {
    it('a refresh token gives a new access token of the same session and is replaced by the next one', async () => {
      const clerk = await person();
      const first = (await login(clerk.username)).body;
      const res = await t.post('/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, mustChangePassword: false, refreshExpiresAt: first.refreshExpiresAt });
      expect(res.body.refreshToken).not.toBe(first.refreshToken);
      expect(claimsOf(res.body.accessToken)).toMatchObject({ sub: clerk.id, sid: claimsOf(first.accessToken).sid, roles: ['clerk'] });
      expect((await t.get('/api/v1/auth/me', { token: res.body.accessToken })).body.id).toBe(clerk.id);
      // And the next one rotates again.
      const again = await t.post('/api/v1/auth/refresh', { body: { refreshToken: res.body.refreshToken } });
      expect(again.status).toBe(200);
    });

    it('a session lasts REFRESH_TTL_HOURS (12) from login, and refreshing does not stretch it', async () => {
      const clerk = await person();
      const first = (await login(clerk.username)).body;
      const hours = (Date.parse(first.refreshExpiresAt) - Date.now()) / 3_600_000;
      expect(hours).toBeGreaterThan(11.9);
      expect(hours).toBeLessThanOrEqual(12);
      expect(first.refreshExpiresIn).toBeGreaterThan(12 * 3600 - 60);
    });

    it('a refresh token used again after it was replaced ends the whole session (a stolen token is worth nothing)', async () => {
      const clerk = await person();
      const first = (await login(clerk.username)).body;
      const second = (await t.post('/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } })).body;
      const third = (await t.post('/api/v1/auth/refresh', { body: { refreshToken: second.refreshToken } })).body;
      // The first token, two rotations old, comes back: theft.
      expectProblem(await t.post('/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } }), 401, 'AUTH.REFRESH_TOKEN_REUSED');
      expectProblem(await t.post('/api/v1/auth/refresh', { body: { refreshToken: third.refreshToken } }), 401, 'AUTH.INVALID_REFRESH_TOKEN');
      expectProblem(await t.get('/api/v1/auth/me', { token: third.accessToken }), 401, 'AUTH.SESSION_ENDED');
    });

    it('the token just replaced, presented again within 10 seconds (two tabs at once), gets the current one; later it ends the session', async () => {
      const clerk = await person();
      const first = (await login(clerk.username)).body;
      const second = (await t.post('/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } })).body;
      const twin = await t.post('/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } });
      expect(twin.status).toBe(200);
      expect(twin.body.refreshToken).toBe(second.refreshToken);

      await t.db.query(`UPDATE auth_session SET rotated_at = rotated_at - interval '11 seconds' WHERE id = $1`, [claimsOf(first.accessToken).sid]);
      expectProblem(await t.post('/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } }), 401, 'AUTH.REFRESH_TOKEN_REUSED');
      expectProblem(await t.get('/api/v1/auth/me', { token: second.accessToken }), 401, 'AUTH.SESSION_ENDED');
    });

    it('an expired session cannot be refreshed', async () => {
      const clerk = await person();
      const first = (await login(clerk.username)).body;
      await t.db.query(`UPDATE auth_session SET expires_at = now() - interval '1 second' WHERE id = $1`, [claimsOf(first.accessToken).sid]);
      expectProblem(await t.post('/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } }), 401, 'AUTH.INVALID_REFRESH_TOKEN');
    });

    it('a forged or mangled refresh token is refused', async () => {
      const clerk = await person();
      const { refreshToken } = (await login(clerk.username)).body;
      const [sid, generation, mac] = refreshToken.split('.');
      for (const forged of [`${sid}.${Number(generation) + 1}.${mac}`, `${sid}.${generation}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`, 'x', '']) {
        expect((await t.post('/api/v1/auth/refresh', { body: { refreshToken: forged } })).status).toBe(401);
      }
      expect((await t.post('/api/v1/auth/refresh', { body: { refreshToken } })).status).toBe(200);
    });

    it('the browser console gets the refresh token as an HttpOnly, SameSite=Strict cookie for /api/v1/auth only, and refreshes with it', async () => {
      const clerk = await person();
      const res = await login(clerk.username);
      const cookie = setCookie(res);
      expect(cookie).toMatch(new RegExp(`^sw_refresh=${res.body.refreshToken.replace(/[.]/g, '\\.')};`));
      expect(cookie).toContain('; HttpOnly');
      expect(cookie).toContain('; SameSite=Strict');
      expect(cookie).toContain('; Path=/api/v1/auth;');
      expect(cookie).toMatch(/; Max-Age=43\d{3};/);
      expect(cookie).not.toContain('Secure'); // plain http here: a Secure cookie would never come back

      const refreshed = await t.post('/api/v1/auth/refresh', { body: {}, headers: { cookie: `other=1; sw_refresh=${res.body.refreshToken}` } });
      expect(refreshed.status).toBe(200);
      expect(setCookie(refreshed)).toContain(`sw_refresh=${refreshed.body.refreshToken};`);
      expectProblem(await t.post('/api/v1/auth/refresh', { body: {} }), 401, 'AUTH.REFRESH_TOKEN_REQUIRED', 'refreshToken');
    });
  });

  describe('client addresses', () => {
    it('X-Forwarded-For is not believed by default (TRUST_PROXY=false): anyone could claim any address', async () => {
      const clerk = await person();
      for (let i = 0; i < 5; i++) {
        await t.post('/api/v1/auth/login', { body: { username: clerk.username, password: `guess-${i}` }, headers: { 'x-forwarded-for': `192.0.2.${i}` } });
      }
      const res = await t.post('/api/v1/auth/login', { body: { username: clerk.username, password: STAFF_PASSWORD }, headers: { 'x-forwarded-for': '192.0.2.99' } });
      expectProblem(res, 429, 'AUTH.TOO_MANY_ATTEMPTS');
    });
  });

  describe('passwords', () => {
    it('the own password change needs the current one, refuses weak ones, ends the other sessions and opens a new one', async () => {
      const clerk = await person();
      const other = (await login(clerk.username)).body;
      const mine = (await login(clerk.username)).body;
      expectProblem(
        await t.post('/api/v1/auth/password', { token: mine.accessToken, body: { currentPassword: 'not-it-at-all', newPassword: 'Quite-New-Pass-88' } }),
        422,
        'AUTH.WRONG_PASSWORD',
        'currentPassword',
      );
      for (const weak of ['aaaaaaaaaa', 'password123', `${clerk.username}-Desk-99`, 'ChangeMe-2026']) {
        expectProblem(
          await t.post('/api/v1/auth/password', { token: mine.accessToken, body: { currentPassword: STAFF_PASSWORD, newPassword: weak } }),
          422,
          'PASSWORD.TOO_WEAK',
          'newPassword',
        );
      }
      const changed = await t.post('/api/v1/auth/password', { token: mine.accessToken, body: { currentPassword: STAFF_PASSWORD, newPassword: 'Quite-New-Pass-88' } });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ tokenType: 'Bearer', mustChangePassword: false });
      expect((await t.get('/api/v1/auth/me', { token: changed.body.accessToken })).status).toBe(200);
      for (const s of [other, mine]) expectProblem(await t.get('/api/v1/auth/me', { token: s.accessToken }), 401, 'AUTH.SESSION_ENDED');
      expect((await t.post('/api/v1/auth/login', { body: { username: clerk.username, password: STAFF_PASSWORD } })).status).toBe(401);
      expect((await login(clerk.username, 'Quite-New-Pass-88')).status).toBe(200);
      const [audit] = await t.db.query(`SELECT actor_id FROM audit_log WHERE action = 'staff.password_change' AND entity_id = $1`, [clerk.id]);
      expect(audit).toEqual({ actor_id: clerk.id });
    });

    it.each([
      ['aaaaaaaaaa', 'one character ten times'],
      ['qwertyuiop', 'a keyboard row'],
      ['Password2026', 'a common word with a year'],
    ])('an admin cannot give anyone the weak password %s (%s): 422 naming password, nothing written', async (password) => {
      const before = await t.count('staff');
      n += 1;
      expectProblem(
        await t.post('/api/v1/staff', { token: w.tokens.admin, body: { username: `weak${n}`, password, name: '弱', badgeNo: `WEAK-${n}`, roles: ['clerk'] } }),
        422,
        'PASSWORD.TOO_WEAK',
        'password',
      );
      expect(await t.count('staff')).toBe(before);
      expectProblem(await t.patch(`/api/v1/staff/${w.staff.handler02}`, { token: w.tokens.admin, body: { password } }), 422, 'PASSWORD.TOO_WEAK', 'password');
    });

    it('a password containing the username is refused', async () => {
      n += 1;
      expectProblem(
        await t.post('/api/v1/staff', {
          token: w.tokens.admin,
          body: { username: `owner${n}`, password: `My-owner${n}-Desk`, name: '含名', badgeNo: `OWN-${n}`, roles: ['clerk'] },
        }),
        422,
        'PASSWORD.TOO_WEAK',
        'password',
      );
    });
  });
});

/** Production makes no key of its own: these are given, as JWT_SECRET is (an Ed25519 seed in base64). */
const PRODUCTION_AUDIT_KEYS = { AUDIT_CHAIN_KEY: 'a-production-audit-chain-key-of-40-chars!', AUDIT_SIGNING_KEY: Buffer.alloc(32, 7).toString('base64') };

describe('the demo password outside development', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start({ env: { NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-of-forty-characters!', ...PRODUCTION_AUDIT_KEYS } });
    await demoWorld(t).catch(() => undefined); // seeds; its logins answer with the flag
  });
  afterAll(() => t?.close());

  it('must be changed at first login: every route but password change, logout and me answers 403 AUTH.PASSWORD_CHANGE_REQUIRED', async () => {
    const res = await t.post('/api/v1/auth/login', { body: { username: 'clerk01', password: 'ChangeMe-2026' } });
    expect(res.status).toBe(200);
    expect(res.body.mustChangePassword).toBe(true);
    const token = res.body.accessToken;
    expect(claimsOf(token).pwc).toBe(true);
    for (const url of ['/api/v1/enquiries', '/api/v1/staff', '/api/v1/offices', '/api/v1/alerts']) {
      expectProblem(await t.get(url, { token }), 403, 'AUTH.PASSWORD_CHANGE_REQUIRED');
    }
    expectProblem(await t.post('/api/v1/offices', { token, body: { name: '新股' } }), 403, 'AUTH.PASSWORD_CHANGE_REQUIRED');
    expect((await t.get('/api/v1/auth/me', { token })).status).toBe(200);
    // A refresh keeps the flag: only a new password lifts it.
    const refreshed = await t.post('/api/v1/auth/refresh', { body: { refreshToken: res.body.refreshToken } });
    expect(refreshed.body.mustChangePassword).toBe(true);
    expectProblem(await t.get('/api/v1/offices', { token: refreshed.body.accessToken }), 403, 'AUTH.PASSWORD_CHANGE_REQUIRED');

    expectProblem(
      await t.post('/api/v1/auth/password', { token: refreshed.body.accessToken, body: { currentPassword: 'ChangeMe-2026', newPassword: 'ChangeMe-2027' } }),
      422,
      'PASSWORD.TOO_WEAK',
      'newPassword',
    );
    const changed = await t.post('/api/v1/auth/password', {
      token: refreshed.body.accessToken,
      body: { currentPassword: 'ChangeMe-2026', newPassword: 'Window-Shift-Early-9' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.mustChangePassword).toBe(false);
    expect((await t.get('/api/v1/offices', { token: changed.body.accessToken })).status).toBe(200);
    const again = await t.post('/api/v1/auth/login', { body: { username: 'clerk01', password: 'Window-Shift-Early-9' } });
    expect(again.body.mustChangePassword).toBe(false);
  });

  it('logout is allowed before the change', async () => {
    const res = await t.post('/api/v1/auth/login', { body: { username: 'handler01', password: 'ChangeMe-2026' } });
    expect(res.body.mustChangePassword).toBe(true);
    expect((await t.post('/api/v1/auth/logout', { token: res.body.accessToken, body: {} })).status).toBe(204);
  });
});

import { createSecretKey, randomUUID } from 'node:crypto';
import { OrganizationService } from '@app/organization';
import { DEMO_PASSWORD } from '../apps/api/src/demo-data.js';
import { TestApp, type Reply, type RequestOptions } from './support/test-app.js';
import { demoWorld, type World } from './support/world.js';
import { expectProblem } from './support/problem.js';
import { signToken } from './support/tokens.js';

/** The address Fastify's inject uses when none is given (demoWorld logs in from it too). */
const LOCAL = '127.0.0.1';
const NEW_PASSWORD = 'Fresh-Password-2026';

interface Counts {
  staff: number;
  office: number;
  unit: number;
  audit_log: number;
}

function decodeJwtPart(part: string): Record<string, any> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

/** A problem+json reply with this status and code; when `field` is given, errors[] names it. */
describe('auth and organization: login, tokens, roles, directory, strict input', () => {
  let t: TestApp;
  let world: World;
  let seq = 0;

  beforeAll(async () => {
    t = await TestApp.start();
    world = await demoWorld(t);
  });
  afterAll(() => t.close());

  const counts = async (): Promise<Counts> => ({
    staff: await t.count('staff'),
    office: await t.count('office'),
    unit: await t.count('unit'),
    audit_log: await t.count('audit_log'),
  });

  /** Logs in from a given client address (the per-address limit is keyed on it). */
  async function login(username: unknown, password: unknown, from = LOCAL): Promise<Reply> {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: from,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username, password }),
    });
    const type = String(response.headers['content-type'] ?? '');
    return {
      status: response.statusCode,
      headers: response.headers,
      body: type.includes('json') && response.body ? JSON.parse(response.body) : response.body,
    };
  }

  /** A fresh account made by the demo admin, so that tests that lock or change accounts touch no one else's. */
  async function newStaff(overrides: Record<string, unknown> = {}): Promise<{ id: string; username: string; body: any }> {
    seq += 1;
    const username = `e2e.user${seq}`;
    const res = await t.post('/api/v1/staff', {
      token: world.tokens.admin,
      body: {
        username,
        password: NEW_PASSWORD,
        name: `测试人员${seq}`,
        badgeNo: `E2E-${seq}`,
        officeId: world.offices.window,
        phone: `1390000${String(seq).padStart(4, '0')}`,
        roles: ['clerk'],
        ...overrides,
      },
    });
    if (res.status !== 201) throw new Error(`creating staff failed: ${res.status} ${JSON.stringify(res.body)}`);
    return { id: res.body.id, username, body: res.body };
  }

  const nextAddress = (() => {
    let n = 10;
    return () => `198.51.100.${n++}`;
  })();

  // ------------------------------------------------------------------------------------------------
  describe('login', () => {
    it('a right username and password get 200 with a Bearer access token', async () => {
      const res = await login('clerk01', DEMO_PASSWORD);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        accessToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: 900,
        refreshToken: expect.any(String),
        refreshExpiresAt: expect.any(String),
        refreshExpiresIn: expect.any(Number),
        mustChangePassword: false,
      });
      expect(res.body.accessToken.split('.')).toHaveLength(3);
      const me = await t.get('/api/v1/auth/me', { token: res.body.accessToken });
      expect(me.status).toBe(200);
      expect(me.body.id).toBe(world.staff.clerk01);
    });

    it('the token names the staff member (sub), their unit, roles and session, and expires within JWT_TTL_SECONDS of issue', async () => {
      const res = await login('handler01', DEMO_PASSWORD);
      const [header, payload] = res.body.accessToken.split('.');
      expect(decodeJwtPart(header)).toMatchObject({ alg: 'HS256' });
      const claims = decodeJwtPart(payload);
      expect(claims.sub).toBe(world.staff.handler01);
      expect(claims.unit).toBe(world.unitId);
      expect(claims.roles).toEqual(['handler']);
      expect(claims.sid).toMatch(/^[0-9a-f-]{36}$/);
      expect(t.config.JWT_TTL_SECONDS).toBe(900);
      expect(claims.exp).toBeGreaterThan(claims.iat);
      expect(claims.exp - claims.iat).toBeLessThanOrEqual(t.config.JWT_TTL_SECONDS);
      expect(Math.abs(claims.iat - Date.now() / 1000)).toBeLessThan(60);
      expect(JSON.stringify(claims)).not.toMatch(/password|argon/i);
    });

    it('the username is case-insensitive', async () => {
      for (const spelling of ['CLERK01', 'Clerk01']) {
        const res = await login(spelling, DEMO_PASSWORD);
        expect(res.status).toBe(200);
        expect(decodeJwtPart(res.body.accessToken.split('.')[1]).sub).toBe(world.staff.clerk01);
      }
    });

    it('the password is case-sensitive', async () => {
      const account = await newStaff();
      expectProblem(await login(account.username, NEW_PASSWORD.toUpperCase()), 401, 'AUTH.BAD_CREDENTIALS');
    });

    it('a wrong password and an unknown user both get 401 AUTH.BAD_CREDENTIALS with the same detail', async () => {
      const wrong = await login('head01', 'not-the-password');
      const unknown = await login('nobody-here', DEMO_PASSWORD);
      expectProblem(wrong, 401, 'AUTH.BAD_CREDENTIALS');
      expectProblem(unknown, 401, 'AUTH.BAD_CREDENTIALS');
      expect(unknown.body.detail).toBe(wrong.body.detail);
      expect(unknown.body.title).toBe(wrong.body.title);
      expect(wrong.body.accessToken).toBeUndefined();
    });

    it('a deactivated account cannot log in, with the same answer as a wrong password; reactivated, it can', async () => {
      const account = await newStaff();
      expect((await login(account.username, NEW_PASSWORD)).status).toBe(200);

      const off = await t.patch(`/api/v1/staff/${account.id}`, { token: world.tokens.admin, body: { active: false } });
      expect(off.status).toBe(200);
      expect(off.body.active).toBe(false);
      const refused = await login(account.username, NEW_PASSWORD);
      expectProblem(refused, 401, 'AUTH.BAD_CREDENTIALS');
      expect(refused.body.detail).toBe((await login('nobody-at-all', NEW_PASSWORD)).body.detail);

      const on = await t.patch(`/api/v1/staff/${account.id}`, { token: world.tokens.admin, body: { active: true } });
      expect(on.status).toBe(200);
      expect((await login(account.username, NEW_PASSWORD)).status).toBe(200);
    });

    it('GET /auth/me returns the staff record behind the token, never a password hash', async () => {
      const res = await t.get('/api/v1/auth/me', { token: world.tokens.clerk01 });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: world.staff.clerk01,
        unitId: world.unitId,
        officeId: world.offices.window,
        username: 'clerk01',
        name: '王小窗',
        badgeNo: 'DEMO-001',
        roles: ['clerk'],
        active: true,
      });
      expect(Object.keys(res.body)).not.toContain('passwordHash');
      expect(JSON.stringify(res.body)).not.toMatch(/password|argon2/i);
    });
  });

  // ------------------------------------------------------------------------------------------------
  describe('tokens', () => {
    it.each(['/api/v1/enquiries', '/api/v1/staff', '/api/v1/offices', '/api/v1/units', '/api/v1/auth/me'])(
      'GET %s without a token is 401 AUTH.TOKEN_REQUIRED',
      async (url) => {
        expectProblem(await t.get(url), 401, 'AUTH.TOKEN_REQUIRED');
      },
    );

    it('a non-Bearer authorization header counts as no token', async () => {
      const res = await t.get('/api/v1/staff', { headers: { authorization: `Basic ${Buffer.from('admin:x').toString('base64')}` } });
      expectProblem(res, 401, 'AUTH.TOKEN_REQUIRED');
    });

    it('writes without a token are refused before anything is written', async () => {
      const before = await counts();
      expectProblem(
        await t.post('/api/v1/offices', { body: { name: '无令牌股' } }),
        401,
        'AUTH.TOKEN_REQUIRED',
      );
      expectProblem(
        await t.post('/api/v1/staff', {
          body: { username: 'notoken', password: NEW_PASSWORD, name: 'x', badgeNo: 'NT-1', roles: ['admin'] },
        }),
        401,
        'AUTH.TOKEN_REQUIRED',
      );
      expect(await counts()).toEqual(before);
    });

    it('a garbage token is 401 AUTH.INVALID_TOKEN', async () => {
      for (const token of ['garbage', 'a.b.c', 'eyJhbGciOiJIUzI1NiJ9.e30.AAAA']) {
        expectProblem(await t.get('/api/v1/staff', { token }), 401, 'AUTH.INVALID_TOKEN');
      }
    });

    it('a token with one character of its signature changed is 401 AUTH.INVALID_TOKEN', async () => {
      const token = world.tokens.clerk01;
      const [h, p, s] = token.split('.') as [string, string, string];
      const i = Math.floor(s.length / 2);
      const tampered = `${h}.${p}.${s.slice(0, i)}${s[i] === 'A' ? 'B' : 'A'}${s.slice(i + 1)}`;
      expect(tampered).not.toBe(token);
      expect((await t.get('/api/v1/staff', { token })).status).toBe(200);
      expectProblem(await t.get('/api/v1/staff', { token: tampered }), 401, 'AUTH.INVALID_TOKEN');
    });

    it('a clerk token whose payload is rewritten to claim admin is refused', async () => {
      const [h, p, s] = world.tokens.clerk01.split('.') as [string, string, string];
      const claims = decodeJwtPart(p);
      const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url')}.${s}`;
      const before = await counts();
      expectProblem(
        await t.post('/api/v1/offices', { token: forged, body: { name: '伪造股' } }),
        401,
        'AUTH.INVALID_TOKEN',
      );
      expect(await counts()).toEqual(before);
    });

    it('an unsigned token (alg none) is refused', async () => {
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const payload = Buffer.from(
        JSON.stringify({ sub: world.staff.admin, unit: world.unitId, roles: ['admin'], iat: now, exp: now + 600 }),
      ).toString('base64url');
      expectProblem(await t.get('/api/v1/staff', { token: `${header}.${payload}.` }), 401, 'AUTH.INVALID_TOKEN');
    });

    it('a token signed with another secret is refused', async () => {
      const sid = decodeJwtPart(world.tokens.admin.split('.')[1]!).sid;
      const key = createSecretKey(Buffer.from('another-secret-of-at-least-32-characters!!'));
      const token = await signToken(t, { sub: world.staff.admin, unit: world.unitId, roles: ['admin'], sid }, { key });
      expectProblem(await t.get('/api/v1/staff', { token }), 401, 'AUTH.INVALID_TOKEN');
    });

    it('an expired token is 401 AUTH.INVALID_TOKEN', async () => {
      const sid = decodeJwtPart(world.tokens.clerk01.split('.')[1]!).sid;
      const claims = { sub: world.staff.clerk01, unit: world.unitId, roles: ['clerk'], sid };
      const fresh = await signToken(t, claims);
      const expired = await signToken(t, claims, { expiresInSeconds: -10 });
      expect(decodeJwtPart(expired.split('.')[1]!).exp).toBeLessThan(Date.now() / 1000);
      expect((await t.get('/api/v1/staff', { token: fresh })).status).toBe(200);
      expectProblem(await t.get('/api/v1/staff', { token: expired }), 401, 'AUTH.INVALID_TOKEN');
    });

    it('a correctly signed token without a subject, or without a session, is refused', async () => {
      const sid = decodeJwtPart(world.tokens.admin.split('.')[1]!).sid;
      expectProblem(await t.get('/api/v1/staff', { token: await signToken(t, { unit: world.unitId, roles: ['admin'], sid }) }), 401, 'AUTH.INVALID_TOKEN');
      const noSession = await signToken(t, { sub: world.staff.admin, unit: world.unitId, roles: ['admin'] });
      expectProblem(await t.get('/api/v1/staff', { token: noSession }), 401, 'AUTH.INVALID_TOKEN');
    });

    it("a correctly signed token naming another staff member's session is refused", async () => {
      const clerkSession = decodeJwtPart(world.tokens.clerk01.split('.')[1]!).sid;
      const token = await signToken(t, { sub: world.staff.admin, unit: world.unitId, roles: ['admin'], sid: clerkSession });
      expectProblem(await t.get('/api/v1/staff', { token }), 401, 'AUTH.SESSION_ENDED');
    });
  });

  // ------------------------------------------------------------------------------------------------
  describe('login rate limits', () => {
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

    it('after 5 wrong passwords from one address, that account from that address must wait: 429 with retry-after, growing', async () => {
      const account = await newStaff();
      const from = nextAddress();
      for (let i = 0; i < 5; i++) {
        expectProblem(await login(account.username, `wrong-password-${i}`, from), 401, 'AUTH.BAD_CREDENTIALS');
      }
      const slowed = await login(account.username, NEW_PASSWORD, from);
      expectProblem(slowed, 429, 'AUTH.TOO_MANY_ATTEMPTS');
      expect(slowed.body.accessToken).toBeUndefined();
      expect(Number(slowed.headers['retry-after'])).toBe(1);
      // Another spelling of the name is the same account.
      expectProblem(await login(account.username.toUpperCase(), NEW_PASSWORD, from), 429, 'AUTH.TOO_MANY_ATTEMPTS');

      await sleep(1100);
      expectProblem(await login(account.username, 'wrong-password-5', from), 401, 'AUTH.BAD_CREDENTIALS');
      const slower = await login(account.username, NEW_PASSWORD, from);
      expectProblem(slower, 429, 'AUTH.TOO_MANY_ATTEMPTS');
      expect(Number(slower.headers['retry-after'])).toBe(2);

      await sleep(2100);
      expect((await login(account.username, NEW_PASSWORD, from)).status).toBe(200);
    });

    it('a guesser slowing an account down does not lock its owner out: the owner logs in from another address', async () => {
      const account = await newStaff();
      const guesser = nextAddress();
      for (let i = 0; i < 8; i++) await login(account.username, `guess-${i}`, guesser);
      expectProblem(await login(account.username, NEW_PASSWORD, guesser), 429, 'AUTH.TOO_MANY_ATTEMPTS');
      const owner = await login(account.username, NEW_PASSWORD, nextAddress());
      expect(owner.status).toBe(200);
      expect(decodeJwtPart(owner.body.accessToken.split('.')[1]).sub).toBe(account.id);
    });

    it('a slowed account does not slow another account, even from the same address', async () => {
      const locked = await newStaff();
      const other = await newStaff();
      const from = nextAddress();
      for (let i = 0; i < 5; i++) await login(locked.username, 'wrong-password', from);
      expectProblem(await login(locked.username, NEW_PASSWORD, from), 429, 'AUTH.TOO_MANY_ATTEMPTS');
      const res = await login(other.username, NEW_PASSWORD, from);
      expect(res.status).toBe(200);
      expect(decodeJwtPart(res.body.accessToken.split('.')[1]).sub).toBe(other.id);
    });

    it('a successful login clears the failure count', async () => {
      const account = await newStaff();
      const from = nextAddress();
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < 4; i++) await login(account.username, 'wrong-password', from);
        expect((await login(account.username, NEW_PASSWORD, from)).status).toBe(200);
      }
    });

    it('requests refused as malformed do not count as failed logins', async () => {
      const account = await newStaff();
      const from = nextAddress();
      for (let i = 0; i < 6; i++) {
        expectProblem(await login(account.username, 12345, from), 400, 'REQUEST.INVALID', 'password');
      }
      expect((await login(account.username, NEW_PASSWORD, from)).status).toBe(200);
    });

    it('successful logins do not count against an address: a hall behind one address logs 31 people in, and more', async () => {
      const account = await newStaff();
      const hall = nextAddress();
      for (let i = 0; i < 31; i++) expect((await login(account.username, NEW_PASSWORD, hall)).status).toBe(200);
      expect((await login('nobody-in-the-hall', 'wrong-password', hall)).status).toBe(401);
      expect((await login(account.username, NEW_PASSWORD, hall)).status).toBe(200);
    }, 180_000); // 33 password hashes

    it('30 failed logins from one address in the window make that address wait the window out; other addresses do not', async () => {
      const account = await newStaff();
      const from = '203.0.113.50';
      for (let i = 0; i < 30; i++) {
        expectProblem(await login(`nobody-${i}`, 'wrong-password', from), 401, 'AUTH.BAD_CREDENTIALS');
      }
      const refused = await login(account.username, NEW_PASSWORD, from);
      expectProblem(refused, 429, 'AUTH.TOO_MANY_ATTEMPTS');
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(14 * 60);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      expect((await login(account.username, NEW_PASSWORD, '203.0.113.51')).status).toBe(200);
    }, 180_000); // 32 password hashes
  });

  // ------------------------------------------------------------------------------------------------
  describe('directory', () => {
    it('GET /offices lists the 4 demo offices of the caller\'s unit, by name', async () => {
      const res = await t.get('/api/v1/offices', { token: world.tokens.clerk01 });
      expect(res.status).toBe(200);
      const byId = new Map(res.body.map((o: any) => [o.id, o]));
      expect(byId.get(world.offices.window)).toMatchObject({ name: '政务服务窗口', phone: '0851-28220001', unitId: world.unitId });
      expect(byId.get(world.offices.registration)).toMatchObject({ name: '登记注册股' });
      expect(byId.get(world.offices.food)).toMatchObject({ name: '食品经营许可股' });
      expect(byId.get(world.offices.general)).toMatchObject({ name: '办公室' });
      expect(res.body.every((o: any) => o.unitId === world.unitId)).toBe(true);
      const names = res.body.map((o: any) => o.name);
      expect(names).toEqual([...names].sort());
    });

    it('a clerk sees the staff directory with names and badges, phones masked (138****0001), and no usernames', async () => {
      const res = await t.get('/api/v1/staff', { token: world.tokens.clerk01 });
      expect(res.status).toBe(200);
      const clerk = res.body.find((s: any) => s.id === world.staff.clerk01);
      expect(clerk).toMatchObject({ id: world.staff.clerk01, name: '王小窗', badgeNo: 'DEMO-001', phone: '138****0001' });
      const leader = res.body.find((s: any) => s.id === world.staff.leader01);
      expect(leader.phone).toBe('138****0005');
      for (const s of res.body) if (s.phone) expect(s.phone).toMatch(/^\d{3}\*+\d{4}$/);
      expect(res.body.every((s: any) => !('username' in s))).toBe(true);
      expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|argon2|13800000001|clerk01|leader01/);
    });

    it.each(['handler01', 'head01', 'leader01', 'inspector01'] as const)('%s also sees phones masked and no usernames', async (who) => {
      const res = await t.get('/api/v1/staff', { token: world.tokens[who] });
      expect(res.status).toBe(200);
      expect(res.body.find((s: any) => s.id === world.staff.admin).phone).toBe('138****0000');
      expect(res.body.some((s: any) => 'username' in s)).toBe(false);
    });

    it('an admin sees the usernames and the phones in full', async () => {
      const res = await t.get('/api/v1/staff', { token: world.tokens.admin });
      expect(res.status).toBe(200);
      expect(res.body.find((s: any) => s.username === 'clerk01').phone).toBe('13800000001');
      expect(res.body.find((s: any) => s.username === 'head01').phone).toBe('13800000004');
      expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|argon2/);
    });

    it('the directory filters by office, and refuses an officeId that is not a UUID', async () => {
      const res = await t.get('/api/v1/staff', { token: world.tokens.clerk01, query: { officeId: world.offices.registration } });
      expect(res.status).toBe(200);
      expect(res.body.map((s: any) => s.id)).toEqual(expect.arrayContaining([world.staff.handler01, world.staff.head01]));
      expect(res.body.every((s: any) => s.officeId === world.offices.registration)).toBe(true);
      expectProblem(
        await t.get('/api/v1/staff', { token: world.tokens.clerk01, query: { officeId: 'registration' } }),
        400,
        'REQUEST.INVALID',
        'officeId',
      );
    });
  });

  // ------------------------------------------------------------------------------------------------
  describe('roles', () => {
    const staffBody = () => ({
      username: `clerkmade${++seq}`,
      password: NEW_PASSWORD,
      name: '越权人员',
      badgeNo: `X-${seq}`,
      roles: ['admin'],
    });

    it.each(['clerk01', 'handler01', 'head01', 'leader01', 'inspector01'] as const)(
      '%s cannot create staff: 403 AUTH.FORBIDDEN and no row written',
      async (who) => {
        const before = await counts();
        expectProblem(await t.post('/api/v1/staff', { token: world.tokens[who], body: staffBody() }), 403, 'AUTH.FORBIDDEN');
        expect(await counts()).toEqual(before);
      },
    );

    it('a clerk cannot PATCH staff, not even themselves into admin', async () => {
      const before = await counts();
      expectProblem(
        await t.patch(`/api/v1/staff/${world.staff.clerk01}`, { token: world.tokens.clerk01, body: { roles: ['admin'] } }),
        403,
        'AUTH.FORBIDDEN',
      );
      expectProblem(
        await t.patch(`/api/v1/staff/${world.staff.handler01}`, { token: world.tokens.clerk01, body: { active: false } }),
        403,
        'AUTH.FORBIDDEN',
      );
      expect(await counts()).toEqual(before);
      const me = await t.get('/api/v1/auth/me', { token: world.tokens.clerk01 });
      expect(me.body.roles).toEqual(['clerk']);
      expect((await t.get('/api/v1/auth/me', { token: world.tokens.handler01 })).body.active).toBe(true);
    });

    it('a clerk cannot create or change offices, nor create or list units', async () => {
      const before = await counts();
      const token = world.tokens.clerk01;
      expectProblem(await t.post('/api/v1/offices', { token, body: { name: '窗口二股' } }), 403, 'AUTH.FORBIDDEN');
      expectProblem(
        await t.patch(`/api/v1/offices/${world.offices.window}`, { token, body: { name: '改名股' } }),
        403,
        'AUTH.FORBIDDEN',
      );
      expectProblem(await t.post('/api/v1/units', { token, body: { code: 'CLERK-U', name: '越权单位' } }), 403, 'AUTH.FORBIDDEN');
      expectProblem(await t.get('/api/v1/units', { token }), 403, 'AUTH.FORBIDDEN');
      expect(await counts()).toEqual(before);
      const offices = await t.get('/api/v1/offices', { token });
      expect(offices.body.find((o: any) => o.id === world.offices.window).name).toBe('政务服务窗口');
    });

    it('an admin can create an office (201), which then appears in the list, and rename it', async () => {
      const before = await counts();
      const res = await t.post('/api/v1/offices', { token: world.tokens.admin, body: { name: '  行政审批股  ', phone: '0851-28220009' } });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ id: expect.any(String), unitId: world.unitId, name: '行政审批股', phone: '0851-28220009' });
      expect(await t.count('office')).toBe(before.office + 1);
      const list = await t.get('/api/v1/offices', { token: world.tokens.clerk01 });
      expect(list.body.map((o: any) => o.id)).toContain(res.body.id);

      const renamed = await t.patch(`/api/v1/offices/${res.body.id}`, { token: world.tokens.admin, body: { name: '审批服务股' } });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ id: res.body.id, name: '审批服务股', phone: '0851-28220009' });
    });

    it('an office name is unique within the unit: 409 OFFICE.NAME_TAKEN naming name, on create and on rename', async () => {
      const before = await counts();
      expectProblem(
        await t.post('/api/v1/offices', { token: world.tokens.admin, body: { name: '登记注册股' } }),
        409,
        'OFFICE.NAME_TAKEN',
        'name',
      );
      expectProblem(
        await t.patch(`/api/v1/offices/${world.offices.food}`, { token: world.tokens.admin, body: { name: '登记注册股' } }),
        409,
        'OFFICE.NAME_TAKEN',
        'name',
      );
      expect(await counts()).toEqual(before);
    });

    it('an admin can create a staff member (201, no password in the reply) who can then log in', async () => {
      const before = await counts();
      const res = await t.post('/api/v1/staff', {
        token: world.tokens.admin,
        body: {
          username: 'clerk02',
          password: NEW_PASSWORD,
          name: '  孙新窗  ',
          badgeNo: 'DEMO-101',
          officeId: world.offices.window,
          phone: '13800000101',
          roles: ['clerk', 'handler'],
        },
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        unitId: world.unitId,
        officeId: world.offices.window,
        username: 'clerk02',
        name: '孙新窗',
        badgeNo: 'DEMO-101',
        phone: '13800000101',
        roles: ['clerk', 'handler'],
        active: true,
      });
      expect(JSON.stringify(res.body)).not.toMatch(/password|argon2|Fresh-Password/i);
      expect(await t.count('staff')).toBe(before.staff + 1);

      const logged = await login('clerk02', NEW_PASSWORD);
      expect(logged.status).toBe(200);
      const me = await t.get('/api/v1/auth/me', { token: logged.body.accessToken });
      expect(me.body).toMatchObject({ id: res.body.id, name: '孙新窗', badgeNo: 'DEMO-101' });
      // A clerk may not create staff, but this new clerk is no admin either.
      expectProblem(await t.post('/api/v1/staff', { token: logged.body.accessToken, body: staffBody() }), 403, 'AUTH.FORBIDDEN');
    });

    it('stores the password hashed (argon2id), never as given', async () => {
      const account = await newStaff();
      const [row] = await t.db.query('SELECT password_hash FROM staff WHERE id = $1', [account.id]);
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      expect(row.password_hash).not.toContain(NEW_PASSWORD);
    });

    it('a duplicate username, in any case, is 409 STAFF.USERNAME_TAKEN naming username', async () => {
      const before = await counts();
      for (const username of ['clerk01', 'CLERK01']) {
        expectProblem(
          await t.post('/api/v1/staff', {
            token: world.tokens.admin,
            body: { username, password: NEW_PASSWORD, name: '重名', badgeNo: `DUP-${username}`, roles: ['clerk'] },
          }),
          409,
          'STAFF.USERNAME_TAKEN',
          'username',
        );
      }
      expect(await counts()).toEqual(before);
    });

    it('a duplicate badge number is 409 STAFF.BADGE_TAKEN naming badgeNo', async () => {
      const before = await counts();
      expectProblem(
        await t.post('/api/v1/staff', {
          token: world.tokens.admin,
          body: { username: 'badgecopy', password: NEW_PASSWORD, name: '重号', badgeNo: 'DEMO-001', roles: ['clerk'] },
        }),
        409,
        'STAFF.BADGE_TAKEN',
        'badgeNo',
      );
      expect(await counts()).toEqual(before);
    });

    it('an officeId of no office is 404 naming officeId, on create and on update', async () => {
      const before = await counts();
      const missing = randomUUID();
      expectProblem(
        await t.post('/api/v1/staff', {
          token: world.tokens.admin,
          body: { username: 'noofficer', password: NEW_PASSWORD, name: '无股室', badgeNo: 'NOOFF-1', officeId: missing, roles: ['clerk'] },
        }),
        404,
        'OFFICE.NOT_FOUND',
        'officeId',
      );
      expectProblem(
        await t.patch(`/api/v1/staff/${world.staff.handler02}`, { token: world.tokens.admin, body: { officeId: missing } }),
        404,
        'OFFICE.NOT_FOUND',
        'officeId',
      );
      expect(await counts()).toEqual(before);
      const me = await t.get('/api/v1/auth/me', { token: world.tokens.handler02 });
      expect(me.body.officeId).toBe(world.offices.food);
    });

    it('PATCH of a staff member or office that does not exist is 404 naming id', async () => {
      expectProblem(
        await t.patch(`/api/v1/staff/${randomUUID()}`, { token: world.tokens.admin, body: { name: '谁' } }),
        404,
        'STAFF.NOT_FOUND',
        'id',
      );
      expectProblem(
        await t.patch(`/api/v1/offices/${randomUUID()}`, { token: world.tokens.admin, body: { name: '哪' } }),
        404,
        'OFFICE.NOT_FOUND',
        'id',
      );
    });

    it('an admin manages only their own unit: another unit\'s offices and staff are not found', async () => {
      const unit = await t.post('/api/v1/units', { token: world.tokens.admin, body: { code: 'OTHER-1', name: '另一单位' } });
      expect(unit.status).toBe(201);
      expect(unit.body).toMatchObject({ id: expect.any(String), code: 'OTHER-1', name: '另一单位' });
      expectProblem(
        await t.post('/api/v1/units', { token: world.tokens.admin, body: { code: 'OTHER-1', name: '重码单位' } }),
        409,
        'UNIT.CODE_TAKEN',
        'code',
      );

      const organization = t.app.get(OrganizationService);
      const office = await organization.createOffice(null, unit.body.id, { name: '外单位股' });
      const stranger = await organization.createStaff(null, unit.body.id, {
        username: 'stranger01',
        password: NEW_PASSWORD,
        name: '外单位人员',
        badgeNo: 'DEMO-001', // badge numbers are unique per unit only
        officeId: office.id,
        phone: '13900009999',
        roles: ['admin'],
      });

      const offices = await t.get('/api/v1/offices', { token: world.tokens.admin });
      expect(offices.body.map((o: any) => o.id)).not.toContain(office.id);
      const staff = await t.get('/api/v1/staff', { token: world.tokens.admin });
      expect(staff.body.map((s: any) => s.id)).not.toContain(stranger.id);

      const before = await counts();
      expectProblem(
        await t.patch(`/api/v1/offices/${office.id}`, { token: world.tokens.admin, body: { name: '被改名' } }),
        404,
        'OFFICE.NOT_FOUND',
        'id',
      );
      expectProblem(
        await t.patch(`/api/v1/staff/${stranger.id}`, { token: world.tokens.admin, body: { active: false } }),
        404,
        'STAFF.NOT_FOUND',
        'id',
      );
      expectProblem(
        await t.post('/api/v1/staff', {
          token: world.tokens.admin,
          body: { username: 'crossunit', password: NEW_PASSWORD, name: '跨单位', badgeNo: 'CROSS-1', officeId: office.id, roles: ['clerk'] },
        }),
        404,
        'OFFICE.NOT_FOUND',
        'officeId',
      );
      expect(await counts()).toEqual(before);
      expect((await login('stranger01', NEW_PASSWORD)).status).toBe(200);
    });

    it('an admin cannot remove their own admin role nor deactivate themselves (422 STAFF.SELF_LOCKOUT)', async () => {
      const before = await counts();
      const url = `/api/v1/staff/${world.staff.admin}`;
      expectProblem(await t.patch(url, { token: world.tokens.admin, body: { roles: ['clerk'] } }), 422, 'STAFF.SELF_LOCKOUT', 'roles');
      expectProblem(await t.patch(url, { token: world.tokens.admin, body: { active: false } }), 422, 'STAFF.SELF_LOCKOUT', 'active');
      expect(await counts()).toEqual(before);
      const me = await t.get('/api/v1/auth/me', { token: world.tokens.admin });
      expect(me.body).toMatchObject({ roles: ['admin'], active: true });
      // Adding a role beside admin is fine; the admin's sessions end (their tokens name the old roles).
      const more = await t.patch(url, { token: world.tokens.admin, body: { roles: ['admin', 'inspector'] } });
      expect(more.status).toBe(200);
      expect(more.body.roles).toEqual(['admin', 'inspector']);
      expectProblem(await t.get('/api/v1/auth/me', { token: world.tokens.admin }), 401, 'AUTH.SESSION_ENDED');
      world.tokens.admin = (await login('admin', DEMO_PASSWORD)).body.accessToken;
    });

    it('a PATCH of roles is audited as staff.update with the roles before and after, and no password hash', async () => {
      const account = await newStaff({ roles: ['handler'] });
      const res = await t.patch(`/api/v1/staff/${account.id}`, { token: world.tokens.admin, body: { roles: ['handler', 'office_head'] } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: account.id, roles: ['handler', 'office_head'], name: account.body.name });
      expect(JSON.stringify(res.body)).not.toMatch(/password|argon2/i);

      const rows = await t.db.query(
        `SELECT action, entity, actor_id, unit_id, before, after FROM audit_log
          WHERE entity = 'staff' AND entity_id = $1 ORDER BY id`,
        [account.id],
      );
      expect(rows.map((r: any) => r.action)).toEqual(['staff.create', 'staff.update']);
      const update = rows[1];
      expect(update.actor_id).toBe(world.staff.admin);
      expect(update.unit_id).toBe(world.unitId);
      expect(update.before).toMatchObject({ id: account.id, roles: ['handler'] });
      expect(update.after).toMatchObject({ id: account.id, roles: ['handler', 'office_head'] });
      expect(JSON.stringify(rows)).not.toMatch(/password|argon2/i);

      // The new role shows in the next token.
      const logged = await login(account.username, NEW_PASSWORD);
      expect(decodeJwtPart(logged.body.accessToken.split('.')[1]).roles).toEqual(['handler', 'office_head']);
    });

    it('a PATCH of the password is audited as staff.update+password without the hash; the old password stops working', async () => {
      const account = await newStaff();
      const res = await t.patch(`/api/v1/staff/${account.id}`, { token: world.tokens.admin, body: { password: 'Another-Password-2027' } });
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).not.toMatch(/password|argon2/i);
      const [row] = await t.db.query(
        `SELECT before, after FROM audit_log WHERE entity_id = $1 AND action = 'staff.update+password'`,
        [account.id],
      );
      expect(row).toBeDefined();
      expect(JSON.stringify(row)).not.toMatch(/password|argon2|Another-Password/i);
      expectProblem(await login(account.username, NEW_PASSWORD), 401, 'AUTH.BAD_CREDENTIALS');
      expect((await login(account.username, 'Another-Password-2027')).status).toBe(200);
    });
  });

  // ------------------------------------------------------------------------------------------------
  describe('strict input on every organization endpoint', () => {
    type Case = [label: string, options: RequestOptions, status: number, code: string, field?: string];

    const malformed = (): Case[] => [
      ['malformed JSON', { rawBody: '{"username":' }, 400, 'REQUEST.MALFORMED_JSON'],
      ['an empty body', { rawBody: '' }, 400, 'REQUEST.EMPTY_BODY'],
      ['a body that is an array', { rawBody: '[]' }, 400, 'REQUEST.INVALID', '(body)'],
      ['a body that is a string', { rawBody: '"x"' }, 400, 'REQUEST.INVALID', '(body)'],
      ['a body that is null', { rawBody: 'null' }, 400, 'REQUEST.INVALID', '(body)'],
      ['a body that is a number', { rawBody: '42' }, 400, 'REQUEST.INVALID', '(body)'],
    ];
    const invalid = (body: unknown, field: string, code = 'REQUEST.INVALID', status = 400): [RequestOptions, number, string, string] => [
      { body },
      status,
      code,
      field,
    ];

    const okStaff = { username: 'validuser', password: NEW_PASSWORD, name: '合格', badgeNo: 'OK-1', roles: ['clerk'] };
    const long = (n: number) => 'a'.repeat(n);

    const loginCases: Case[] = [
      ...malformed(),
      ['a username that is a number', ...invalid({ username: 123, password: DEMO_PASSWORD }, 'username')],
      ['a password that is a number', ...invalid({ username: 'clerk01', password: 123 }, 'password')],
      ['a missing password', ...invalid({ username: 'clerk01' }, 'password')],
      ['an unknown field', ...invalid({ username: 'clerk01', password: DEMO_PASSWORD, otp: '123456' }, 'otp')],
      ['a 41-character username', ...invalid({ username: long(41), password: DEMO_PASSWORD }, 'username')],
      ['a 129-character password', ...invalid({ username: 'clerk01', password: long(129) }, 'password')],
    ];

    const createStaffCases: Case[] = [
      ...malformed(),
      ['roles as a string', ...invalid({ ...okStaff, roles: 'admin' }, 'roles')],
      ['a password that is a number', ...invalid({ ...okStaff, password: 123 }, 'password')],
      ['an unknown field', ...invalid({ ...okStaff, passwordHash: '$argon2id$forged' }, 'passwordHash')],
      ['an unknown field unitId', ...invalid({ ...okStaff, unitId: randomUUID() }, 'unitId')],
      ['a 51-character name', ...invalid({ ...okStaff, name: long(51) }, 'name')],
      ['a name of spaces only', ...invalid({ ...okStaff, name: '   ' }, 'name')],
      ['a 41-character username', ...invalid({ ...okStaff, username: long(41) }, 'username')],
      ['a username with spaces', ...invalid({ ...okStaff, username: 'bad name' }, 'username')],
      ['a 129-character password', ...invalid({ ...okStaff, password: long(129) }, 'password')],
      ['a 9-character password', ...invalid({ ...okStaff, password: 'short-pw9' }, 'password')],
      ['an invalid phone', ...invalid({ ...okStaff, phone: '12345' }, 'phone')],
      ['an unknown role', ...invalid({ ...okStaff, roles: ['boss'] }, 'roles')],
      ['empty roles', ...invalid({ ...okStaff, roles: [] }, 'roles')],
      ['a repeated role', ...invalid({ ...okStaff, roles: ['clerk', 'clerk'] }, 'roles')],
      ['an officeId that is not a UUID', ...invalid({ ...okStaff, officeId: 'window' }, 'officeId')],
      ['a badge number with spaces', ...invalid({ ...okStaff, badgeNo: 'A 1' }, 'badgeNo')],
      ['a missing username', ...invalid({ ...okStaff, username: undefined }, 'username')],
      ['a missing roles', ...invalid({ ...okStaff, roles: undefined }, 'roles')],
    ];

    const updateStaffCases: Case[] = [
      ...malformed(),
      ['roles as a string', ...invalid({ roles: 'admin' }, 'roles')],
      ['a password that is a number', ...invalid({ password: 123 }, 'password')],
      ['an unknown field', ...invalid({ nickname: 'x' }, 'nickname')],
      ['a username (not changeable)', ...invalid({ username: 'renamed' }, 'username')],
      ['a badge number (not changeable)', ...invalid({ badgeNo: 'NEW-1' }, 'badgeNo')],
      ['a 51-character name', ...invalid({ name: long(51) }, 'name')],
      ['a name of spaces only', ...invalid({ name: '   ' }, 'name')],
      ['a null name', ...invalid({ name: null }, 'name')],
      ['null roles', ...invalid({ roles: null }, 'roles')],
      ['a null active flag', ...invalid({ active: null }, 'active')],
      ['a 129-character password', ...invalid({ password: long(129) }, 'password')],
      ['an invalid phone', ...invalid({ phone: '12345' }, 'phone')],
      ['an unknown role', ...invalid({ roles: ['boss'] }, 'roles')],
      ['empty roles', ...invalid({ roles: [] }, 'roles')],
      ['active as a string', ...invalid({ active: 'yes' }, 'active')],
    ];

    const createOfficeCases: Case[] = [
      ...malformed(),
      ['a name that is a number', ...invalid({ name: 123 }, 'name')],
      ['a 61-character name', ...invalid({ name: long(61) }, 'name')],
      ['a name of spaces only', ...invalid({ name: '  ' }, 'name')],
      ['a missing name', ...invalid({ phone: '0851-28220009' }, 'name')],
      ['an invalid phone', ...invalid({ name: '新股', phone: '12345' }, 'phone')],
      ['an unknown field unitId', ...invalid({ name: '新股', unitId: randomUUID() }, 'unitId')],
    ];

    const updateOfficeCases: Case[] = [
      ...malformed(),
      ['a name that is a number', ...invalid({ name: 123 }, 'name')],
      ['a 61-character name', ...invalid({ name: long(61) }, 'name')],
      ['a null name', ...invalid({ name: null }, 'name')],
      ['an invalid phone', ...invalid({ phone: '12345' }, 'phone')],
      ['an unknown field unitId', ...invalid({ unitId: randomUUID() }, 'unitId')],
    ];

    const createUnitCases: Case[] = [
      ...malformed(),
      ['a code with spaces', ...invalid({ code: 'BAD CODE', name: '单位' }, 'code')],
      ['a code that is a number', ...invalid({ code: 123, name: '单位' }, 'code')],
      ['a 101-character name', ...invalid({ code: 'LONG-1', name: long(101) }, 'name')],
      ['an unknown field', ...invalid({ code: 'EXTRA-1', name: '单位', parentId: randomUUID() }, 'parentId')],
      ['a missing name', ...invalid({ code: 'NONAME-1' }, 'name')],
    ];

    const endpoints: Array<[name: string, method: 'post' | 'patch', url: () => string, token: () => string | undefined, cases: Case[]]> = [
      ['POST /auth/login', 'post', () => '/api/v1/auth/login', () => undefined, loginCases],
      ['POST /staff', 'post', () => '/api/v1/staff', () => world.tokens.admin, createStaffCases],
      ['PATCH /staff/:id', 'patch', () => `/api/v1/staff/${world.staff.handler01}`, () => world.tokens.admin, updateStaffCases],
      ['POST /offices', 'post', () => '/api/v1/offices', () => world.tokens.admin, createOfficeCases],
      ['PATCH /offices/:id', 'patch', () => `/api/v1/offices/${world.offices.food}`, () => world.tokens.admin, updateOfficeCases],
      ['POST /units', 'post', () => '/api/v1/units', () => world.tokens.admin, createUnitCases],
    ];

    for (const [name, method, url, token, cases] of endpoints) {
      describe(name, () => {
        const rows = cases.map(([label, options, status, code, field]) => ({ label, options, status, code, field }));
        it.each(rows)('refuses $label: $status $code', async ({ options, status, code, field }) => {
          const before = await counts();
          const handler01 = await t.get('/api/v1/auth/me', { token: world.tokens.handler01 });
          const res = await t[method](url(), { ...options, token: token() });
          expectProblem(res, status, code, field);
          expect(await counts()).toEqual(before);
          // PATCHes change nothing either.
          expect((await t.get('/api/v1/auth/me', { token: world.tokens.handler01 })).body).toEqual(handler01.body);
          const offices = await t.get('/api/v1/offices', { token: world.tokens.clerk01 });
          expect(offices.body.find((o: any) => o.id === world.offices.food)).toMatchObject({
            name: '食品经营许可股',
            phone: '0851-28220003',
          });
        });
      });
    }

    it.each([
      ['PATCH /staff/:id', '/api/v1/staff/not-a-uuid', { name: '改名' }],
      ['PATCH /offices/:id', '/api/v1/offices/not-a-uuid', { name: '改名' }],
      ['PATCH /staff/:id', '/api/v1/staff/11111111-2222-4333-8444-555555555555x', { name: '改名' }],
      ['PATCH /offices/:id', '/api/v1/offices/1', { name: '改名' }],
    ])('%s with an id that is not a UUID is 400 problem+json naming id (%s)', async (_name, url, body) => {
      const before = await counts();
      const res = await t.patch(url, { token: world.tokens.admin, body });
      expectProblem(res, 400, 'REQUEST.INVALID', 'id');
      expect(await counts()).toEqual(before);
    });
  });
});

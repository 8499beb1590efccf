import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService } from '@nestjs/core';
import { ROLES, type Role } from '@app/core';
import { DEMO_PASSWORD } from '../apps/api/src/demo-data.js';
import { ROUTE_ACCESS, routeAccessMarkdown, type RouteRule } from './support/route-access.js';
import { TestApp } from './support/test-app.js';
import { demoWorld } from './support/world.js';

// The role × route table (test/support/route-access.ts) as a test: every route the api registers has a
// row, and every row is called with a token of each role and with none. A role the row lets in is never
// refused by the access rule (401/403; a 400, 404 or 422 for the placeholder body or unknown id is fine),
// any other role gets 403, and no token gets 401. The README shows the same table.

const ACCOUNT: Record<Role, string> = { clerk: 'clerk01', handler: 'handler01', office_head: 'head01', leader: 'leader01', inspector: 'inspector01', admin: 'admin' };
const README = new URL('../README.md', import.meta.url);
const START = '<!-- route-access:start (generated from test/support/route-access.ts; UPDATE_ROUTE_TABLE=1 rewrites it) -->';
const END = '<!-- route-access:end -->';

/** Placeholders that pass no check but the route's own: unknown ids, a year and a day to come, a receipt number. */
const PARAMS: Record<string, () => string> = {
  id: randomUUID,
  extensionId: randomUUID,
  returnId: randomUUID,
  staffId: randomUUID,
  officeId: randomUUID,
  month: () => '2031-01',
  period: () => '2031-Q1',
  code: () => 'NO-SUCH-ITEM',
  year: () => '2031',
  date: () => '2031-01-02',
  receiptNo: () => encodeURIComponent('收件〔2026〕9999号'),
  number: () => encodeURIComponent('告知〔2026〕9999号'),
};

/** Every route the Nest application registers, from its controllers' metadata, as the table writes paths. */
function registeredRoutes(t: TestApp): Array<Pick<RouteRule, 'method' | 'path'>> {
  const routes: Array<Pick<RouteRule, 'method' | 'path'>> = [];
  for (const wrapper of t.app.get(DiscoveryService, { strict: false }).getControllers()) {
    const type = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
    if (!type) continue;
    const base = Reflect.getMetadata(PATH_METADATA, type) as string;
    const prototype = type.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      const sub = Reflect.getMetadata(PATH_METADATA, handler) as string;
      const path = `/${[base, sub].filter((s) => s && s !== '/').join('/')}`.replace(/\/+/g, '/').replace(/:(\w+)/g, '{$1}');
      routes.push({ method: RequestMethod[method] as RouteRule['method'], path });
    }
  }
  return routes;
}

const key = (r: Pick<RouteRule, 'method' | 'path'>) => `${r.method} ${r.path}`;

describe('who may call what: the role × route table', () => {
  let t: TestApp;
  const tokens = {} as Record<Role, string>;

  const logIn = async (role: Role) => {
    const res = await t.post('/api/v1/auth/login', { body: { username: ACCOUNT[role], password: DEMO_PASSWORD } });
    if (res.status !== 200) throw new Error(`login ${role}: ${res.status} ${JSON.stringify(res.body)}`);
    tokens[role] = res.body.accessToken;
  };

  beforeAll(async () => {
    t = await TestApp.start({ env: { SWEEP_INTERVAL_SECONDS: '0' } });
    await demoWorld(t);
    for (const role of ROLES) await logIn(role);
  });
  afterAll(() => t.close());
  beforeEach(() => t.clock.set('2026-03-02T10:00:00+08:00'));

  it('every route the api registers has exactly one row, and every row is a registered route', () => {
    const registered = registeredRoutes(t).map(key).sort();
    const table = ROUTE_ACCESS.map(key);
    expect(new Set(table).size).toBe(table.length);
    expect([...table].sort()).toEqual(registered);
    // Fastify answers each of them (the metadata is what was really mounted).
    const fastify = t.app.getHttpAdapter().getInstance();
    for (const r of ROUTE_ACCESS) expect([key(r), fastify.hasRoute({ method: r.method, url: r.path.replace(/\{(\w+)\}/g, ':$1') })]).toEqual([key(r), true]);
  });

  describe.each(ROUTE_ACCESS.map((rule) => [key(rule), rule] as const))('%s', (_name, rule) => {
    it('lets in exactly the roles of its row', async () => {
      const url = rule.path.replace(/\{(\w+)\}/g, (_, name: string) => PARAMS[name]!());
      const outcomes: Array<[string, number, string]> = [];
      const expected: Array<[string, number, string]> = [];
      for (const caller of [...ROLES, null]) {
        const res = await t.request(rule.method, url, {
          token: caller ? tokens[caller] : undefined,
          // A placeholder body, and an unknown query field: refused by the route's own validation, after the access rule.
          body: rule.method === 'GET' || rule.method === 'DELETE' ? undefined : {},
          query: rule.method === 'GET' ? { zz_probe: '1' } : undefined,
        });
        const who = caller ?? 'no token';
        const allowed = rule.access === 'public' || (caller !== null && caller in rule.access);
        const refusedByRule = res.status === 403 || (res.status === 401 && !rule.ownCredential);
        outcomes.push([who, res.status, allowed ? (refusedByRule ? 'refused' : 'let in') : res.status === (caller ? 403 : 401) ? 'refused' : 'let in']);
        expected.push([who, res.status, allowed ? 'let in' : 'refused']);
        // Ending a session (logout, logout-all) must not end the next row's.
        if (caller && rule.path.startsWith('/api/v1/auth/logout')) await logIn(caller);
      }
      expect(outcomes).toEqual(expected);
    });
  });

  it('the README shows this table under "Who may call what"', () => {
    const readme = readFileSync(README, 'utf8');
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    const table = `${START}\n${routeAccessMarkdown()}\n${END}`;
    if (process.env.UPDATE_ROUTE_TABLE === '1' && start >= 0 && end > start) writeFileSync(README, readme.slice(0, start) + table + readme.slice(end + END.length));
    expect(start).toBeGreaterThan(readme.indexOf('## Who may call what'));
    expect(readme.slice(start, end + END.length)).toBe(table);
  });
});

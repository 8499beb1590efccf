import { connect } from 'node:net';
import { randomUUID } from 'node:crypto';
import { TestApp, type Reply } from './support/test-app.js';
import { expectProblem } from './support/problem.js';
import { demoWorld, type World } from './support/world.js';

/** A problem+json reply with a request id, in the body and the header. */
function expectTraced(res: Reply, status: number, code: string): void {
  expectProblem(res, status, code);
  expect(res.body.requestId).toEqual(expect.any(String));
  expect(res.headers['x-request-id']).toBe(res.body.requestId);
}

const nested = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

describe('the edges of HTTP: what Fastify and Node meet before a route, bodies nested too deep, public lookups', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await TestApp.start({ roles: ['api'], env: { PUBLIC_LOOKUPS_PER_MINUTE: '5' } });
    w = await demoWorld(t);
  });
  afterAll(() => t?.close());

  describe('bodies nested deeper than 32 levels', () => {
    /** Every route that takes a body, from the OpenAPI document, with a UUID in each path parameter. */
    const routesWithBodies = async (): Promise<Array<[method: string, path: string]>> => {
      const doc = (await t.get('/api/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
      const out: Array<[string, string]> = [];
      for (const [path, operations] of Object.entries(doc.paths)) {
        for (const method of Object.keys(operations)) {
          if (['post', 'put', 'patch'].includes(method)) out.push([method.toUpperCase(), path.replace(/\{[^}]+\}/g, randomUUID())]);
        }
      }
      return out;
    };

    it('5,000 levels deep is 400 on every route that takes a body, public or not, with a token or without, never a 500', async () => {
      const routes = await routesWithBodies();
      expect(routes.length).toBeGreaterThan(30);
      expect(routes).toEqual(expect.arrayContaining([['POST', '/api/v1/public/ratings'], ['POST', '/api/v1/auth/login']]));
      const answers: string[] = [];
      for (const [method, url] of routes) {
        for (const token of [undefined, w.tokens.admin]) {
          const res = await t.request(method, url, { rawBody: nested(5000), token });
          answers.push(`${method} ${url} ${res.status} ${res.body?.code} ${res.body?.errors?.[0]?.code}`);
          expectTraced(res, 400, 'REQUEST.INVALID');
          expect(res.body.errors).toEqual([expect.objectContaining({ field: '(body)', code: 'too_deep' })]);
        }
      }
      expect(answers.filter((a) => !a.includes(' 400 REQUEST.INVALID too_deep'))).toEqual([]);
    });

    it('33 levels is too deep, 32 is not (it goes on to validation)', async () => {
      const deep = await t.post('/api/v1/auth/login', { rawBody: nested(33) });
      expectTraced(deep, 400, 'REQUEST.INVALID');
      expect(deep.body.errors[0].code).toBe('too_deep');
      const ok = await t.post('/api/v1/auth/login', { rawBody: nested(32) });
      expectProblem(ok, 400, 'REQUEST.INVALID');
      expect(ok.body.errors.map((e: any) => e.code)).not.toContain('too_deep');
      // A right body still logs in.
      expect((await t.post('/api/v1/auth/login', { body: { username: 'clerk01', password: 'ChangeMe-2026' } })).status).toBe(200);
    });

    it('a body of deep arrays (the cheapest to send) is refused the same way', async () => {
      const res = await t.post('/api/v1/public/ratings', { rawBody: '['.repeat(100_000) + ']'.repeat(100_000) });
      expectTraced(res, 400, 'REQUEST.INVALID');
      expect(res.body.errors[0].code).toBe('too_deep');
    });
  });

  describe('public lookups (no login) are throttled per client address', () => {
    const lookup = (from: string, app = t) =>
      app.app.inject({ method: 'GET', url: '/api/v1/public/cases/收件〔2026〕9999号?code=ABCDEFGH', remoteAddress: from });
    const rate = (from: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/public/ratings',
        remoteAddress: from,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ receiptNo: 'ZX19999999', code: 'ABCDEFGH', level: 'satisfied' }),
      });

    it('past PUBLIC_LOOKUPS_PER_MINUTE (5 here) case lookups and ratings from one address, 429 with retry-after; other addresses go on', async () => {
      for (let i = 0; i < 3; i++) expect((await lookup('192.0.2.1')).statusCode).toBe(404);
      for (let i = 0; i < 2; i++) expect((await rate('192.0.2.1')).statusCode).toBe(404);
      for (const res of [await lookup('192.0.2.1'), await rate('192.0.2.1')]) {
        expect(res.statusCode).toBe(429);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.json()).toMatchObject({ code: 'PUBLIC.TOO_MANY_LOOKUPS', requestId: expect.any(String) });
        const retryAfter = Number(res.headers['retry-after']);
        expect(retryAfter).toBeGreaterThan(0);
        expect(retryAfter).toBeLessThanOrEqual(60);
      }
      expect((await lookup('192.0.2.2')).statusCode).toBe(404);
      // The public service guide is not a lookup.
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/public/services', remoteAddress: '192.0.2.1' })).statusCode).toBe(200);
    });

    it('the limit holds across replicas: the count is shared through PostgreSQL, not kept per process (and needs no Redis)', async () => {
      const replica = await TestApp.start({ replicaOf: t, roles: ['api'], env: { PUBLIC_LOOKUPS_PER_MINUTE: '5' } });
      try {
        for (let i = 0; i < 3; i++) expect((await lookup('192.0.2.50')).statusCode).toBe(404);
        for (let i = 0; i < 2; i++) expect((await lookup('192.0.2.50', replica)).statusCode).toBe(404);
        expect((await lookup('192.0.2.50', replica)).statusCode).toBe(429);
      } finally {
        await replica.close();
      }
    });
  });

  describe('URLs', () => {
    it('a bad percent-encoding (GET /api/v1/cases/%) is 400 problem+json with a request id', async () => {
      for (const url of ['/api/v1/cases/%', '/api/v1/cases/%zz', '/api/v1/public/cases/%E0%A4%A']) {
        expectTraced(await t.get(url, { token: w.tokens.clerk01 }), 400, 'REQUEST.BAD_URL');
      }
    });

    it('a path parameter over 100 characters is 414 problem+json with a request id', async () => {
      expectTraced(await t.get(`/api/v1/cases/${'a'.repeat(200)}`, { token: w.tokens.clerk01 }), 414, 'REQUEST.URL_TOO_LONG');
    });

    it('a URL over the 16 KB header limit is 431 problem+json with a request id, written before any request exists', async () => {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = new URL((await t.app.getUrl()).replace('[::1]', '127.0.0.1'));
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.write(`GET /api/v1/public/services?q=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
        });
        let data = '';
        socket.on('data', (chunk) => (data += chunk.toString()));
        socket.on('end', () => resolve(data));
        socket.on('error', reject);
      });
      const [head, body] = raw.split('\r\n\r\n') as [string, string];
      expect(head).toMatch(/^HTTP\/1\.1 431 /);
      expect(head.toLowerCase()).toContain('content-type: application/problem+json');
      const problem = JSON.parse(body);
      expect(problem).toMatchObject({ status: 431, code: 'REQUEST.HEADERS_TOO_LARGE', requestId: expect.any(String) });
      expect(head.toLowerCase()).toContain(`x-request-id: ${problem.requestId}`);
      // And the server goes on serving.
      expect((await fetch(`http://127.0.0.1:${port}/api/v1/public/services`)).status).toBe(200);
    });
  });
});

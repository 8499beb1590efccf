import { Writable } from 'node:stream';
import { TimerSweep } from '@app/deadlines';
import { AlertStream } from '@app/platform';
import { receiveCase } from './support/cases.js';
import { EventStream } from './support/event-stream.js';
import { TestApp } from './support/test-app.js';
import { claimsOf, signToken } from './support/tokens.js';
import { addStaff, demoWorld, STAFF_PASSWORD, type World } from './support/world.js';

interface Alert {
  id: string;
  recipientId: string;
  caseId: string;
  step: string;
  level: string;
  title: string;
  dueAt: string;
  createdAt: string;
  readAt: string | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('alerts: the inbox and the live stream of fired steps', () => {
  let t: TestApp;
  let w: World;

  const inbox = async (who: keyof World['tokens'], query: Record<string, string> = {}) => {
    const res = await t.get('/api/v1/alerts', { token: w.tokens[who], query });
    expect(res.status).toBe(200);
    return res.body as { items: Alert[]; total: number; page: number; pageSize: number };
  };

  /** The app's log lines. */
  const logs: Array<Record<string, any>> = [];

  beforeAll(async () => {
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) logs.push(JSON.parse(line));
        done();
      },
    });
    t = await TestApp.start({ env: { SWEEP_INTERVAL_SECONDS: '0', LOG_LEVEL: 'info', ALERT_HEARTBEAT_SECONDS: '1' }, logStream });
    w = await demoWorld(t);
  });
  afterAll(() => t?.close());

  describe('the inbox', () => {
    /** handler01's three cases and handler02's one, all past their warning. */
    let mine: string[];
    let theirs: string;

    beforeAll(async () => {
      t.clock.set('2026-03-02T10:00:00+08:00'); // Monday; warning Wed 4 March 15:10, due Thu 17:30
      mine = [];
      for (let i = 0; i < 3; i++) mine.push((await receiveCase(t, w)).id);
      theirs = (await receiveCase(t, w, undefined, { handlerId: w.staff.handler02 })).id;
      t.clock.set('2026-03-04T16:00:00+08:00');
      await t.app.get(TimerSweep).sweep();
    });

    it("lists the caller's own alerts only: the warning of each of their cases, unread", async () => {
      const h1 = await inbox('handler01');
      expect(h1.total).toBe(3);
      expect(h1.items.map((a) => a.caseId).sort()).toEqual([...mine].sort());
      for (const a of h1.items) {
        expect(a).toMatchObject({ recipientId: w.staff.handler01, step: 'warning', level: 'yellow', title: '办件即将到期预警', readAt: null });
      }
      const h2 = await inbox('handler02');
      expect(h2.items.map((a) => a.caseId)).toEqual([theirs]);
      expect(h2.items[0]!.recipientId).toBe(w.staff.handler02);
      expect(await inbox('head01')).toEqual({ items: [], total: 0, page: 1, pageSize: 20 });
    });

    it('pages: pageSize 2 gives a page of 2 and a page of 1, the same total, and no alert twice', async () => {
      const p1 = await inbox('handler01', { pageSize: '2', page: '1' });
      const p2 = await inbox('handler01', { pageSize: '2', page: '2' });
      expect(p1).toMatchObject({ total: 3, page: 1, pageSize: 2 });
      expect(p2).toMatchObject({ total: 3, page: 2, pageSize: 2 });
      expect(p1.items).toHaveLength(2);
      expect(p2.items).toHaveLength(1);
      const ids = [...p1.items, ...p2.items].map((a) => a.id);
      expect(new Set(ids).size).toBe(3);
      expect([...p1.items, ...p2.items].map((a) => a.caseId).sort()).toEqual([...mine].sort());
    });

    it('a page past the end is empty and still reports the total', async () => {
      expect(await inbox('handler01', { pageSize: '2', page: '3' })).toEqual({ items: [], total: 3, page: 3, pageSize: 2 });
    });

    it('marking an alert read stamps the time; unread=true then leaves it out, unread=false keeps it', async () => {
      const [first] = (await inbox('handler01')).items;
      t.clock.set('2026-03-04T16:05:00+08:00');
      const res = await t.post(`/api/v1/alerts/${first!.id}/read`, { token: w.tokens.handler01 });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: first!.id, readAt: '2026-03-04T08:05:00.000Z' });

      const unread = await inbox('handler01', { unread: 'true' });
      expect(unread.total).toBe(2);
      expect(unread.items.map((a) => a.id)).not.toContain(first!.id);
      expect(unread.items.every((a) => a.readAt === null)).toBe(true);
      const all = await inbox('handler01', { unread: 'false' });
      expect(all.total).toBe(3);
      expect(all.items.find((a) => a.id === first!.id)!.readAt).toBe('2026-03-04T08:05:00.000Z');
    });

    it('marking it read again keeps the first read time', async () => {
      const read = (await inbox('handler01')).items.find((a) => a.readAt !== null)!;
      t.clock.set('2026-03-04T17:00:00+08:00');
      const again = await t.post(`/api/v1/alerts/${read.id}/read`, { token: w.tokens.handler01 });
      expect(again.status).toBe(200);
      expect(again.body.readAt).toBe(read.readAt);
    });

    it("another staff member's alert id is 404 ALERT.NOT_FOUND, and the alert stays unread", async () => {
      const unread = (await inbox('handler01', { unread: 'true' })).items[0]!;
      for (const who of ['handler02', 'head01'] as const) {
        const res = await t.post(`/api/v1/alerts/${unread.id}/read`, { token: w.tokens[who] });
        expect(res.status).toBe(404);
        expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
        expect(res.body).toMatchObject({ status: 404, code: 'ALERT.NOT_FOUND', errors: [{ field: 'id' }] });
      }
      const [row] = await t.db.query('SELECT read_at FROM alert WHERE id = $1', [unread.id]);
      expect(row).toEqual({ read_at: null });
    });
  });

  describe('the live stream (GET /api/v1/alerts/stream, server-sent events)', () => {
    let url: string;
    const open: EventStream[] = [];
    const stream = async (query: string, headers?: Record<string, string>) => {
      const s = await EventStream.open(`${url}/api/v1/alerts/stream${query}`, headers);
      open.push(s);
      return s;
    };

    beforeAll(async () => {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      url = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
      await t.app.get(AlertStream).ready;
    });
    afterAll(() => {
      for (const s of open) s.close();
    });

    it('without any token is 401', async () => {
      const s = await stream('');
      expect(s.response.status).toBe(401);
      expect(s.response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await s.response.json()).toMatchObject({ status: 401, code: 'AUTH.TOKEN_REQUIRED' });
    });

    it('with a bad token is 401', async () => {
      const s = await stream('?access_token=not.a.token');
      expect(s.response.status).toBe(401);
      expect(await s.response.json()).toMatchObject({ status: 401, code: 'AUTH.INVALID_TOKEN' });
    });

    it('a token in the query string is accepted by the stream only, not by the other endpoints', async () => {
      const res = await fetch(`${url}/api/v1/alerts?access_token=${w.tokens.handler01}`);
      expect(res.status).toBe(401);
      await res.body?.cancel();
    });

    it("delivers the handler's alert within 1 second of the sweep that fires it, and not to another staff member", async () => {
      const h1 = await stream(`?access_token=${w.tokens.handler01}`);
      const h2 = await stream(`?access_token=${w.tokens.handler02}`);
      expect(h1.response.status).toBe(200);
      expect(h1.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect((await h1.next((e) => e.event === 'ready', 5000)).data).toEqual({ recipientId: w.staff.handler01 });
      expect((await h2.next((e) => e.event === 'ready', 5000)).data).toEqual({ recipientId: w.staff.handler02 });
      await t.app.get(AlertStream).ready;

      t.clock.set('2026-03-09T10:00:00+08:00'); // Monday; warning Wed 11 March 15:10
      const forH1 = await receiveCase(t, w);
      const forH2 = await receiveCase(t, w, undefined, { handlerId: w.staff.handler02 });
      t.clock.set('2026-03-11T16:00:00+08:00');
      const result = await t.app.get(TimerSweep).sweep();
      const sweptAt = performance.now();
      expect(result?.fired).toBeGreaterThanOrEqual(2);

      const alert = await h1.next((e) => e.event === 'alert' && e.data?.caseId === forH1.id, 5000);
      expect(alert.at - sweptAt).toBeLessThan(1000);
      expect(alert.data).toMatchObject({ recipientId: w.staff.handler01, caseId: forH1.id, step: 'warning', level: 'yellow', readAt: null });
      expect(alert.id).toBe(alert.data.id);
      // The same alert is in the inbox.
      expect((await inbox('handler01')).items.map((a) => a.id)).toContain(alert.data.id);

      // handler02's stream is live and gets its own alert, never handler01's.
      await h2.next((e) => e.event === 'alert' && e.data?.caseId === forH2.id, 5000);
      await sleep(300);
      expect(h2.alertsFor(forH1.id)).toEqual([]);
      expect(h1.alertsFor(forH2.id)).toEqual([]);
      expect(h2.events.filter((e) => e.event === 'alert').every((e) => e.data.recipientId === w.staff.handler02)).toBe(true);
      expect(h1.alertsFor(forH1.id)).toHaveLength(1);

      h1.close();
      h2.close();
    });

    it('an idle stream gets a heartbeat every ALERT_HEARTBEAT_SECONDS (25 by default), so that proxies keep it open', async () => {
      const s = await stream(`?access_token=${w.tokens.head01}`);
      const ready = await s.next((e) => e.event === 'ready', 5000);
      const first = await s.next((e) => e.event === 'heartbeat', 3000);
      const second = await s.next((e) => e.event === 'heartbeat' && e !== first, 3000);
      expect(first.at - ready.at).toBeLessThan(2000);
      expect(second.at - first.at).toBeGreaterThan(500);
      expect(s.events.filter((e) => e.event === 'alert')).toEqual([]);
      s.close();
    });

    describe('a stream lives no longer than its token and its session', () => {
      let seq = 0;
      /** A fresh handler and a logged-in session of theirs. */
      const someone = async () => {
        seq += 1;
        const username = `streamer${seq}`;
        const added = await addStaff(t, w, `STRM${seq}`, [[username, 'registration', ['handler']]]);
        return { id: added.id[username]!, username, token: added.token[username]! };
      };

      it('closes, after an end event, when the staff member is deactivated', async () => {
        const h = await someone();
        const s = await stream(`?access_token=${h.token}`);
        await s.next((e) => e.event === 'ready', 5000);
        expect((await t.patch(`/api/v1/staff/${h.id}`, { token: w.tokens.admin, body: { active: false } })).status).toBe(200);
        await s.closedWithin(2000);
        expect(s.events.at(-1)).toMatchObject({ event: 'end', data: { reason: 'session_ended' } });
      });

      it('closes when its session logs out, and when the staff member is demoted', async () => {
        const h = await someone();
        const one = await stream(`?access_token=${h.token}`);
        await one.next((e) => e.event === 'ready', 5000);
        expect((await t.post('/api/v1/auth/logout', { token: h.token, body: {} })).status).toBe(204);
        await one.closedWithin(2000);

        const again = (await t.post('/api/v1/auth/login', { body: { username: h.username, password: STAFF_PASSWORD } })).body.accessToken;
        const two = await stream(`?access_token=${again}`);
        await two.next((e) => e.event === 'ready', 5000);
        expect((await t.patch(`/api/v1/staff/${h.id}`, { token: w.tokens.admin, body: { roles: ['clerk'] } })).status).toBe(200);
        await two.closedWithin(2000);
        expect(two.events.at(-1)).toMatchObject({ event: 'end', data: { reason: 'session_ended' } });
      });

      it('closes when its access token expires', async () => {
        const h = await someone();
        const claims = claimsOf(h.token);
        const shortLived = await signToken(t, { sub: claims.sub, unit: claims.unit, roles: claims.roles, sid: claims.sid }, { expiresInSeconds: 2 });
        const s = await stream(`?access_token=${shortLived}`);
        await s.next((e) => e.event === 'ready', 5000);
        await s.closedWithin(4000);
        expect(s.events.at(-1)).toMatchObject({ event: 'end', data: { reason: 'token_expired' } });
      });

      it('a staff member holds at most 5 streams: a sixth closes the oldest', async () => {
        const h = await someone();
        const streams: EventStream[] = [];
        for (let i = 0; i < 6; i++) {
          const s = await stream(`?access_token=${h.token}`);
          await s.next((e) => e.event === 'ready', 5000);
          streams.push(s);
        }
        await streams[0]!.closedWithin(2000);
        expect(streams[0]!.events.at(-1)).toMatchObject({ event: 'end', data: { reason: 'too_many_streams' } });
        await sleep(200);
        expect(streams.slice(1).every((s) => !s.ended)).toBe(true);
        for (const s of streams) s.close();
      });
    });

    it('the access token given in the query string never reaches the logs', async () => {
      const s = await stream(`?access_token=${w.tokens.handler02}`, { 'x-request-id': 'stream-log-check' });
      await s.next((e) => e.event === 'ready', 5000);
      s.close();
      // The stream's request line is written when the connection closes.
      const streamed = () => logs.find((l) => l.requestId === 'stream-log-check' && String(l.req?.url).startsWith('/api/v1/alerts/stream'));
      for (let i = 0; i < 200 && !streamed(); i++) await sleep(10);
      expect(streamed()).toBeDefined();
      const leaking = logs
        .filter((l) => JSON.stringify(l).includes(w.tokens.handler02))
        .map((l) => ({ msg: l.msg, path: String(l.req?.url).split('?')[0], query: Object.keys(l.req?.query ?? {}) }));
      expect(leaking).toEqual([]);
    });
  });
});

import { AuditService, JobName, JobQueues, QueueName } from '@app/platform';
import { waitFor } from './support/processes.js';
import { TestApp } from './support/test-app.js';
import { demoWorld, type World } from './support/world.js';

describe('platform: health, docs, errors, queue, audit trail', () => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await TestApp.start();
    world = await demoWorld(t);
  });
  afterAll(() => t.close());

  it("answers /health with 200 when PostgreSQL and the queue's store (Redis, or PostgreSQL on that backend) answer", async () => {
    const res = await t.get('/health');
    expect(res.status).toBe(200);
    const queue = t.config.QUEUE_BACKEND === 'redis' ? 'redis' : 'queue';
    expect(res.body.details).toMatchObject({ postgres: { status: 'up' }, [queue]: { status: 'up' } });
  });

  it('serves the OpenAPI document and its UI', async () => {
    const doc = await t.get('/api/docs-json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/enquiries', '/api/v1/auth/login', '/api/v1/calendar/deadline', '/api/v1/public/services']),
    );
    const ui = await t.get('/api/docs');
    expect(ui.status).toBe(200);
    expect(String(ui.body)).toContain('swagger');
  });

  it('gives every response a request id, and echoes a sane caller-supplied one', async () => {
    const own = await t.get('/health', { headers: { 'x-request-id': 'abc-123' } });
    expect(own.headers['x-request-id']).toBe('abc-123');
    const generated = await t.get('/health', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown route with a 404 problem+json', async () => {
    const res = await t.get('/api/v1/no-such-thing', { token: world.tokens.clerk01 });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 404, code: 'HTTP.404', title: 'Not Found' });
    expect(res.body.type).toMatch(/^https?:\/\//);
  });

  it('a worker consumes the queue: a ping job comes back done', async () => {
    const job = await t.app.get(JobQueues).add(JobName.Ping, { requestedBy: 'e2e' });
    const state = async () => (await t.app.get(JobQueues).queue(QueueName.System).getJob(job.id!))?.getState();
    for (let i = 0; i < 100 && (await state()) !== 'completed'; i++) await new Promise((r) => setTimeout(r, 50));
    const done = await t.app.get(JobQueues).queue(QueueName.System).getJob(job.id!);
    expect(await done!.getState()).toBe('completed');
    expect(done!.returnvalue).toMatchObject({ pong: 'e2e' });
  });

  describe('audit trail', () => {
    it('records who did what, with before and after', async () => {
      const rows = await t.db.query(
        `SELECT action, entity, actor_id, after FROM audit_log WHERE entity = 'staff' AND after::jsonb->>'username' = 'clerk01'`,
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].action).toBe('staff.create');
      expect(JSON.stringify(rows[0].after)).not.toContain('password');
    });

    it('refuses UPDATE and DELETE on the trail', async () => {
      await expect(t.db.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(/append-only/);
      await expect(t.db.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    });

    it('chains each unit\'s entries by keyed hash once sealed, so that tampering shows', async () => {
      const audit = t.app.get(AuditService);
      await waitFor('the demo unit sealed', async () => ((await audit.verify(world.unitId)).unsealed.count === 0 ? true : undefined), 5_000);
      expect((await audit.verify(world.unitId)).intact).toBe(true);
      // Forge an entry behind the trigger's back, as someone with table access could.
      await t.db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change');
      const [victim] = await t.db.query(`SELECT id::text AS id FROM audit_log WHERE chain = $1 ORDER BY seq LIMIT 1 OFFSET 2`, [world.unitId]);
      await t.db.query(`UPDATE audit_log SET after = '{"forged":true}' WHERE id = $1`, [victim.id]);
      await t.db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change');
      const report = await audit.verify(world.unitId);
      expect(report).toMatchObject({ intact: false, firstBroken: { entryId: victim.id, sequence: 3, problem: 'hash' } });
    });
  });
});

describe('an unexpected failure', () => {
  let t: TestApp;
  let world: World;
  beforeAll(async () => {
    t = await TestApp.start();
    world = await demoWorld(t);
  });
  afterAll(() => t.close());

  it('is a 500 problem with a request id and no internals, and leaves no half write', async () => {
    // A real fault, not a stub: the audit table disappears under the running service.
    await t.db.query('ALTER TABLE audit_log RENAME TO audit_log_away');
    try {
      const res = await t.post('/api/v1/enquiries', {
        token: world.tokens.clerk01,
        headers: { 'x-request-id': 'fault-1' },
        body: { channel: 'visit', kind: 'consultation', subject: '咨询', outcome: { type: 'answered', answer: '好' } },
      });
      expect(res.status).toBe(500);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 500, code: 'INTERNAL', requestId: 'fault-1' });
      expect(res.body.detail).toContain('fault-1');
      expect(JSON.stringify(res.body)).not.toMatch(/audit_log|relation|SELECT|INSERT|stack|at /);
      // The enquiry was in the same transaction as its audit entry: neither was written.
      expect(await t.count('enquiry')).toBe(0);
    } finally {
      await t.db.query('ALTER TABLE audit_log_away RENAME TO audit_log');
    }
  });
});

describe('health when a dependency is down', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Nothing listens on port 1: Redis does not answer, PostgreSQL does. The Redis backend whatever the
    // run's: this is the Redis that is down, on any machine.
    t = await TestApp.start({ queueBackend: 'redis', env: { REDIS_URL: 'redis://127.0.0.1:1' } });
  });
  afterAll(() => t.close());

  it('answers 503 naming Redis as down', async () => {
    const res = await t.get('/health');
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.checks).toMatchObject({ details: { postgres: { status: 'up' }, redis: { status: 'down' } } });
  });
});

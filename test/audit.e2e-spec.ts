import { spawn } from 'node:child_process';
import { createHash, createPublicKey, generateKeyPairSync, randomUUID, verify } from 'node:crypto';
import { resolve } from 'node:path';
import pg from 'pg';
import { AuditSealer, AuditService, checkpointText, signCheckpoint, type AuditVerification } from '@app/platform';
import { compactText, pdfText } from '@app/testing';
import type { EntityManager } from 'typeorm';
import { waitFor } from './support/processes.js';
import { TestApp } from './support/test-app.js';
import { demoWorld, type World } from './support/world.js';

// The audit trail an inspector can verify (issue 15): writers append without a lock, one sealer chains
// the entries by keyed hash in commit order and signs checkpoints, and verification (API and command)
// finds any rewrite, deletion, unkeyed re-chaining or forged checkpoint.

/** AuditService.record on a plain pg connection of its own (the app's pool has fewer than 16). */
const managerOf = (client: pg.ClientBase) => ({ query: async (sql: string, params?: unknown[]) => (await client.query(sql, params)).rows }) as unknown as EntityManager;

describe('audit trail', () => {
  let t: TestApp;
  let w: World;
  let audit: AuditService;
  let sealer: AuditSealer;

  beforeAll(async () => {
    t = await TestApp.start();
    w = await demoWorld(t);
    audit = t.app.get(AuditService);
    sealer = t.app.get(AuditSealer);
  });
  afterAll(() => t.close());

  const connect = async () => {
    const c = new pg.Client({ connectionString: t.config.DATABASE_URL });
    await c.connect();
    return c;
  };
  /** Seals until nothing committed is left (the worker's run may hold the lock meanwhile). */
  const sealAll = (unit: string | null) => waitFor('everything sealed', async () => ((await audit.verify(unit)).unsealed.count === 0 ? true : undefined), 10_000, 20);
  /** Everything sealed, then one whole run of our own: its checkpoints are made too. */
  const settle = async (unit: string | null) => {
    await sealAll(unit);
    await waitFor('a sealing run of our own', async () => ((await sealer.sealNow()) ? true : undefined), 10_000, 20);
  };
  /** A unit of its own with `n` entries sealed together (so its first checkpoint signs entry n), for a test that breaks it. */
  const sealedUnit = async (n: number) => {
    const unitId = randomUUID();
    await t.db.transaction(async (m) => {
      for (let i = 1; i <= n; i++) await audit.record(m, { actor: null, unitId, action: 'test.write', entity: 'thing', entityId: String(i), after: { i } });
    });
    await settle(unitId);
    const ids = (await t.db.query(`SELECT id::text AS id FROM audit_log WHERE chain = $1 ORDER BY seq`, [unitId])).map((r: { id: string }) => r.id) as string[];
    return { unitId, ids };
  };
  /** Rewrites the table as someone with database access could: the triggers off for this session. */
  const asTableWriter = async (statements: Array<[string, unknown[]]>) => {
    const c = await connect();
    try {
      await c.query(`SET session_replication_role = replica`);
      for (const [sql, params] of statements) await c.query(sql, params);
    } finally {
      await c.end();
    }
  };

  describe('append without a lock, sealed in commit order', () => {
    it('a writer holding its transaction open does not hold up another writer of the same unit', async () => {
      const [a, b] = [await connect(), await connect()];
      try {
        await a.query('BEGIN');
        await audit.record(managerOf(a), { actor: null, unitId: w.unitId, action: 'test.slow', entity: 'thing', entityId: 'slow' });
        await b.query('BEGIN');
        await b.query(`SET LOCAL statement_timeout = '2s'`);
        await audit.record(managerOf(b), { actor: null, unitId: w.unitId, action: 'test.fast', entity: 'thing', entityId: 'fast' });
        await b.query('COMMIT');
        // b committed first, but a is older and still in flight: nothing after a is sealed yet.
        await sealer.sealNow();
        const fast = await t.db.query(`SELECT seq FROM audit_log WHERE action = 'test.fast'`);
        expect(fast).toEqual([{ seq: null }]);
        const report = await audit.verify(w.unitId);
        expect(report.unsealed.count).toBeGreaterThanOrEqual(1);
        expect(report.unsealed.oldestAt).toEqual(expect.any(String));
        await a.query('COMMIT');
      } finally {
        await a.end();
        await b.end();
      }
      await sealAll(w.unitId);
      const rows = await t.db.query(`SELECT action, seq::int AS seq FROM audit_log WHERE action IN ('test.slow', 'test.fast') ORDER BY seq`);
      expect(rows.map((r: { action: string }) => r.action)).toEqual(['test.slow', 'test.fast']);
      expect(rows[1].seq).toBe(rows[0].seq + 1);
      expect((await audit.verify(w.unitId)).intact).toBe(true);
    });

    it('concurrent writers on 16 connections: every entry is sealed once, in commit order, none skipped', async () => {
      const unitId = randomUUID();
      let mark = 0;
      const txs: Array<{ name: string; began: number; committed: number }> = [];
      const writer = async (n: number) => {
        const c = await connect();
        try {
          for (let i = 0; i < 15; i++) {
            const name = `w${n}-${i}`;
            await c.query('BEGIN');
            const began = ++mark;
            for (const part of ['a', 'b']) {
              await audit.record(managerOf(c), { actor: null, unitId: part === 'a' ? unitId : null, action: 'test.concurrent', entity: 'thing', entityId: `${name}-${part}` });
              // Some transactions stay open a little, so that later ones commit before them.
              if (i % 4 === n % 4) await new Promise((r) => setTimeout(r, 15));
            }
            await c.query('COMMIT');
            txs.push({ name, began, committed: ++mark });
          }
        } finally {
          await c.end();
        }
      };
      let writing = true;
      const sealing = (async () => {
        while (writing) {
          await sealer.sealNow();
          await new Promise((r) => setTimeout(r, 10));
        }
      })();
      await Promise.all(Array.from({ length: 16 }, (_, n) => writer(n)));
      writing = false;
      await sealing;
      await sealAll(unitId);
      await sealAll(null);

      const rows = (await t.db.query(`SELECT chain, entity_id, seq::int AS seq FROM audit_log WHERE action = 'test.concurrent' ORDER BY chain, seq`)) as Array<{
        chain: string;
        entity_id: string;
        seq: number;
      }>;
      const mine = rows.filter((r) => r.chain === unitId);
      expect(mine).toHaveLength(16 * 15);
      // Once each, no gap: the unit's chain is exactly 1..240.
      expect(mine.map((r) => r.seq)).toEqual(Array.from({ length: 240 }, (_, i) => i + 1));
      expect(rows.filter((r) => r.chain === 'system')).toHaveLength(240);
      // A transaction committed before another began comes before it in the chain.
      const seqOf = new Map(mine.map((r) => [r.entity_id.replace(/-a$/, ''), r.seq]));
      const sorted = [...txs].sort((x, y) => x.committed - y.committed);
      for (const later of txs) {
        const before = sorted.filter((x) => x.committed < later.began);
        if (before.length > 0) expect(Math.max(...before.map((x) => seqOf.get(x.name)!))).toBeLessThan(seqOf.get(later.name)!);
      }
      expect((await audit.verify(unitId)).intact).toBe(true);
      expect((await audit.verify(null)).intact).toBe(true);
    });

    it('the worker seals an entry within a second of its commit', async () => {
      const res = await t.post('/api/v1/enquiries', {
        token: w.tokens.clerk01,
        body: { channel: 'visit', kind: 'consultation', subject: '咨询', outcome: { type: 'answered', answer: '好' } },
      });
      expect(res.status).toBe(201);
      const started = performance.now();
      await waitFor(
        'the enquiry sealed',
        async () => {
          const rows = (await t.db.query(`SELECT seq FROM audit_log WHERE entity_id = $1`, [res.body.id])) as Array<{ seq: string | null }>;
          return rows.length > 0 && rows.every((r) => r.seq !== null) ? true : undefined;
        },
        5_000,
        20,
      );
      expect(performance.now() - started).toBeLessThan(1_000);
    });
  });

  describe('verification', () => {
    it('an intact trail: the sealed count and head, checkpoints checked, no unsealed tail', async () => {
      const { unitId, ids } = await sealedUnit(4);
      const report = await audit.verify(unitId);
      expect(report).toMatchObject({
        unitId,
        intact: true,
        sealed: { count: 4, head: { entryId: ids[3], sequence: 4 } },
        firstBroken: null,
        checkpoints: { count: 1, firstBroken: null, latest: { sequence: 4 } },
        unsealed: { count: 0, oldestAt: null },
      });
    });

    it('a rewritten entry is the first broken one, with the hash expected and the hash found', async () => {
      const { unitId, ids } = await sealedUnit(5);
      await asTableWriter([[`UPDATE audit_log SET after = '{"i":99}' WHERE id = $1`, [ids[1]]]]);
      const report = await audit.verify(unitId);
      expect(report).toMatchObject({ intact: false, firstBroken: { entryId: ids[1], sequence: 2, problem: 'hash' } });
      expect(report.firstBroken!.expected).not.toBe(report.firstBroken!.actual);
    });

    it('a deleted entry breaks the chain at its successor', async () => {
      const { unitId, ids } = await sealedUnit(5);
      await asTableWriter([[`DELETE FROM audit_log WHERE id = $1`, [ids[2]]]]);
      expect((await audit.verify(unitId)).firstBroken).toEqual({ entryId: ids[3], sequence: 4, problem: 'sequence', expected: '3', actual: '4' });
    });

    it('a chain recomputed with plain SHA-256 (no key) is caught at the first rewritten entry, and no longer matches its checkpoint', async () => {
      const { unitId, ids } = await sealedUnit(5);
      const rows = await t.db.query(
        `SELECT id::text AS id, seq::int AS seq, prev_hash, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, action, entity, entity_id, before::text AS before
           FROM audit_log WHERE chain = $1 ORDER BY seq`,
        [unitId],
      );
      // Rewrite entry 3 and re-chain 3..5 as the old unkeyed chain did.
      let prev = (await t.db.query(`SELECT hash FROM audit_log WHERE id = $1`, [ids[1]]))[0].hash as string;
      const statements: Array<[string, unknown[]]> = [];
      for (const r of rows.slice(2)) {
        const after = r.seq === 3 ? '{"i":"forged"}' : JSON.stringify({ i: r.seq });
        const hash = createHash('sha256').update(JSON.stringify([prev, r.at, null, unitId, r.action, r.entity, r.entity_id, r.before, after])).digest('hex');
        statements.push([`UPDATE audit_log SET after = $2, prev_hash = $3, hash = $4 WHERE id = $1`, [r.id, after, prev, hash]]);
        prev = hash;
      }
      await asTableWriter(statements);
      const report = await audit.verify(unitId);
      expect(report.firstBroken).toMatchObject({ entryId: ids[2], sequence: 3, problem: 'hash' });
      expect(report.checkpoints.firstBroken).toMatchObject({ sequence: 5, problem: 'hash' });
    });

    it('a forged checkpoint is caught: signed by another key, or its signature not matching what it states', async () => {
      const { unitId } = await sealedUnit(3);
      const [head] = await t.db.query(`SELECT hash FROM audit_log WHERE chain = $1 AND seq = 3`, [unitId]);
      const at = t.clock.now().toISOString();
      const other = generateKeyPairSync('ed25519');
      const otherPrint = createHash('sha256').update(other.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32)).digest('hex');
      await t.db.query(`INSERT INTO audit_checkpoint (chain, seq, hash, at, key_fingerprint, signature) VALUES ($1, 3, $2, $3, $4, $5)`, [
        unitId,
        head.hash,
        at,
        otherPrint,
        signCheckpoint(other.privateKey, { chain: unitId, seq: 3, hash: head.hash, at }),
      ]);
      expect((await audit.verify(unitId)).checkpoints.firstBroken).toMatchObject({ sequence: 3, problem: 'key' });

      const { unitId: second } = await sealedUnit(2);
      const ours = audit.publicKey().fingerprint;
      await t.db.query(`INSERT INTO audit_checkpoint (chain, seq, hash, at, key_fingerprint, signature) VALUES ($1, 2, $2, $3, $4, $5)`, [
        second,
        'f'.repeat(64),
        at,
        ours,
        Buffer.alloc(64).toString('base64'),
      ]);
      expect(await audit.verify(second)).toMatchObject({ intact: false, firstBroken: null, checkpoints: { firstBroken: { sequence: 2, problem: 'signature' } } });
    });
  });

  describe('checkpoints', () => {
    it('a moved head is signed again after AUDIT_CHECKPOINT_MINUTES, and the last entry of each day is signed at the day\'s end', async () => {
      const unitId = randomUUID();
      const write = (i: number) => audit.record(t.db.manager, { actor: null, unitId, action: 'test.day', entity: 'thing', entityId: String(i) });
      const checkpoints = async () => (await t.db.query(`SELECT seq::int AS seq FROM audit_checkpoint WHERE chain = $1 ORDER BY id`, [unitId])).map((r: { seq: number }) => r.seq);
      const start = t.clock.now();
      try {
        t.clock.set('2026-03-03T23:20:00+08:00');
        await write(1);
        await settle(unitId);
        expect(await checkpoints()).toEqual([1]);
        t.clock.set('2026-03-03T23:50:00+08:00');
        await write(2);
        await settle(unitId);
        expect(await checkpoints()).toEqual([1]); // not an hour yet
        t.clock.set('2026-03-04T00:05:00+08:00');
        await write(3);
        await settle(unitId);
        // Entry 2 closed 3 March; entry 3 waits for the hour.
        expect(await checkpoints()).toEqual([1, 2]);
        t.clock.set('2026-03-04T01:06:00+08:00');
        await settle(unitId);
        expect(await checkpoints()).toEqual([1, 2, 3]);
        expect((await audit.verify(unitId)).intact).toBe(true);
      } finally {
        t.clock.set(start);
      }
    });

    it('the latest checkpoint is public, with a signature anyone can check with the published key', async () => {
      await settle(w.unitId);
      const res = await t.get('/api/v1/public/audit/checkpoints/latest', { query: { unit: w.unitId } });
      expect(res.status).toBe(200);
      const c = res.body;
      expect(c).toMatchObject({ unitId: w.unitId, algorithm: 'Ed25519', sequence: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(c.signedText).toBe(checkpointText({ chain: w.unitId, seq: c.sequence, hash: c.hash, at: c.at }));
      const key = createPublicKey(c.publicKey);
      expect(verify(null, Buffer.from(c.signedText), key, Buffer.from(c.signature, 'base64'))).toBe(true);
      expect(createHash('sha256').update(key.export({ format: 'der', type: 'spki' }).subarray(-32)).digest('hex')).toBe(c.keyFingerprint);
      // It is the head the chain has at that sequence.
      expect((await t.db.query(`SELECT hash FROM audit_log WHERE chain = $1 AND seq = $2`, [w.unitId, c.sequence]))[0].hash).toBe(c.hash);
    });

    it('the public checkpoint lookup answers 400 naming the unit, and 404 for a unit with none', async () => {
      const bad = await t.get('/api/v1/public/audit/checkpoints/latest', { query: { unit: 'x' } });
      expect({ status: bad.status, fields: bad.body.errors?.map((e: { field: string }) => e.field) }).toEqual({ status: 400, fields: ['unit'] });
      const none = await t.get('/api/v1/public/audit/checkpoints/latest', { query: { unit: randomUUID() } });
      expect(none).toMatchObject({ status: 404, body: { code: 'AUDIT.NO_CHECKPOINT' } });
    });

    it('the monthly bulletin prints the latest checkpoint: sequence, hash and key fingerprint', async () => {
      await settle(w.unitId);
      const c = await audit.latestCheckpoint(w.unitId);
      const raw = await t.app.inject({ method: 'GET', url: '/api/v1/reports/bulletin', query: { month: '2026-03' }, headers: { authorization: `Bearer ${w.tokens.leader01}` } });
      expect(raw.statusCode).toBe(200);
      const text = (await pdfText(raw.rawPayload)).compact;
      expect(text).toContain(compactText('五、审计日志存证'));
      expect(text).toContain(`共${c!.sequence}条`);
      expect(text).toContain(c!.hash);
      expect(text).toContain(c!.keyFingerprint);
    });
  });

  describe('GET /api/v1/audit/verify and npm run audit:verify', () => {
    it('the inspector gets the unit\'s trail intact, with its head; a clerk is refused', async () => {
      const res = await t.get<AuditVerification>('/api/v1/audit/verify', { token: w.tokens.inspector01 });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ unitId: w.unitId, intact: true, firstBroken: null, checkpoints: { firstBroken: null } });
      expect(res.body.sealed.count).toBeGreaterThan(0);
      expect(res.body.sealed.head).toMatchObject({ sequence: res.body.sealed.count });
      expect((await t.get('/api/v1/audit/verify', { token: w.tokens.clerk01 })).status).toBe(403);
    });

    it('the command checks a unit offline from DATABASE_URL and the keys: exit 0 when intact, 1 with the first broken entry', async () => {
      const run = (unit: string) =>
        new Promise<{ code: number | null; out: string }>((done) => {
          const child = spawn(process.execPath, [resolve('dist/apps/api/src/audit-verify.js'), '--unit', unit], {
            env: { PATH: process.env.PATH ?? '', DATABASE_URL: t.config.DATABASE_URL, DATA_DIR: t.config.DATA_DIR, NODE_ENV: 'test' },
          });
          let out = '';
          child.stdout.on('data', (d: Buffer) => (out += d.toString()));
          child.on('exit', (code) => done({ code, out }));
        });
      const { unitId, ids } = await sealedUnit(3);
      const good = await run(unitId);
      expect(good.code).toBe(0);
      expect(JSON.parse(good.out)).toMatchObject({ intact: true, sealed: { count: 3 } });
      await asTableWriter([[`UPDATE audit_log SET action = 'test.other' WHERE id = $1`, [ids[0]]]]);
      const bad = await run(unitId);
      expect(bad.code).toBe(1);
      expect(JSON.parse(bad.out)).toMatchObject({ intact: false, firstBroken: { entryId: ids[0], sequence: 1, problem: 'hash' } });
    });
  });
});

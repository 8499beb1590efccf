import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Actor } from '@app/core';
import { loadConfig, migrateDatabase } from '@app/platform';
import { FiguresRollup, ReportsService } from '@app/reports';
import { createApiApp } from '../../apps/api/src/api-app.js';
import { seedDemo } from '../../apps/api/src/demo-data.js';
import { migrations } from '../../apps/api/src/schema.js';

/**
 * The violation report and the efficiency figures over a generated year (2025-03-01 to 2026-03-01,
 * Asia/Shanghai) of BENCH_ENQUIRIES enquiries and BENCH_CASES cases, with proportional extensions (5 %),
 * one-time notices (20 %, 3 % a second one), rejections (3 %), ratings (20 % of completed cases) and
 * violations (overdue, repeated notices). Rows are generated with set-based SQL (INSERT … SELECT
 * generate_series) into a database of its own, every constraint, index and trigger in place.
 *
 * Measured in process (ReportsService, as the controller calls it), BENCH_REPORT_RUNS times each:
 *  A. plain aggregates by the owning libs (no rollup), full year and one month;
 *  B. after the daily rollup of every closed day (its build time is printed too).
 *
 * BENCH_REPORTS_DATABASE=<name> keeps the generated database (reused on the next run when it exists).
 */
const ENQUIRIES = Number(process.env.BENCH_ENQUIRIES ?? 1_000_000);
const CASES = Number(process.env.BENCH_CASES ?? 200_000);
const RUNS = Number(process.env.BENCH_REPORT_RUNS ?? 10);
const OFFICES = Number(process.env.BENCH_OFFICES ?? 20);
const STAFF_PER_OFFICE = Number(process.env.BENCH_STAFF_PER_OFFICE ?? 10);
const KEEP = process.env.BENCH_REPORTS_DATABASE;
const SERVER = process.env.BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CHUNK = 1_000_000;
const YEAR = { from: '2025-03-01T00:00:00+08:00', to: '2026-03-01T00:00:00+08:00' };
const MONTH = { from: '2025-11-01T00:00:00+08:00', to: '2025-12-01T00:00:00+08:00' };

export async function reportsBench(): Promise<void> {
  const database = KEEP ?? `sw_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const dbUrl = new URL(SERVER);
  dbUrl.pathname = `/${database}`;
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  const exists = KEEP ? (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [KEEP])).rowCount === 1 : false;
  await admin.end();
  const config = loadConfig({ ...process.env, DATABASE_URL: dbUrl.toString(), QUEUE_PREFIX: `bench_${randomBytes(3).toString('hex')}`, LOG_LEVEL: 'silent' });
  console.log(`\nReports: database ${database}${exists ? ' (reused)' : ''}, ${ENQUIRIES} enquiries and ${CASES} cases over a year`);
  await migrateDatabase(config.DATABASE_URL, migrations);
  let app: NestFastifyApplication | undefined;
  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 2 });
  pool.on('error', () => undefined);
  try {
    app = await createApiApp(config);
    const demo = await seedDemo(app);
    const generated = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM enquiry')).rows[0]!.n);
    if (!exists || generated === 0) await generate(pool, demo.unitId);
    const counts = await pool.query<{ t: string; n: string }>(
      `SELECT 'enquiry' t, count(*) n FROM enquiry UNION ALL SELECT 'service_case', count(*) FROM service_case
       UNION ALL SELECT 'case_extension', count(*) FROM case_extension UNION ALL SELECT 'one_time_notice', count(*) FROM one_time_notice
       UNION ALL SELECT 'rejection_filing', count(*) FROM rejection_filing UNION ALL SELECT 'rating', count(*) FROM rating
       UNION ALL SELECT 'violation', count(*) FROM violation UNION ALL SELECT 'staff', count(*) FROM staff`,
    );
    console.log(`  rows: ${counts.rows.map((r) => `${r.t} ${Number(r.n).toLocaleString('en')}`).join(', ')}`);
    const size = await pool.query<{ s: string }>('SELECT pg_size_pretty(pg_database_size(current_database())) AS s');
    console.log(`  database size ${size.rows[0]!.s}`);

    const reports = app.get(ReportsService);
    const rollup = app.get(FiguresRollup);
    const inspector: Actor = { id: demo.staff.inspector01!, unitId: demo.unitId, roles: ['inspector'] };
    await pool.query('DELETE FROM report_figures_day');
    await pool.query('DELETE FROM report_rollup_day');

    const suite = async (label: string) => {
      console.log(`\n  ${label} (${RUNS} runs each, after one warm-up)`);
      await measure('violation report, full year', () => reports.violationReport(inspector, { ...YEAR }));
      await measure('violation drill-down, first page of 50, full year', () => reports.violationItems(inspector, { ...YEAR }));
      await measure('efficiency by office, full year', () => reports.efficiency(inspector, { ...YEAR, by: 'office' }));
      await measure('efficiency by staff, full year', () => reports.efficiency(inspector, { ...YEAR, by: 'staff' }));
      await measure('efficiency by staff, one month', () => reports.efficiency(inspector, { ...MONTH, by: 'staff' }));
    };
    await suite('A. plain aggregates by the owning libs (no rollup)');

    const started = performance.now();
    const days = await rollup.catchUp('2025-03-01', 400);
    const seconds = (performance.now() - started) / 1000;
    console.log(`\n  daily rollup of ${days.length} closed days built in ${seconds.toFixed(1)} s (${((seconds * 1000) / Math.max(1, days.length)).toFixed(0)} ms per day)`);
    await suite('B. with the daily rollup (whole days from report_figures_day, the rest and violations live)');
  } catch (e) {
    console.error('reports bench failed:', e);
    process.exitCode = 1;
  } finally {
    await app?.close().catch(() => undefined);
    await pool.end().catch(() => undefined);
    if (!KEEP) {
      const c = new pg.Client({ connectionString: SERVER });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await c.end();
    }
  }
}

async function measure(label: string, run: () => Promise<unknown>): Promise<void> {
  await run();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  const at = (p: number) => ms[Math.min(ms.length - 1, Math.ceil(p * ms.length) - 1)]!;
  console.log(`    ${label.padEnd(52)} p50 ${at(0.5).toFixed(0).padStart(6)} ms   p99 ${at(0.99).toFixed(0).padStart(6)} ms`);
}

/** Offices and handlers, then a year of records, in set-based statements (two at a time: two cores). */
async function generate(pool: pg.Pool, unitId: string): Promise<void> {
  const t0 = performance.now();
  const step = async (label: string, work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    console.log(`  generated ${label} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };
  await step(`${OFFICES} offices and ${OFFICES * STAFF_PER_OFFICE} staff`, async () => {
    await pool.query(
      `INSERT INTO office (unit_id, name) SELECT $1, '测试科室' || o FROM generate_series(1, $2) o`,
      [unitId, OFFICES],
    );
    await pool.query(
      `INSERT INTO staff (unit_id, office_id, username, password_hash, name, badge_no, roles)
       SELECT $1, o.id, 'bench' || o.n || '_' || s, 'x', '测试' || o.n || '-' || s, 'B' || lpad(o.n::text, 3, '0') || '-' || lpad(s::text, 3, '0'), '{handler,clerk}'
         FROM (SELECT id, row_number() OVER (ORDER BY name) n FROM office WHERE unit_id = $1 AND name LIKE '测试科室%') o, generate_series(1, $2) s`,
      [unitId, STAFF_PER_OFFICE],
    );
  });
  const staff = (await pool.query<{ id: string; office_id: string }>(`SELECT id, office_id FROM staff WHERE username LIKE 'bench%' ORDER BY badge_no`)).rows;
  const staffIds = staff.map((s) => s.id);
  const officeIds = staff.map((s) => s.office_id);
  const n = staff.length;
  // Spread over the year: i/N of 365 days, placed in the working day (09:00 + up to 8 h).
  const when = (i: string, total: string) => `(timestamptz '${YEAR.from}' + ((${i} - 1) * 365 / ${total})::int * interval '1 day' + interval '9 hours' + ((${i} * 7919) % 480) * interval '1 minute')`;
  const who = (i: string) => `(1 + ((${i}) * 2654435761) % ${n})`;

  await step(`${ENQUIRIES} enquiries`, () =>
    parallel(ENQUIRIES, (from, to) =>
      pool.query(
        `INSERT INTO enquiry (unit_id, channel, kind, subject, citizen_name, citizen_phone, first_responder_id, first_responder_office_id, received_at, outcome, answer)
         SELECT $1, (ARRAY['visit', 'phone', 'online', 'letter'])[1 + i % 4],
                CASE WHEN i % 31 = 0 THEN 'complaint' WHEN i % 5 = 0 THEN 'application' ELSE 'consultation' END,
                '咨询办理事项', '张三', '139' || lpad(((i * 48271) % 150000)::text, 8, '0'),
                ($2::uuid[])[${who('i')}], ($3::uuid[])[${who('i')}], ${when('i', String(ENQUIRIES))},
                CASE WHEN i % 31 = 0 THEN 'registered' ELSE 'answered' END, CASE WHEN i % 31 = 0 THEN NULL ELSE '已当场答复' END
           FROM generate_series($4::bigint, $5::bigint) i`,
        [unitId, staffIds, officeIds, from, to],
      ),
    ),
  );
  // 90 % completed (a tenth of them late, a third early), 3 % rejected, 2 % withdrawn, 5 % still open.
  await step(`${CASES} cases`, () =>
    parallel(CASES, (from, to) =>
      pool.query(
        `INSERT INTO service_case (id, unit_id, service_item_code, office_id, applicant_name, applicant_phone, status, handler_id, created_by, created_at,
           materials, receipt_no, query_code, accepted_at, accepted_by, promised_at, finished_at, result, withdrawal_reason, rejection_filing_id,
           due_at_close, working_minutes_used, working_minutes_left, working_minutes_committed, accepted_handler_id)
         SELECT md5('case' || i)::uuid, $1, 'DEMO-001', ($3::uuid[])[${who('i')}], '张三', '13800138000', s.status, ($2::uuid[])[${who('i')}], ($2::uuid[])[${who('i + 1')}], a.at,
                '[]'::jsonb, 'B' || i, 'ABCD2345', a.at, ($2::uuid[])[${who('i + 1')}], a.at + interval '3 days',
                CASE WHEN s.status IN ('accepted', 'in_progress') THEN NULL ELSE a.at + d.days * interval '1 day' + interval '1 hour' END,
                CASE WHEN s.status = 'completed' THEN '准予' END, CASE WHEN s.status = 'withdrawn' THEN '申请人撤回' END,
                CASE WHEN s.status = 'rejected' THEN md5('filing' || i)::uuid END,
                CASE WHEN s.status = 'completed' THEN a.at + interval '3 days' END,
                CASE WHEN s.status = 'completed' THEN d.days * 420 + 60 END,
                CASE WHEN s.status = 'completed' THEN 1260 - (d.days * 420 + 60) END,
                CASE WHEN s.status = 'completed' THEN 1260 END, ($2::uuid[])[${who('i')}]
           FROM generate_series($4::bigint, $5::bigint) i,
                LATERAL (SELECT ${when('i', String(CASES))} AS at) a,
                LATERAL (SELECT CASE WHEN i % 10 = 0 THEN 4 ELSE i % 3 END AS days) d,
                LATERAL (SELECT CASE WHEN i % 100 < 90 THEN 'completed' WHEN i % 100 < 93 THEN 'rejected' WHEN i % 100 < 95 THEN 'withdrawn'
                                     WHEN i % 2 = 0 THEN 'accepted' ELSE 'in_progress' END AS status) s`,
        [unitId, staffIds, officeIds, from, to],
      ),
    ),
  );
  await step('extensions (5 %), notices (20 % + 3 %), rejections (3 %), ratings, violations', async () => {
    await Promise.all([
      pool.query(
        `INSERT INTO case_extension (case_id, requested_by, requested_at, working_days, reason, status, decided_by, decided_at, previous_due_at, new_due_at, notice_no, handler_id)
         SELECT c.id, c.handler_id, c.accepted_at + interval '1 day', 2, '需现场核查', 'approved', c.accepted_by, c.accepted_at + interval '1 day 2 hours',
                c.promised_at, c.promised_at + interval '2 days', 'E' || c.receipt_no, c.handler_id
           FROM service_case c WHERE abs(hashtext(c.id::text || 'extension')) % 20 = 0`,
      ),
      pool.query(
        `INSERT INTO one_time_notice (unit_id, case_id, sequence, number, issued_by, issued_at, service_item_code, legal_basis, time_limit, procedure, items, office_id)
         SELECT c.unit_id, c.id, n.seq, 'N' || c.receipt_no || '-' || n.seq, c.created_by, c.created_at - interval '1 day' + n.seq * interval '1 hour', 'DEMO-001',
                '《条例》', '3个工作日', '["申请","受理"]'::jsonb, '[{"name":"经营场所使用证明","reason":"缺少","source":"checklist"}]'::jsonb, i.office_id
           FROM service_case c JOIN staff i ON i.id = c.created_by, LATERAL (SELECT abs(hashtext(c.id::text || 'notice')) % 100 AS r) h,
                LATERAL generate_series(1, CASE WHEN h.r < 3 THEN 2 WHEN h.r < 20 THEN 1 ELSE 0 END) AS n(seq)`,
      ),
    ]);
    await Promise.all([
      pool.query(
        `INSERT INTO rejection_filing (id, unit_id, office_id, case_id, service_item_code, filed_by, filed_at, contact_phone, reason, legal_basis, citizen, materials,
           within_authority, status, notice_no, notice)
         SELECT c.rejection_filing_id, c.unit_id, c.office_id, c.id, 'DEMO-001', c.handler_id, c.finished_at, '0851-28220002', '不具备法定条件',
                '[{"law":"《条例》","article":"第二十六条"}]'::jsonb, '{"name":"张三"}'::jsonb, '[]'::jsonb, true, 'registered', 'R' || c.receipt_no, '{}'::jsonb
           FROM service_case c WHERE c.status = 'rejected'`,
      ),
      pool.query(
        `INSERT INTO rating (unit_id, case_id, reference, office_id, staff_id, level, rated_at)
         SELECT c.unit_id, c.id, c.receipt_no, c.office_id, c.handler_id,
                (ARRAY['very_satisfied', 'satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied'])[1 + abs(hashtext(c.id::text || 'level')) % 5],
                c.finished_at + interval '2 hours'
           FROM service_case c WHERE c.status = 'completed' AND abs(hashtext(c.id::text || 'rating')) % 5 = 0`,
      ),
    ]);
    // Late completions were overdue; second notices were repeated notices. A third of them confirmed.
    await pool.query(
      `INSERT INTO violation (type, unit_id, staff_id, office_id, case_id, evidence, detected_at, occurred_at, dedupe_key, status, decided_by, decided_at, decision_reason)
       SELECT v.type, v.unit_id, v.staff_id, v.office_id, v.case_id, v.evidence, v.at, v.at, v.type || ':' || v.case_id,
              CASE WHEN v.k % 3 = 0 THEN 'confirmed' ELSE 'detected' END,
              CASE WHEN v.k % 3 = 0 THEN $1::uuid END, CASE WHEN v.k % 3 = 0 THEN v.at + interval '3 days' END, CASE WHEN v.k % 3 = 0 THEN '情况属实' END
         FROM (
           SELECT 'overdue' AS type, c.unit_id, c.handler_id AS staff_id, c.office_id, c.id AS case_id, jsonb_build_object('dueAt', c.promised_at) AS evidence,
                  c.promised_at AS at, row_number() OVER () AS k
             FROM service_case c WHERE c.status = 'completed' AND c.working_minutes_left < 0
           UNION ALL
           SELECT 'repeated_notice', n.unit_id, n.issued_by, s.office_id, n.case_id, jsonb_build_object('notice', n.number, 'newItems', jsonb_build_array('补充说明')),
                  n.issued_at, row_number() OVER ()
             FROM one_time_notice n JOIN staff s ON s.id = n.issued_by WHERE n.sequence = 2
         ) v`,
      [staffIds[0]],
    );
  });
  await step('ANALYZE', () => pool.query('ANALYZE'));
  console.log(`  generation took ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/** [1, total] in chunks of CHUNK rows, two statements at a time. */
async function parallel(total: number, insert: (from: number, to: number) => Promise<unknown>): Promise<void> {
  const chunks: Array<[number, number]> = [];
  for (let from = 1; from <= total; from += CHUNK) chunks.push([from, Math.min(total, from + CHUNK - 1)]);
  const next = async (): Promise<void> => {
    const chunk = chunks.shift();
    if (!chunk) return;
    await insert(...chunk);
    return next();
  };
  await Promise.all([next(), next()]);
}

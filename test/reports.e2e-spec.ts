import ExcelJS from 'exceljs';
import { TimerSweep } from '@app/deadlines';
import { FiguresRollup } from '@app/reports';
import { compactText, pdfText } from '@app/testing';
import { COMPLETE_MATERIALS, receiveCase } from './support/cases.js';
import { TestApp } from './support/test-app.js';
import { demoWorld, type World } from './support/world.js';

// Reports: the violation report with its drill-down, the efficiency figures (绩效考评), their CSV and XLSX
// exports and the monthly bulletin (效能通报). Every figure is checked against a count made directly on
// the tables that hold the records.

const MARCH = { from: '2026-03-01T00:00:00+08:00', to: '2026-04-01T00:00:00+08:00' };
const FROM = new Date(MARCH.from);
const TO = new Date(MARCH.to);
const REISSUE_MATERIALS = [
  { name: '补领营业执照申请书', pages: 1, copies: 1 },
  { name: '遗失声明', pages: 1, copies: 1 },
];

/** RFC 4180, enough for what the exports write: quoted fields, doubled quotes, CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

describe('reports', () => {
  let t: TestApp;
  let w: World;
  const ids: Record<string, string> = {};

  const sql = async (query: string, params: unknown[] = []): Promise<number> => {
    const [row] = (await t.db.query(query, params)) as Array<{ n: number }>;
    return Number(row!.n);
  };
  const ok = async <T = any>(res: Promise<{ status: number; body: T }>, status = 200): Promise<T> => {
    const r = await res;
    if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const enquiry = (token: string, kind: string, phone?: string) =>
    ok(
      t.post('/api/v1/enquiries', {
        token,
        body: {
          channel: 'visit',
          kind,
          subject: kind === 'complaint' ? '投诉窗口服务态度' : '咨询设立登记材料',
          ...(phone ? { citizen: { name: '李四', phone } } : {}),
          outcome: kind === 'complaint' ? { type: 'registered' } : { type: 'answered', answer: '需携带身份证明' },
        },
      }),
      201,
    );
  const at = (time: string) => t.clock.set(`2026-03-${time}+08:00`);
  const complete = (id: string) => ok(t.post(`/api/v1/cases/${id}/complete`, { token: w.tokens.handler01, body: { result: '准予登记' } }));
  const report = (path: string, token: string, query: Record<string, string> = {}) => t.get(`/api/v1/reports/${path}`, { token, query: { ...MARCH, ...query } });
  const staffRow = (body: any, staffId: string) => body.rows.find((r: any) => r.staff?.id === staffId);

  beforeAll(async () => {
    t = await TestApp.start({ env: { SWEEP_INTERVAL_SECONDS: '0' } });
    w = await demoWorld(t);

    at('02T09:40:00');
    await enquiry(w.tokens.clerk01, 'consultation');
    await enquiry(w.tokens.clerk01, 'complaint', '13900000001');
    await enquiry(w.tokens.handler02, 'consultation');
    at('02T10:00:00');
    for (const name of ['early', 'onTime', 'late', 'extended']) ids[name] = (await receiveCase(t, w)).id;
    ids.noticed = (await receiveCase(t, w, [COMPLETE_MATERIALS[0]!])).id;
    at('02T11:00:00');
    // A second notice asking for something the first did not: a repeated-notice violation of the clerk.
    await ok(t.post(`/api/v1/cases/${ids.noticed}/notices`, { token: w.tokens.clerk01, body: { items: [{ name: '补充说明', reason: '说明经营范围' }] } }), 201);

    at('03T09:40:00');
    await enquiry(w.tokens.clerk01, 'complaint', '13900000001'); // the same phone again: a repeat complaint
    await enquiry(w.tokens.clerk01, 'complaint', '13900000002');
    at('03T10:00:00');
    await complete(ids.early!); // Thursday 17:30 was due: three working days early
    at('03T10:30:00');
    const ext = await ok(t.post(`/api/v1/cases/${ids.extended}/extensions`, { token: w.tokens.handler01, body: { workingDays: 2, reason: '需现场核查' } }), 201);
    await ok(t.post(`/api/v1/cases/${ids.extended}/extensions/${ext.id}/decision`, { token: w.tokens.leader01, body: { approve: true, note: '同意' } }));

    at('04T10:00:00');
    ids.refused = (await receiveCase(t, w, REISSUE_MATERIALS, { serviceItemCode: 'DEMO-003' })).id;
    await ok(
      t.post('/api/v1/rejection-filings', {
        token: w.tokens.handler01,
        body: { caseId: ids.refused, reason: '申请人不具备法定条件', legalBasis: [{ law: '《市场主体登记管理条例》', article: '第二十六条' }], contactPhone: '0851-28220002' },
      }),
      201,
    );
    at('05T16:00:00');
    await complete(ids.onTime!); // 1.5 working hours before due: on time, not early
    at('06T09:30:00');
    await t.app.get(TimerSweep).sweep(); // the late case's due step fires: an overdue violation
    at('06T10:00:00');
    await complete(ids.late!);
    at('09T10:00:00');
    await complete(ids.extended!); // due Monday 17:30 after the extension: on time
    at('09T11:00:00');
    for (const [name, level] of [['early', 'very_satisfied'], ['onTime', 'dissatisfied']] as const) {
      const c = (await t.get(`/api/v1/cases/${ids[name]}`, { token: w.tokens.handler01 })).body;
      await ok(t.post('/api/v1/public/ratings', { body: { receiptNo: c.receipt.number, code: c.receipt.queryCode, level } }), 201);
    }
    at('10T09:00:00');
  });
  afterAll(() => t.close());

  describe('efficiency figures', () => {
    it('count, per staff member, exactly the records of the period', async () => {
      const res = await report('efficiency', w.tokens.inspector01, { by: 'staff' });
      expect(res.status).toBe(200);
      const handler = staffRow(res.body, w.staff.handler01);
      const clerk = staffRow(res.body, w.staff.clerk01);
      const p = [FROM, TO];
      // Straight from the tables, one count per figure.
      const direct = async (staffId: string) => ({
        enquiries: await sql(`SELECT count(*) n FROM enquiry WHERE first_responder_id = $1 AND received_at >= $2 AND received_at < $3`, [staffId, ...p]),
        complaints: await sql(`SELECT count(*) n FROM enquiry WHERE first_responder_id = $1 AND kind = 'complaint' AND received_at >= $2 AND received_at < $3`, [staffId, ...p]),
        casesAccepted: await sql(`SELECT count(*) n FROM service_case WHERE handler_id = $1 AND accepted_at >= $2 AND accepted_at < $3`, [staffId, ...p]),
        casesCompleted: await sql(`SELECT count(*) n FROM service_case WHERE handler_id = $1 AND status = 'completed' AND finished_at >= $2 AND finished_at < $3`, [staffId, ...p]),
        completedOnTime: await sql(
          `SELECT count(*) n FROM service_case c JOIN deadline_timer d ON d.subject_id = c.id
            WHERE c.handler_id = $1 AND c.status = 'completed' AND c.finished_at >= $2 AND c.finished_at < $3 AND c.finished_at <= d.due_at`,
          [staffId, ...p],
        ),
        extensionsApproved: await sql(
          `SELECT count(*) n FROM case_extension e JOIN service_case c ON c.id = e.case_id WHERE c.handler_id = $1 AND e.status = 'approved' AND e.decided_at >= $2 AND e.decided_at < $3`,
          [staffId, ...p],
        ),
        rejectionsFiled: await sql(`SELECT count(*) n FROM rejection_filing WHERE filed_by = $1 AND filed_at >= $2 AND filed_at < $3`, [staffId, ...p]),
        noticesIssued: await sql(`SELECT count(*) n FROM one_time_notice WHERE issued_by = $1 AND issued_at >= $2 AND issued_at < $3`, [staffId, ...p]),
        casesNoticed: await sql(`SELECT count(DISTINCT case_id) n FROM one_time_notice WHERE issued_by = $1 AND issued_at >= $2 AND issued_at < $3`, [staffId, ...p]),
        ratingsVerySatisfied: await sql(`SELECT count(*) n FROM rating WHERE staff_id = $1 AND level = 'very_satisfied' AND rated_at >= $2 AND rated_at < $3`, [staffId, ...p]),
        ratingsDissatisfied: await sql(`SELECT count(*) n FROM rating WHERE staff_id = $1 AND level = 'dissatisfied' AND rated_at >= $2 AND rated_at < $3`, [staffId, ...p]),
        violations: await sql(`SELECT count(*) n FROM violation WHERE staff_id = $1 AND status <> 'dismissed' AND occurred_at >= $2 AND occurred_at < $3`, [staffId, ...p]),
      });
      for (const [row, staffId] of [[handler, w.staff.handler01], [clerk, w.staff.clerk01]] as const) {
        const expected = await direct(staffId!);
        expect(Object.fromEntries(Object.keys(expected).map((k) => [k, row[k]]))).toEqual(expected);
      }
      // And the figures are the events built above.
      expect(handler).toMatchObject({
        office: { id: w.offices.registration, name: '登记注册股' },
        staff: { id: w.staff.handler01, name: '李经办', badgeNo: 'DEMO-002' },
        casesAccepted: 5,
        casesCompleted: 4,
        completedOnTime: 3,
        onTimeRate: 0.75,
        completedEarly: 1,
        earlyRate: 0.25,
        extensionsRequested: 1,
        extensionsApproved: 1,
        rejectionsFiled: 1,
        rejectionsInForce: 1,
        ratingsTotal: 2,
        ratingsVerySatisfied: 1,
        ratingsDissatisfied: 1,
        satisfactionRate: 0.5,
        violations: 1,
      });
      expect(clerk).toMatchObject({
        office: { id: w.offices.window },
        // 4 logged at the window, and the first contact of each of the 6 cases the clerk received directly.
        enquiries: 10,
        complaints: 3,
        repeatComplaints: 1,
        repeatComplaintRate: 0.3333,
        noticesIssued: 2,
        casesNoticed: 1,
        noticesPerCase: 2,
        violations: 1,
      });
    });

    it('measure handling time on the working-day calendar against the committed time', async () => {
      const [early] = await t.db.query(`SELECT working_minutes_used, working_minutes_committed, working_minutes_left FROM service_case WHERE id = $1`, [ids.early]);
      // Monday 10:00 to Tuesday 10:00 is 7 working hours; the promise ran to Thursday 17:30 (27 working hours).
      expect(early).toEqual({ working_minutes_used: 420, working_minutes_committed: 1620, working_minutes_left: 1200 });
      const [late] = await t.db.query(`SELECT working_minutes_left FROM service_case WHERE id = $1`, [ids.late]);
      expect(late.working_minutes_left).toBe(-60); // Friday 09:00-10:00 after Thursday's close
      const res = await report('efficiency', w.tokens.leader01, { by: 'staff', staff: w.staff.handler01 });
      const sums = await t.db.query(
        `SELECT sum(working_minutes_used)::int AS used, sum(working_minutes_committed)::int AS committed, count(*)::int AS n FROM service_case
          WHERE handler_id = $1 AND status = 'completed' AND finished_at >= $2 AND finished_at < $3`,
        [w.staff.handler01, FROM, TO],
      );
      expect(res.body.rows).toHaveLength(1);
      expect(res.body.rows[0]).toMatchObject({
        casesMeasured: sums[0].n,
        workingMinutesUsed: sums[0].used,
        workingMinutesCommitted: sums[0].committed,
        meanHandlingHours: Math.round((sums[0].used / sums[0].n / 60) * 100) / 100,
      });
    });

    it('by office sums the staff of each office, and the total sums them all', async () => {
      const byStaff = (await report('efficiency', w.tokens.inspector01, { by: 'staff' })).body;
      const byOffice = (await report('efficiency', w.tokens.inspector01, { by: 'office' })).body;
      const registration = byOffice.rows.find((r: any) => r.office?.id === w.offices.registration);
      const staffOfRegistration = byStaff.rows.filter((r: any) => r.office?.id === w.offices.registration);
      for (const field of ['casesAccepted', 'casesCompleted', 'completedOnTime', 'rejectionsFiled', 'violations', 'enquiries']) {
        expect(registration[field]).toBe(staffOfRegistration.reduce((s: number, r: any) => s + r[field], 0));
      }
      expect(byOffice.total.enquiries).toBe(await sql(`SELECT count(*) n FROM enquiry WHERE received_at >= $1 AND received_at < $2`, [FROM, TO]));
      expect(byOffice.total.casesAccepted).toBe(await sql(`SELECT count(*) n FROM service_case WHERE accepted_at >= $1 AND accepted_at < $2`, [FROM, TO]));
      expect(byOffice.rows.every((r: any) => r.staff === null)).toBe(true);
    });

    it('filter by office and staff; an office head sees only their own office', async () => {
      const food = (await report('efficiency', w.tokens.leader01, { by: 'staff', office: w.offices.food })).body;
      expect(food.rows.map((r: any) => r.staff.id)).toEqual([w.staff.handler02]);
      expect(food.total.enquiries).toBe(1);
      const head = await report('efficiency', w.tokens.head01, { by: 'staff' });
      expect(head.status).toBe(200);
      expect(new Set(head.body.rows.map((r: any) => r.office.id))).toEqual(new Set([w.offices.registration]));
      const other = await report('efficiency', w.tokens.head01, { office: w.offices.food });
      expect({ status: other.status, field: other.body.errors?.[0]?.field }).toEqual({ status: 403, field: 'office' });
      expect((await report('efficiency', w.tokens.clerk01)).status).toBe(403);
    });

    it('read the same from the daily rollup as live', async () => {
      const live = (await report('efficiency', w.tokens.inspector01, { by: 'staff' })).body;
      expect(live.source).toEqual({ rolledUpDays: 0, liveIntervals: 1 });
      const rollup = t.app.get(FiguresRollup);
      for (let d = 1; d <= 9; d++) await rollup.rollUp(`2026-03-0${d}`);
      const rolled = (await report('efficiency', w.tokens.inspector01, { by: 'staff' })).body;
      expect(rolled.source).toEqual({ rolledUpDays: 9, liveIntervals: 1 });
      expect(rolled.rows).toEqual(live.rows);
      expect(rolled.total).toEqual(live.total);
      // A period starting mid-day reads that day live and the rest from the rollup.
      const part = (await report('efficiency', w.tokens.inspector01, { from: '2026-03-03T10:15:00+08:00' })).body;
      expect(part.source).toEqual({ rolledUpDays: 6, liveIntervals: 2 });
      expect(part.total.casesCompleted).toBe(3);
    });
  });

  describe('violation report', () => {
    it('counts by office, staff and type (with names) exactly the violations recorded', async () => {
      const res = await report('violations', w.tokens.inspector01);
      expect(res.status).toBe(200);
      const byType = (await t.db.query(
        `SELECT type, count(*)::int AS n FROM violation WHERE occurred_at >= $1 AND occurred_at < $2 GROUP BY type`,
        [FROM, TO],
      )) as Array<{ type: string; n: number }>;
      expect(Object.fromEntries(res.body.byType.map((x: any) => [x.type, x.total]))).toEqual(Object.fromEntries(byType.map((r) => [r.type, r.n])));
      expect(res.body.byType.find((x: any) => x.type === 'overdue')).toMatchObject({ code: 'OVERDUE', name: '超期未办结', total: 1, detected: 1 });
      expect(res.body.byType.find((x: any) => x.type === 'repeated_notice')).toMatchObject({ name: '违反一次性告知', total: 1 });
      const byStaff = (await t.db.query(
        `SELECT staff_id, count(*)::int AS n FROM violation WHERE occurred_at >= $1 AND occurred_at < $2 GROUP BY staff_id`,
        [FROM, TO],
      )) as Array<{ staff_id: string; n: number }>;
      expect(Object.fromEntries(res.body.byStaff.map((x: any) => [x.staff.id, x.total]))).toEqual(Object.fromEntries(byStaff.map((r) => [r.staff_id, r.n])));
      expect(res.body.byStaff.find((x: any) => x.staff.id === w.staff.handler01)).toMatchObject({ staff: { name: '李经办', badgeNo: 'DEMO-002' }, office: { name: '登记注册股' } });
      const byOffice = (await t.db.query(
        `SELECT office_id, count(*)::int AS n FROM violation WHERE occurred_at >= $1 AND occurred_at < $2 GROUP BY office_id`,
        [FROM, TO],
      )) as Array<{ office_id: string; n: number }>;
      expect(Object.fromEntries(res.body.byOffice.map((x: any) => [x.office?.id ?? null, x.total]))).toEqual(Object.fromEntries(byOffice.map((r) => [r.office_id, r.n])));
      expect(res.body.total.total).toBe(byType.reduce((s, r) => s + r.n, 0));
    });

    it('filters by type, staff and office', async () => {
      const overdue = (await report('violations', w.tokens.inspector01, { type: 'overdue' })).body;
      expect(overdue.byType.map((x: any) => x.type)).toEqual(['overdue']);
      const clerk = (await report('violations', w.tokens.inspector01, { staff: w.staff.clerk01 })).body;
      expect(clerk.byStaff.map((x: any) => x.staff.id)).toEqual([w.staff.clerk01]);
      expect(clerk.total.total).toBe(await sql(`SELECT count(*) n FROM violation WHERE staff_id = $1 AND occurred_at >= $2 AND occurred_at < $3`, [w.staff.clerk01, FROM, TO]));
      const food = (await report('violations', w.tokens.inspector01, { office: w.offices.food })).body;
      expect(food.total.total).toBe(0);
      const april = (await report('violations', w.tokens.inspector01, { from: '2026-04-01T00:00:00+08:00', to: '2026-05-01T00:00:00+08:00' })).body;
      expect(april.total.total).toBe(0);
    });

    it('drills down to each violation with its evidence, a page at a time', async () => {
      const total = await sql(`SELECT count(*) n FROM violation WHERE occurred_at >= $1 AND occurred_at < $2`, [FROM, TO]);
      const first = (await report('violations/items', w.tokens.inspector01, { pageSize: '1' })).body;
      expect({ total: first.total, items: first.items.length }).toEqual({ total, items: 1 });
      const all = (await report('violations/items', w.tokens.inspector01)).body;
      expect(all.items).toHaveLength(total);
      const overdue = all.items.find((i: any) => i.type === 'overdue');
      expect(overdue).toMatchObject({ typeName: '超期未办结', caseId: ids.late, staff: { id: w.staff.handler01, name: '李经办' }, status: 'detected' });
      expect(overdue.evidence).toEqual((await t.db.query(`SELECT evidence FROM violation WHERE id = $1`, [overdue.id]))[0].evidence);
      const notice = all.items.find((i: any) => i.type === 'repeated_notice');
      expect(notice.evidence.newItems).toEqual(['补充说明']);
    });
  });

  describe('exports', () => {
    it('CSV: UTF-8 with a BOM, Chinese headers, the same values, as an attachment', async () => {
      const res = await report('efficiency', w.tokens.inspector01, { by: 'staff', format: 'csv' });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="efficiency-staff-20260301-20260401\.csv"; filename\*=UTF-8''/);
      const raw = await t.app.inject({ method: 'GET', url: '/api/v1/reports/efficiency', query: { ...MARCH, by: 'staff', format: 'csv' }, headers: { authorization: `Bearer ${w.tokens.inspector01}` } });
      expect([...raw.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = parseCsv(raw.rawPayload.subarray(3).toString('utf8'));
      const header = rows[0]!;
      expect(header.slice(0, 6)).toEqual(['单位', '科室', '姓名', '工号', '登记咨询办事', '受理办件']);
      const handler = rows.find((r) => r[3] === 'DEMO-002')!;
      const col = (name: string) => handler[header.indexOf(name)];
      expect([col('姓名'), col('科室'), col('受理办件'), col('办结'), col('按时办结率'), col('违规')]).toEqual(['李经办', '登记注册股', '5', '4', '0.75', '1']);
      expect(rows[rows.length - 1]![0]).toBe('合计');

      const violations = await report('violations', w.tokens.inspector01, { format: 'csv' });
      const text = String(violations.body).replace(/^\uFEFF/, '');
      expect(text).toContain('按类型\r\n违规类型,代码,合计,待确认,已确认,已撤销\r\n');
      expect(text).toContain('超期未办结,OVERDUE,1,1,0,0');
    });

    it('XLSX: a workbook that reads back with the same library, sheet by sheet', async () => {
      const raw = await t.app.inject({ method: 'GET', url: '/api/v1/reports/violations', query: { ...MARCH, format: 'xlsx' }, headers: { authorization: `Bearer ${w.tokens.inspector01}` } });
      expect(raw.statusCode).toBe(200);
      expect(raw.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(raw.rawPayload as unknown as ArrayBuffer);
      expect(workbook.worksheets.map((s) => s.name)).toEqual(['按科室', '按人员', '按类型']);
      const byType = workbook.getWorksheet('按类型')!;
      expect(byType.getRow(1).values).toEqual([undefined, '违规类型', '代码', '合计', '待确认', '已确认', '已撤销']);
      const overdueRow = byType.getRows(2, byType.rowCount - 1)!.find((r) => r.getCell(2).value === 'OVERDUE')!;
      expect(overdueRow.getCell(1).value).toBe('超期未办结');
      expect(overdueRow.getCell(3).value).toBe(1);

      const eff = await t.app.inject({ method: 'GET', url: '/api/v1/reports/efficiency', query: { ...MARCH, format: 'xlsx' }, headers: { authorization: `Bearer ${w.tokens.leader01}` } });
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(eff.rawPayload as unknown as ArrayBuffer);
      const sheet = book.getWorksheet('按科室')!;
      const header = (sheet.getRow(1).values as unknown[]).slice(1);
      const registration = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(2).value === '登记注册股')!;
      expect(registration.getCell(header.indexOf('办结') + 1).value).toBe(4);
      expect(registration.getCell(header.indexOf('按时办结率') + 1).value).toBe(0.75);

      const items = await t.get('/api/v1/reports/violations/items', { token: w.tokens.inspector01, query: { ...MARCH, format: 'xlsx' } });
      expect(items.status).toBe(200);
    });

    it('the monthly bulletin (效能通报) is a PDF with the headings and the figures', async () => {
      const raw = await t.app.inject({ method: 'GET', url: '/api/v1/reports/bulletin', query: { month: '2026-03' }, headers: { authorization: `Bearer ${w.tokens.leader01}` } });
      expect(raw.statusCode).toBe(200);
      expect(raw.headers['content-type']).toBe('application/pdf');
      const text = await pdfText(raw.rawPayload);
      for (const expected of ['示范县市场监督管理局', '2026年3月机关效能建设情况通报', '一、总体情况', '二、各科室效能情况', '三、违规情况', '四、工作人员效能情况',
        '受理办件5件', '办结4件', '按时办结率75.0%', '提前办结率25.0%', '超期未办结', '违反一次性告知', '李经办', '登记注册股']) {
        expect(text.compact).toContain(compactText(expected));
      }
      const json = (await t.get('/api/v1/reports/bulletin', { token: w.tokens.leader01, query: { month: '2026-03', format: 'json' } })).body;
      expect(json.title).toBe('2026年3月机关效能建设情况通报');
    });
  });

  describe('bad input', () => {
    const problem = async (query: Record<string, string>, field: string, path = 'efficiency') => {
      const res = await t.get(`/api/v1/reports/${path}`, { token: w.tokens.inspector01, query });
      expect({ status: res.status, type: String(res.headers['content-type']).split(';')[0], fields: res.body.errors?.map((e: any) => e.field) }).toEqual({
        status: 400,
        type: 'application/problem+json',
        fields: expect.arrayContaining([field]),
      });
    };

    it('answers 400 naming the field', async () => {
      await problem({ to: MARCH.to }, 'from');
      await problem({ from: '2026-03-01', to: MARCH.to }, 'from');
      await problem({ from: MARCH.from, to: '2026-03-01T00:00:00+08:00' }, 'to');
      await problem({ from: '2025-03-01T00:00:00+08:00', to: '2026-03-03T00:00:00+08:00' }, 'to');
      await problem({ ...MARCH, office: 'registration' }, 'office');
      await problem({ ...MARCH, staff: '42' }, 'staff');
      await problem({ ...MARCH, format: 'pdf' }, 'format');
      await problem({ ...MARCH, by: 'unit' }, 'by');
      await problem({ ...MARCH, type: 'late' }, 'type', 'violations');
      await problem({ ...MARCH, pageSize: '5000' }, 'pageSize', 'violations/items');
      await problem({ month: '2026-13' }, 'month', 'bulletin');
      await problem({ month: '9999-12' }, 'month', 'bulletin');
      await problem({ month: '0050-01' }, 'month', 'bulletin');
      // A year and a day is allowed (a leap year with an offset).
      expect((await report('efficiency', w.tokens.inspector01, { from: '2025-04-01T00:00:00+08:00', to: '2026-04-02T00:00:00+08:00' })).status).toBe(200);
    });
  });
});

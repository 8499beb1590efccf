import { Inbox } from '@app/platform';
import { receiveCase } from './support/cases.js';
import { TestApp } from './support/test-app.js';
import { demoWorld, type World } from './support/world.js';

// Issue 13: a page of a list costs the same few round trips to PostgreSQL whatever it holds (no query
// per row for staff, offices, deadlines, steps, notices or extensions), and so does one case. Counted
// honestly: every statement the request sends, the guards' and the audit writes included.

const BUDGET = 6;
const REISSUE_MATERIALS = [
  { name: '补领营业执照申请书', pages: 1, copies: 1 },
  { name: '遗失声明', pages: 1, copies: 2 },
];
const FILING = { reason: '申请人不具备法定条件', legalBasis: [{ law: '《中华人民共和国市场主体登记管理条例》', article: '第二十六条' }], contactPhone: '0851-28220002' };

describe('query budget: lists and single views cost a constant number of queries', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    // The api role alone: no worker job sends queries while a request is counted.
    t = await TestApp.start({ roles: ['api'] });
    w = await demoWorld(t);
    t.clock.set('2026-03-02T10:00:00+08:00'); // a Monday
  });
  afterAll(() => t?.close());

  /**
   * The statements one GET sends, once the process's caches are warm (the calendar, the session check),
   * with the guard's session read counted whether or not its short cache answered: the cold cost.
   */
  const cost = async (url: string, token: string, query: Record<string, string> = {}) => {
    await t.get(url, { token, query });
    const { result, statements } = await t.queries(() => t.get(url, { token, query }));
    if (result.status !== 200) throw new Error(`${url}: ${result.status} ${JSON.stringify(result.body)}`);
    const sessionRead = statements.some((s) => s.includes('FROM auth_session'));
    return { body: result.body, statements, count: statements.length + (sessionRead ? 0 : 1) };
  };

  /** A page holding one item, then 20: the same count, within the budget. */
  const budgeted = async (url: string, token: string, add: (n: number) => Promise<unknown>, query: Record<string, string> = {}) => {
    await add(1);
    const one = await cost(url, token, { pageSize: '20', ...query });
    expect(one.body.items).toHaveLength(1);
    await add(19);
    const twenty = await cost(url, token, { pageSize: '20', ...query });
    expect(twenty.body.items).toHaveLength(20);
    expect({ url, one: one.count, twenty: twenty.count, statements: twenty.statements }).toEqual({ url, one: twenty.count, twenty: one.count, statements: twenty.statements });
    expect(twenty.count).toBeLessThanOrEqual(BUDGET);
    return { one, twenty };
  };

  const times = async (n: number, make: (i: number) => Promise<unknown>) => {
    for (let i = 0; i < n; i++) await make(i);
  };

  it('cases: a page of accepted cases with notices, deadlines and extensions', async () => {
    await budgeted('/api/v1/cases', w.tokens.clerk01, (n) =>
      times(n, async (i) => {
        // Every other case waits for materials with a one-time notice; the others are accepted, some extended.
        const c = await receiveCase(t, w, i % 2 ? [{ name: '经营者身份证明', pages: 1, copies: 1 }] : undefined);
        if (i % 3 === 0 && c.receipt) {
          const ext = await t.post(`/api/v1/cases/${c.id}/extensions`, { token: w.tokens.handler01, body: { workingDays: 2, reason: '需现场核查' } });
          expect(ext.status).toBe(201);
        }
      }),
    );
  });

  it('one case: the same few queries with its notice, deadline and extensions, the disclosure audited included', async () => {
    const plain = await receiveCase(t, w);
    const busy = await receiveCase(t, w);
    for (const approve of [true, false]) {
      const req = await t.post(`/api/v1/cases/${busy.id}/extensions`, { token: w.tokens.handler01, body: { workingDays: 2, reason: '需现场核查' } });
      expect(req.status).toBe(201);
      const decided = await t.post(`/api/v1/cases/${busy.id}/extensions/${req.body.id}/decision`, { token: w.tokens.leader01, body: { approve } });
      expect(decided.status).toBe(200);
    }
    const audited = () => t.count(`audit_log WHERE action = 'personal_data.read'`);
    const before = await audited();
    const a = await cost(`/api/v1/cases/${plain.id}`, w.tokens.handler01);
    const b = await cost(`/api/v1/cases/${busy.id}`, w.tokens.handler01);
    expect(b.body.extensions).toHaveLength(2);
    expect(b.body.applicant.phone).toBe('13800138000');
    expect(await audited()).toBe(before + 4); // each view is read twice: warm, then counted
    expect({ count: b.count, statements: b.statements }).toEqual({ count: a.count, statements: b.statements });
    // The page's budget and the disclosure's audit entry.
    expect(b.count).toBeLessThanOrEqual(BUDGET + 1);
  });

  it('enquiries: answered and transferred, staff and offices named', async () => {
    await budgeted('/api/v1/enquiries',
      w.tokens.head01,
      (n) =>
        times(n, async (i) => {
          const outcome = i % 2 ? { type: 'transferred', officeId: w.offices.registration, staffId: w.staff.handler01 } : { type: 'answered', answer: '已当场解答' };
          const res = await t.post('/api/v1/enquiries', {
            token: w.tokens.clerk01,
            body: { channel: 'letter', kind: 'consultation', subject: '咨询变更登记', citizen: { name: '李四', phone: '13900139000' }, outcome },
          });
          expect(res.status).toBe(201);
        }),
      { channel: 'letter' },
    );
  });

  it('refusals (rejection filings) with their material returns', async () => {
    await budgeted('/api/v1/rejection-filings', w.tokens.inspector01, (n) =>
      times(n, async (i) => {
        const c = await receiveCase(t, w, REISSUE_MATERIALS, { serviceItemCode: 'DEMO-003' });
        const filed = await t.post('/api/v1/rejection-filings', { token: w.tokens.handler01, body: { ...FILING, caseId: c.id } });
        expect(filed.status).toBe(201);
        if (i % 2 === 0) {
          const ret = await t.post(`/api/v1/rejection-filings/${filed.body.id}/material-returns`, {
            token: w.tokens.clerk01,
            body: { items: [{ name: '遗失声明', copies: 2 }], channel: 'visit' },
          });
          expect(ret.status).toBe(201);
        }
      }),
    );
  });

  it('alerts: the caller inbox', async () => {
    const inbox = t.app.get(Inbox);
    await budgeted('/api/v1/alerts', w.tokens.admin, (n) =>
      times(n, (i) =>
        inbox.notify(t.db.manager, [
          { recipientId: w.staff.admin!, unitId: w.unitId, kind: 'case', subjectId: w.unitId, event: 'assigned', level: 'info', title: `待办 ${i}` },
        ]),
      ),
    );
  });

  it('violations', async () => {
    await budgeted('/api/v1/violations', w.tokens.inspector01, (n) =>
      times(n, async () => {
        const res = await t.post('/api/v1/violations', {
          token: w.tokens.inspector01,
          body: { type: 'conduct', staffId: w.staff.clerk01, occurredAt: '2026-03-02T09:00:00+08:00', evidence: { summary: '窗口人员态度生硬，经调取录像核实', source: 'spot_check' } },
        });
        expect(res.status).toBe(201);
      }),
    );
  });

  it('complaints', async () => {
    await budgeted('/api/v1/complaints', w.tokens.head01, (n) =>
      times(n, async () => {
        const enquiry = await t.post('/api/v1/enquiries', {
          token: w.tokens.clerk01,
          body: { channel: 'phone', kind: 'complaint', subject: '投诉窗口办事拖延', citizen: { name: '周八', phone: '13700137000' }, outcome: { type: 'registered' } },
        });
        const res = await t.post('/api/v1/complaints', { token: w.tokens.head01, body: { enquiryId: enquiry.body.id, handlerId: w.staff.handler01 } });
        expect(res.status).toBe(201);
      }),
    );
  });

  it('internal tasks, with their handovers and clocks', async () => {
    await budgeted('/api/v1/internal-tasks', w.tokens.handler02, (n) =>
      times(n, async (i) => {
        const res = await t.post('/api/v1/internal-tasks', { token: w.tokens.clerk01, body: { kind: 'document', title: `关于开展效能建设自查的通知（${i}）`, handlerId: w.staff.handler02 } });
        expect(res.status).toBe(201);
      }),
    );
  });

  it('stale enquiries: chosen in SQL and paged there, oldest first, in the same few queries', async () => {
    const open = async () => {
      const res = await t.post('/api/v1/enquiries', { token: w.tokens.clerk01, body: { channel: 'online', kind: 'consultation', subject: '咨询变更登记', outcome: { type: 'open' } } });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    t.clock.set('2026-03-06T10:00:00+08:00'); // a Friday
    const old: string[] = [];
    for (let i = 0; i < 21; i++) {
      old.push(await open());
      t.clock.advance(60_000);
    }
    t.clock.set('2026-03-09T11:00:00+08:00'); // Monday
    await open(); // not stale yet: left out below
    t.clock.set('2026-03-10T10:00:00+08:00'); // Tuesday: a working day after Friday's, not yet after Monday's
    const query = { stale: 'true', channel: 'online' };
    const first = await cost('/api/v1/enquiries', w.tokens.head01, { ...query, pageSize: '20' });
    const second = await cost('/api/v1/enquiries', w.tokens.head01, { ...query, pageSize: '20', page: '2' });
    expect([first.body.total, second.body.total]).toEqual([21, 21]);
    expect([...first.body.items, ...second.body.items].map((e: { id: string }) => e.id)).toEqual(old);
    expect(first.count).toBeLessThanOrEqual(BUDGET);
    expect(second.count).toBe(first.count);
  });

  it('past the last page: no items, and the total still counted', async () => {
    const lists: Array<[string, string, Record<string, string>]> = [
      ['/api/v1/cases', w.tokens.clerk01, {}],
      ['/api/v1/enquiries', w.tokens.head01, { channel: 'letter' }],
      ['/api/v1/enquiries', w.tokens.head01, { channel: 'online', stale: 'true' }],
      ['/api/v1/rejection-filings', w.tokens.inspector01, {}],
      ['/api/v1/complaints', w.tokens.head01, {}],
    ];
    for (const [url, token, query] of lists) {
      const first = await t.get(url, { token, query: { ...query, pageSize: '20' } });
      const past = await t.get(url, { token, query: { ...query, pageSize: '20', page: '99' } });
      expect({ url, items: past.body.items, total: past.body.total }).toEqual({ url, items: [], total: first.body.total });
      expect(first.body.total).toBeGreaterThanOrEqual(20);
    }
  });

  it('a case received at the window answers with what was written: its row, item name and notices are not read again after commit', async () => {
    const materials = [
      { name: '个体工商户登记（备案）申请书', pages: 2, copies: 1 },
      { name: '经营者身份证明', pages: 1, copies: 1 },
      { name: '经营场所使用证明', pages: 3, copies: 1 },
    ];
    const receive = () =>
      t.post('/api/v1/cases', {
        token: w.tokens.clerk01,
        body: { serviceItemCode: 'DEMO-001', applicant: { name: '张三', phone: '13800138000', idNumber: '11010519491231002X' }, handlerId: w.staff.handler01, materials },
      });
    await receive(); // warm: the calendar, the session check, the signed-in clerk's record
    const { result, statements } = await t.queries(receive);
    expect(result.status).toBe(201);
    const afterCommit = statements.slice(statements.findIndex((q) => /^COMMIT/i.test(q)) + 1);
    expect(afterCommit.filter((q) => /FROM service_case|FROM service_item|FROM one_time_notice/.test(q))).toEqual([]);
    // And it is the case as it is read back.
    const read = await t.get(`/api/v1/cases/${result.body.id}`, { token: w.tokens.clerk01 });
    expect(result.body).toEqual(read.body);
  });

  it('every move on a case answers with the case as written, not read back after commit, and as GET shows it', async () => {
    const materials = [
      { name: '个体工商户登记（备案）申请书', pages: 2, copies: 1 },
      { name: '经营者身份证明', pages: 1, copies: 1 },
      { name: '经营场所使用证明', pages: 3, copies: 1 },
    ];
    const received = await t.post('/api/v1/cases', {
      token: w.tokens.clerk01,
      body: { serviceItemCode: 'DEMO-001', applicant: { name: '李四', phone: '13900139000' }, handlerId: w.staff.handler01, materials: materials.slice(1), issueNotice: true },
    });
    expect(received.status).toBe(201);
    const id = received.body.id as string;
    const moves: Array<[token: string, path: string, body: object]> = [
      [w.tokens.clerk01, 'materials', { materials: materials.slice(0, 1) }],
      [w.tokens.handler01, 'start', {}],
      [w.tokens.handler01, 'pause', { reason: '等待申请人补正现场核查时间' }],
      [w.tokens.handler01, 'resume', {}],
      [w.tokens.leader01, 'reassign', { handlerId: w.staff.handler02 }],
      [w.tokens.handler02, 'complete', { result: '准予登记，已发放营业执照' }],
    ];
    const other = await t.post('/api/v1/cases', {
      token: w.tokens.clerk01,
      body: { serviceItemCode: 'DEMO-001', applicant: { name: '王五', phone: '13700137000' }, handlerId: w.staff.handler01, materials },
    });
    for (const [token, path, body, caseId = id] of [...moves, [w.tokens.handler01, 'withdraw', { reason: '申请人撤回申请' }, other.body.id as string] as const]) {
      const { result, statements } = await t.queries(() => t.post(`/api/v1/cases/${caseId}/${path}`, { token, body }));
      expect({ path, status: result.status }).toEqual({ path, status: 200 });
      const afterCommit = statements.slice(statements.findIndex((q) => /^COMMIT/i.test(q)) + 1);
      expect({ path, reads: afterCommit.filter((q) => /FROM service_case/.test(q)) }).toEqual({ path, reads: [] });
      const read = await t.get(`/api/v1/cases/${caseId}`, { token });
      expect({ path, view: result.body }).toEqual({ path, view: read.body });
    }
  });

  it('every step of a complaint answers with the complaint as written, not read back after commit, and as GET shows it', async () => {
    const enquiry = await t.post('/api/v1/enquiries', {
      token: w.tokens.clerk01,
      body: { channel: 'phone', kind: 'complaint', subject: '投诉窗口办事拖延', citizen: { name: '周八', phone: '13700137000' }, outcome: { type: 'registered' } },
    });
    expect(enquiry.status).toBe(201);
    let id = '';
    let repliedAt = '';
    const steps: Array<[token: string, path: () => string, body: () => object, status: number]> = [
      [w.tokens.head01, () => '/api/v1/complaints', () => ({ enquiryId: enquiry.body.id, handlerId: w.staff.handler01 }), 201],
      [w.tokens.handler01, () => `/api/v1/complaints/${id}/reply`, () => ({ text: '已核实并向投诉人说明办理进度', channel: 'phone' }), 200],
      [w.tokens.head01, () => `/api/v1/complaints/${id}/callback`, () => ({ calledAt: repliedAt, satisfied: true }), 200],
    ];
    for (const [token, path, body, status] of steps) {
      const { result, statements } = await t.queries(() => t.post(path(), { token, body: body() }));
      repliedAt = result.body.reply?.repliedAt ?? repliedAt;
      expect({ path: path(), status: result.status }).toEqual({ path: path(), status });
      id = result.body.id as string;
      const afterCommit = statements.slice(statements.findIndex((q) => /^COMMIT/i.test(q)) + 1);
      expect({ path: path(), reads: afterCommit.filter((q) => /FROM complaint\b/.test(q)) }).toEqual({ path: path(), reads: [] });
      const read = await t.get(`/api/v1/complaints/${id}`, { token });
      expect({ path: path(), view: result.body }).toEqual({ path: path(), view: read.body });
    }
  });
});

import { APPLICANT, COMPLETE_MATERIALS } from './support/cases.js';
import { expectProblem } from './support/problem.js';
import { TestApp } from './support/test-app.js';
import { demoWorld, type World } from './support/world.js';

/** Flows walked end to end at the window that used to break (issue 10, "Flows that break"). */
describe('case flows: from the first contact to the case', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await TestApp.start({ env: { SWEEP_INTERVAL_SECONDS: '0' } });
    w = await demoWorld(t);
  });
  afterAll(() => t?.close());
  beforeEach(() => t.clock.set('2026-03-02T10:00:00+08:00')); // a Monday

  const logEnquiry = async (outcome: Record<string, unknown>, token = w.tokens.clerk01) => {
    const res = await t.post('/api/v1/enquiries', {
      token,
      body: { channel: 'visit', kind: 'application', subject: '申请个体工商户设立登记', serviceItemCode: 'DEMO-001', citizen: { name: APPLICANT.name, phone: APPLICANT.phone }, outcome },
    });
    if (res.status !== 201) throw new Error(`enquiry not logged: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };
  const application = (enquiryId: string) => ({ serviceItemCode: 'DEMO-001', enquiryId, applicant: APPLICANT, materials: COMPLETE_MATERIALS });

  describe('a transferred enquiry becomes a case', () => {
    it('the transfer target receives the application: 201, the case keeps the first responder, the enquiry is closed as a case', async () => {
      const enquiryId = await logEnquiry({ type: 'transferred', officeId: w.offices.registration, staffId: w.staff.handler01 });
      const res = await t.post('/api/v1/cases', { token: w.tokens.handler01, body: application(enquiryId) });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ enquiryId, status: 'accepted', handler: { id: w.staff.handler01 }, firstResponder: { id: w.staff.clerk01, name: '王小窗' } });
      const enquiry = await t.get(`/api/v1/enquiries/${enquiryId}`, { token: w.tokens.clerk01 });
      expect(enquiry.body.outcome).toMatchObject({ type: 'transferred', staff: { id: w.staff.handler01 } });
      expect(enquiry.body.closed).toEqual({ as: 'case', caseId: res.body.id, at: t.clock.now().toISOString() });
    });

    it('a second case for the same enquiry is refused (409 CASE.ENQUIRY_TAKEN) and writes nothing', async () => {
      const enquiryId = await logEnquiry({ type: 'transferred', officeId: w.offices.registration, staffId: w.staff.handler01 });
      expect((await t.post('/api/v1/cases', { token: w.tokens.handler01, body: application(enquiryId) })).status).toBe(201);
      const cases = await t.count('service_case');
      expectProblem(await t.post('/api/v1/cases', { token: w.tokens.handler01, body: application(enquiryId) }), 409, 'CASE.ENQUIRY_TAKEN', 'enquiryId');
      expect(await t.count('service_case')).toBe(cases);
    });

    it('someone who was neither the target nor acknowledged it cannot take the transfer (422 CASE.NOT_THE_TRANSFER_TARGET)', async () => {
      const enquiryId = await logEnquiry({ type: 'transferred', officeId: w.offices.registration, staffId: w.staff.handler01 });
      expectProblem(await t.post('/api/v1/cases', { token: w.tokens.head01, body: { ...application(enquiryId), handlerId: w.staff.handler01 } }), 422, 'CASE.NOT_THE_TRANSFER_TARGET', 'enquiryId');
    });

    it('an open enquiry turned into a case is closed as a case too', async () => {
      const enquiryId = await logEnquiry({ type: 'open' });
      const res = await t.post('/api/v1/cases', { token: w.tokens.clerk01, body: { ...application(enquiryId), handlerId: w.staff.handler01 } });
      expect(res.status).toBe(201);
      expect((await t.get(`/api/v1/enquiries/${enquiryId}`, { token: w.tokens.clerk01 })).body.closed).toMatchObject({ as: 'case', caseId: res.body.id });
    });
  });

  describe('every case has its enquiry (首问负责制)', () => {
    it('a case received directly creates its enquiry in the same transaction: channel visit, the receiving staff its first responder, closed as the case', async () => {
      const before = await t.count('enquiry');
      const res = await t.post('/api/v1/cases', { token: w.tokens.clerk01, body: { serviceItemCode: 'DEMO-001', applicant: APPLICANT, handlerId: w.staff.handler01, materials: COMPLETE_MATERIALS } });
      expect(res.status).toBe(201);
      expect(await t.count('enquiry')).toBe(before + 1);
      expect(res.body.enquiryId).toEqual(expect.any(String));
      expect(res.body.firstResponder).toMatchObject({ id: w.staff.clerk01 });
      const enquiry = (await t.get(`/api/v1/enquiries/${res.body.enquiryId}`, { token: w.tokens.clerk01 })).body;
      expect(enquiry).toMatchObject({
        channel: 'visit',
        kind: 'application',
        serviceItemCode: 'DEMO-001',
        citizen: { name: APPLICANT.name, phone: APPLICANT.phone, idNumber: APPLICANT.idNumber },
        firstResponder: { id: w.staff.clerk01 },
        receivedAt: t.clock.now().toISOString(),
        outcome: { type: 'open' },
        closed: { as: 'case', caseId: res.body.id },
      });
    });

    it('a refused intake writes no enquiry either', async () => {
      const before = await t.count('enquiry');
      const res = await t.post('/api/v1/cases', { token: w.tokens.clerk01, body: { serviceItemCode: 'NOPE-1', applicant: APPLICANT, handlerId: w.staff.handler01, materials: COMPLETE_MATERIALS } });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(await t.count('enquiry')).toBe(before);
    });

    it('an open enquiry not turned into a case within a working day is listed for the office head (stale=true)', async () => {
      t.clock.set('2026-03-06T16:00:00+08:00'); // a Friday
      const old = await logEnquiry({ type: 'open' });
      const taken = await logEnquiry({ type: 'open' });
      expect((await t.post('/api/v1/cases', { token: w.tokens.clerk01, body: { ...application(taken), handlerId: w.staff.handler01 } })).status).toBe(201);
      t.clock.set('2026-03-09T10:00:00+08:00'); // Monday: less than a working day later (Friday 16:00-17:30, Monday 09:00-10:00)
      const fresh = await logEnquiry({ type: 'open' });
      const stale = async () => (await t.get('/api/v1/enquiries', { token: w.tokens.head01, query: { stale: 'true' } })).body;
      expect((await stale()).items.map((e: { id: string }) => e.id)).not.toContain(old);
      t.clock.set('2026-03-09T16:30:00+08:00'); // a full working day of working time since Friday 16:00
      const listed = await stale();
      expect(listed.items.map((e: { id: string }) => e.id)).toContain(old);
      expect(listed.items.map((e: { id: string }) => e.id)).not.toContain(taken);
      expect(listed.items.map((e: { id: string }) => e.id)).not.toContain(fresh);
      expect(listed.items.every((e: { outcome: { type: string }; closed: unknown }) => e.outcome.type === 'open' && e.closed === null)).toBe(true);
      expect(listed.total).toBe(listed.items.length);
    });

    it('stale must be true or false (400 naming stale)', async () => {
      expectProblem(await t.get('/api/v1/enquiries', { token: w.tokens.head01, query: { stale: 'maybe' } }), 400, undefined, 'stale');
    });
  });
});

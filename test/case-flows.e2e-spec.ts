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
});

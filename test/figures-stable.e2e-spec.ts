import { FiguresRollup } from '@app/reports';
import { receiveCase } from './support/cases.js';
import { TestApp } from './support/test-app.js';
import { demoWorld, type World } from './support/world.js';

// Issue 13: the efficiency figures of a closed period never move afterwards. A case counts for the
// handler who had it when it was accepted (and an extension for the one who had it when it was asked
// for), and a notice for the office its issuer worked in when it was issued: a later reassignment or
// move between offices changes neither the live figures nor a day rolled up again.


describe('figures that never move afterwards', () => {
  let t: TestApp;
  let w: World;
  /** Whether the last figures read came from the rollup. */
  let rolledUpDays = 0;

  beforeAll(async () => {
    t = await TestApp.start({ env: { SWEEP_INTERVAL_SECONDS: '0' } });
    w = await demoWorld(t);
  });
  afterAll(() => t?.close());

  /** A day's figures as the inspector reads them, by staff or by office, live or from the rollup. */
  const figures = async (day: string, by: 'staff' | 'office') => {
    const from = new Date(`${day}T00:00:00+08:00`);
    const to = new Date(from.getTime() + 24 * 3600_000);
    const res = await t.get('/api/v1/reports/efficiency', { token: w.tokens.inspector01, query: { from: from.toISOString(), to: to.toISOString(), by } });
    expect(res.status).toBe(200);
    rolledUpDays = res.body.source.rolledUpDays;
    return (res.body.rows as Array<Record<string, any>>).map((r) => ({
      office: r.office?.id ?? null,
      staff: r.staff?.id ?? null,
      casesAccepted: r.casesAccepted,
      extensionsRequested: r.extensionsRequested,
      noticesIssued: r.noticesIssued,
      casesNoticed: r.casesNoticed,
    }));
  };

  it('a case counts for its handler at acceptance: a reassignment later moves neither the live figures nor a day rolled up again', async () => {
    t.clock.set('2026-03-02T10:00:00+08:00'); // a Monday
    const c = await receiveCase(t, w);
    expect((await t.post(`/api/v1/cases/${c.id}/extensions`, { token: w.tokens.handler01, body: { workingDays: 2, reason: '需现场核查' } })).status).toBe(201);
    const before = await figures('2026-03-02', 'staff');
    expect(before).toContainEqual(expect.objectContaining({ staff: w.staff.handler01, casesAccepted: 1, extensionsRequested: 1 }));

    t.clock.set('2026-03-04T10:00:00+08:00');
    const moved = await t.post(`/api/v1/cases/${c.id}/reassign`, { token: w.tokens.leader01, body: { handlerId: w.staff.handler02 } });
    expect(moved.status).toBe(200);
    expect(await figures('2026-03-02', 'staff')).toEqual(before);
    await t.app.get(FiguresRollup).rollUp('2026-03-02');
    expect(rolledUpDays).toBe(0);
    expect(await figures('2026-03-02', 'staff')).toEqual(before);
    expect(rolledUpDays).toBe(1);
  });

  it('a notice counts for the office its issuer worked in at issue: a move to another office later changes nothing', async () => {
    t.clock.set('2026-03-03T11:00:00+08:00'); // the next day: its own figures
    await receiveCase(t, w, [{ name: '经营者身份证明', pages: 1, copies: 1 }]); // a notice of what is missing, issued by clerk01
    const before = await figures('2026-03-03', 'office');
    expect(before).toContainEqual(expect.objectContaining({ office: w.offices.window, noticesIssued: 1, casesNoticed: 1 }));

    t.clock.set('2026-03-05T11:00:00+08:00');
    expect((await t.patch(`/api/v1/staff/${w.staff.clerk01}`, { token: w.tokens.admin, body: { officeId: w.offices.registration } })).status).toBe(200);
    expect(await figures('2026-03-03', 'office')).toEqual(before);
    await t.app.get(FiguresRollup).rollUp('2026-03-03');
    expect(rolledUpDays).toBe(0);
    expect(await figures('2026-03-03', 'office')).toEqual(before);
    expect(rolledUpDays).toBe(1);
  });

  it("an enquiry counts for the office its first responder is in when it is logged: a move shows at once, though who-am-I and intake keep the staff record between requests", async () => {
    t.clock.set('2026-03-06T10:00:00+08:00');
    const enquiry = async () => {
      const res = await t.post('/api/v1/enquiries', {
        token: w.tokens.handler02,
        body: { channel: 'visit', kind: 'consultation', subject: '咨询办事时间', serviceItemCode: 'DEMO-001', outcome: { type: 'answered', answer: '工作日上午九点至下午五点' } },
      });
      expect(res.status).toBe(201);
      const [row] = await t.db.query('SELECT first_responder_office_id AS office FROM enquiry WHERE id = $1', [res.body.id]);
      return row.office as string;
    };
    const me = async () => (await t.get('/api/v1/auth/me', { token: w.tokens.handler02 })).body.officeId as string;
    expect(await enquiry()).toBe(w.offices.food);
    expect(await me()).toBe(w.offices.food);

    expect((await t.patch(`/api/v1/staff/${w.staff.handler02}`, { token: w.tokens.admin, body: { officeId: w.offices.registration } })).status).toBe(200);
    expect(await me()).toBe(w.offices.registration);
    expect(await enquiry()).toBe(w.offices.registration);
  });
});

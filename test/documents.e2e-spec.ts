import { randomUUID } from 'node:crypto';
import { compactText, pdfText } from '@app/testing';
import { APPLICANT, COMPLETE_MATERIALS, receiveCase } from './support/cases.js';
import { TestApp } from './support/test-app.js';
import { demoWorld, type World } from './support/world.js';

// Printed documents (持证上岗): every PDF carries the unit, the document number and the staff member's name
// and badge number, set in an embedded CJK font. Each is read back as text, as a PDF viewer would.

const UNIT = '示范县市场监督管理局';
const BASIS = [{ law: '《中华人民共和国市场主体登记管理条例》', article: '第二十六条' }];
const REISSUE_MATERIALS = [
  { name: '补领营业执照申请书', pages: 1, copies: 1 },
  { name: '遗失声明', pages: 1, copies: 2 },
];

type Res = { status: number; headers: Record<string, unknown>; body: any };

function problem(res: Res, status: number, code: string | null, field?: string) {
  expect({
    status: res.status,
    type: String(res.headers['content-type']).split(';')[0],
    ...(code ? { code: res.body.code } : {}),
    ...(field ? { fields: res.body.errors?.map((e: { field: string }) => e.field) } : {}),
  }).toEqual({
    status,
    type: 'application/problem+json',
    ...(code ? { code } : {}),
    ...(field ? { fields: expect.arrayContaining([field]) } : {}),
  });
}

describe('printed documents as PDF (持证上岗)', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await TestApp.start({ env: { SWEEP_INTERVAL_SECONDS: '0' } });
    w = await demoWorld(t);
  });
  afterAll(() => t.close());
  beforeEach(() => t.clock.set('2026-03-02T10:00:00+08:00')); // a Monday

  /** Fetches a PDF (raw bytes: the test app's reply decodes bodies as text) and reads its text back. */
  async function pdf(url: string, token: string, number: string) {
    const res = await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    expect({ status: res.statusCode, type: res.headers['content-type'] }).toEqual({ status: 200, type: 'application/pdf' });
    expect(res.headers['content-disposition']).toMatch(/^inline; filename="[a-z-]+-2026-\d{4}\.pdf"; filename\*=UTF-8''/);
    expect(decodeURIComponent(String(res.headers['content-disposition']).split("UTF-8''")[1]!)).toContain(`${number}.pdf`);
    expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    return (await pdfText(res.rawPayload)).compact;
  }

  /** The unit, the number, the staff (name and badge) and the document's own content, wherever lines wrap. */
  function expectPrinted(text: string, expected: { number: string; staff: Array<[string, string, string]>; content: string[] }) {
    expect(text).toContain(UNIT);
    expect(text).toContain(expected.number);
    for (const [role, name, badge] of expected.staff) expect(text).toContain(compactText(`${role}：${name} 工作证号：${badge}`));
    for (const c of expected.content) expect(text).toContain(compactText(c));
  }

  describe('收件回执 (receipt)', () => {
    it('prints the number, applicant, item, materials, times in Shanghai, query code and the handler with badge', async () => {
      const c = await receiveCase(t, w);
      const r = c.receipt;
      const text = await pdf(`/api/v1/cases/${c.id}/receipt/pdf`, w.tokens.clerk01, r.number);
      expectPrinted(text, {
        number: r.number,
        staff: [['经办人', '李经办', 'DEMO-002']],
        content: [
          '收件回执',
          `${APPLICANT.name}：`,
          '个体工商户设立登记（DEMO-001）',
          ...COMPLETE_MATERIALS.map((m, i) => `${i + 1}${m.name}${m.pages}${m.copies}`),
          '受理时间：2026年3月2日 10:00',
          '承诺办结时间：2026年3月5日 17:30',
          `查询码：${r.queryCode}`,
        ],
      });
    });

    it('refuses an unknown case (404), a case not yet accepted (409) and a malformed id (400)', async () => {
      problem(await t.get(`/api/v1/cases/${randomUUID()}/receipt/pdf`, { token: w.tokens.clerk01 }), 404, 'CASE.NOT_FOUND', 'id');
      const waiting = await receiveCase(t, w, COMPLETE_MATERIALS.slice(0, 1));
      problem(await t.get(`/api/v1/cases/${waiting.id}/receipt/pdf`, { token: w.tokens.clerk01 }), 409, 'CASE.NOT_ACCEPTED');
      problem(await t.get('/api/v1/cases/nope/receipt/pdf', { token: w.tokens.clerk01 }), 400, 'REQUEST.INVALID', 'id');
      expect((await t.get(`/api/v1/cases/${waiting.id}/receipt/pdf`)).status).toBe(401);
    });
  });

  describe('一次性告知书 (one-time notice)', () => {
    it('prints every missing item with its reason, the basis, time limit, procedure and the issuer with badge', async () => {
      const c = await receiveCase(t, w, COMPLETE_MATERIALS.slice(0, 1), { noticeItems: [{ name: '租赁合同', reason: '经营场所为租赁，需提交租赁合同' }] });
      const n = c.notices[0];
      const text = await pdf(`/api/v1/notices/${n.id}/pdf`, w.tokens.head01, n.number);
      expectPrinted(text, {
        number: n.number,
        staff: [['告知人', '王小窗', 'DEMO-001']],
        content: [
          '一次性告知书',
          '“个体工商户设立登记”事项',
          '1经营者身份证明未提交（需复印件1份）',
          '2经营场所使用证明未提交（需复印件1份）',
          '3租赁合同经营场所为租赁，需提交租赁合同',
          `法律依据：${n.legalBasis}`,
          `办理时限：${n.timeLimit}`,
          '办理程序：1.申请2.受理3.审查4.决定5.发照',
          '2026年3月2日',
        ],
      });
    });

    it('refuses an unknown notice (404) and a malformed id (400); a notice exists only once issued, so there is no 409', async () => {
      problem(await t.get(`/api/v1/notices/${randomUUID()}/pdf`, { token: w.tokens.clerk01 }), 404, 'NOTICE.NOT_FOUND', 'id');
      problem(await t.get('/api/v1/notices/42/pdf', { token: w.tokens.clerk01 }), 400, 'REQUEST.INVALID', 'id');
    });
  });

  describe('延期办理告知书 (extension notice)', () => {
    it('is printed once a leader approves: the reason, old and new due times, the handler and the approving leader with badges', async () => {
      const c = await receiveCase(t, w);
      const req = (await t.post(`/api/v1/cases/${c.id}/extensions`, { token: w.tokens.handler01, body: { workingDays: 2, reason: '需现场核查经营场所' } })).body;
      const url = `/api/v1/cases/${c.id}/extensions/${req.id}/pdf`;
      problem(await t.get(url, { token: w.tokens.handler01 }), 409, 'CASE.EXTENSION_NOT_APPROVED');

      t.clock.set('2026-03-03T09:30:00+08:00');
      const decided = (await t.post(`/api/v1/cases/${c.id}/extensions/${req.id}/decision`, { token: w.tokens.leader01, body: { approve: true } })).body;
      const text = await pdf(url, w.tokens.handler01, decided.noticeNumber);
      expectPrinted(text, {
        number: decided.noticeNumber,
        staff: [
          ['经办人', '李经办', 'DEMO-002'],
          ['批准人', '陈局长', 'DEMO-005'],
        ],
        content: [
          '延期办理告知书',
          `${APPLICANT.name}：`,
          `受理编号：${c.receipt.number}`,
          '延期理由：需现场核查经营场所',
          '延长期限：2个工作日',
          '原承诺办结时间：2026年3月5日 17:30',
          '延期后办结时间：2026年3月9日 17:30',
          '批准时间：2026年3月3日 09:30',
        ],
      });
    });

    it('refuses a denied extension (409), an unknown one (404) and malformed ids (400)', async () => {
      const c = await receiveCase(t, w);
      const req = (await t.post(`/api/v1/cases/${c.id}/extensions`, { token: w.tokens.handler01, body: { workingDays: 1, reason: '需要' } })).body;
      await t.post(`/api/v1/cases/${c.id}/extensions/${req.id}/decision`, { token: w.tokens.leader01, body: { approve: false, note: '理由不足' } });
      problem(await t.get(`/api/v1/cases/${c.id}/extensions/${req.id}/pdf`, { token: w.tokens.handler01 }), 409, 'CASE.EXTENSION_NOT_APPROVED');
      problem(await t.get(`/api/v1/cases/${c.id}/extensions/${randomUUID()}/pdf`, { token: w.tokens.handler01 }), 404, 'EXTENSION.NOT_FOUND', 'extensionId');
      problem(await t.get(`/api/v1/cases/${randomUUID()}/extensions/${req.id}/pdf`, { token: w.tokens.handler01 }), 404, 'CASE.NOT_FOUND', 'id');
      problem(await t.get(`/api/v1/cases/${c.id}/extensions/x/pdf`, { token: w.tokens.handler01 }), 400, 'REQUEST.INVALID', 'extensionId');
      problem(await t.get(`/api/v1/cases/x/extensions/${req.id}/pdf`, { token: w.tokens.handler01 }), 400, 'REQUEST.INVALID', 'id');
    });
  });

  describe('不予受理（许可）通知书 (refusal notice) and 材料退还单 (materials-return slip)', () => {
    const file = (token: string, caseId: string) =>
      t.post('/api/v1/rejection-filings', { token, body: { caseId, reason: '申请人不具备法定条件', legalBasis: BASIS, contactPhone: '0851-28220002' } });

    it('the notice prints the reason, legal basis, remedies, contact and the handler with badge', async () => {
      const c = await receiveCase(t, w, REISSUE_MATERIALS, { serviceItemCode: 'DEMO-003' });
      const filing = (await file(w.tokens.handler01, c.id)).body;
      const text = await pdf(`/api/v1/rejection-filings/${filing.id}/notice/pdf`, w.tokens.clerk01, filing.notice.number);
      expectPrinted(text, {
        number: filing.notice.number,
        staff: [['经办人', '李经办', 'DEMO-002']],
        content: [
          '不予办理通知书',
          `${APPLICANT.name}：`,
          '申请事项：营业执照遗失补领（DEMO-003）',
          '不予办理理由：申请人不具备法定条件',
          '法律依据：《中华人民共和国市场主体登记管理条例》第二十六条',
          '联系电话：0851-28220002',
          '权利救济',
          '六十日内向本级人民政府申请行政复议',
          '六个月内依法向人民法院提起行政诉讼',
          '2026年3月2日',
        ],
      });
      expect(text).not.toContain('批准人');
    });

    it('a refusal beyond authority has no notice while the leader decides (409); once approved it names the leader too', async () => {
      const c = await receiveCase(t, w);
      const filing = (await file(w.tokens.handler01, c.id)).body;
      const url = `/api/v1/rejection-filings/${filing.id}/notice/pdf`;
      problem(await t.get(url, { token: w.tokens.handler01 }), 409, 'REJECTION.NO_NOTICE');
      const approved = (await t.post(`/api/v1/rejection-filings/${filing.id}/decision`, { token: w.tokens.leader01, body: { approve: true } })).body;
      const text = await pdf(url, w.tokens.handler01, approved.notice.number);
      expectPrinted(text, {
        number: approved.notice.number,
        staff: [
          ['经办人', '李经办', 'DEMO-002'],
          ['批准人', '陈局长', 'DEMO-005'],
        ],
        content: ['申请事项：个体工商户设立登记（DEMO-001）'],
      });
      problem(await t.get(`/api/v1/rejection-filings/${randomUUID()}/notice/pdf`, { token: w.tokens.handler01 }), 404, 'REJECTION_FILING.NOT_FOUND', 'id');
      problem(await t.get('/api/v1/rejection-filings/0/notice/pdf', { token: w.tokens.handler01 }), 400, 'REQUEST.INVALID', 'id');
    });

    it('the slip is printed once the materials are handed over: items, recipient (ID masked), signature, time, the unit and the staff who returned them', async () => {
      const c = await receiveCase(t, w, REISSUE_MATERIALS, { serviceItemCode: 'DEMO-003' });
      const filing = (await file(w.tokens.handler01, c.id)).body;
      const base = `/api/v1/rejection-filings/${filing.id}/material-returns`;
      const ret = (await t.post(base, { token: w.tokens.clerk01, body: { items: [{ name: '遗失声明', copies: 2 }], channel: 'visit' } })).body;
      problem(await t.get(`${base}/${ret.id}/pdf`, { token: w.tokens.clerk01 }), 409, 'REJECTION.NOT_RETURNED');

      t.clock.set('2026-03-04T15:20:00+08:00');
      const handed = await t.post(`${base}/${ret.id}/hand-over`, {
        token: w.tokens.clerk01,
        body: { recipient: { kind: 'applicant', name: APPLICANT.name, idNumber: APPLICANT.idNumber }, signature: { method: 'handwritten', signedName: APPLICANT.name } },
      });
      expect(handed.status).toBe(200);
      const text = await pdf(`${base}/${ret.id}/pdf`, w.tokens.handler01, handed.body.slipNumber);
      expectPrinted(text, {
        number: handed.body.slipNumber,
        staff: [['退还人', '王小窗', 'DEMO-001']],
        content: [
          '材料退还单',
          `不予办理通知书：${filing.notice.number}`,
          '领取人：张三（申请人本人）',
          '领取人身份证号：110105********002X',
          '退还时间：2026年3月4日 15:20',
          '领取人签名：张三（手写签名）',
          '1遗失声明2',
          '2026年3月4日',
        ],
      });
      expect(text).not.toContain(APPLICANT.idNumber);
    });

    it('refuses an unknown return or filing (404) and malformed ids (400)', async () => {
      const c = await receiveCase(t, w, REISSUE_MATERIALS, { serviceItemCode: 'DEMO-003' });
      const filing = (await file(w.tokens.handler01, c.id)).body;
      problem(await t.get(`/api/v1/rejection-filings/${filing.id}/material-returns/${randomUUID()}/pdf`, { token: w.tokens.clerk01 }), 404, 'MATERIAL_RETURN.NOT_FOUND', 'returnId');
      problem(await t.get(`/api/v1/rejection-filings/${randomUUID()}/material-returns/${randomUUID()}/pdf`, { token: w.tokens.clerk01 }), 404, 'REJECTION_FILING.NOT_FOUND', 'id');
      problem(await t.get(`/api/v1/rejection-filings/${filing.id}/material-returns/slip-1/pdf`, { token: w.tokens.clerk01 }), 400, 'REQUEST.INVALID', 'returnId');
    });
  });

  describe('without the CJK font', () => {
    it('a PDF request answers 503 problem+json naming the setting, and everything else keeps working', async () => {
      const bare = await TestApp.start({ env: { SWEEP_INTERVAL_SECONDS: '0', PDF_FONT_PATH: '/nonexistent/fonts/wqy-microhei.ttc' } });
      try {
        const world = await demoWorld(bare);
        const c = await receiveCase(bare, world);
        const res = await bare.get(`/api/v1/cases/${c.id}/receipt/pdf`, { token: world.tokens.clerk01 });
        problem(res, 503, 'DOCUMENTS.FONT_UNAVAILABLE');
        expect(res.body.detail).toContain('PDF_FONT_PATH');
        expect((await bare.get(`/api/v1/cases/${c.id}/receipt`, { token: world.tokens.clerk01 })).status).toBe(200);
      } finally {
        await bare.close();
      }
    });
  });
});

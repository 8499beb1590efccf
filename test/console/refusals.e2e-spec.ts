import { jest } from '@jest/globals';
import { ShiftedClock } from '../support/browser.js';
import { ConsoleSuite } from '../support/console-suite.js';
import { APPLICANT, receiveCase } from '../support/cases.js';
import type { TestApp } from '../support/test-app.js';
import type { World } from '../support/world.js';

jest.setTimeout(90_000);

/** A resident ID number with a valid check character that is not the applicant's. */
const SOMEONE_ELSE = '110105194912310038';
const REFUSAL = { reason: '营业执照未遗失，不符合补领条件', legalBasis: [{ law: '《市场主体登记管理条例实施细则》', article: '第六十六条' }], contactPhone: '0851-28220002' };

// 否定报备 in the console: the handler files a refusal, prints its notice and hands the materials back
// against the applicant's ID; a refusal beyond the handler's authority waits for the leader, with its countdown.
describe('console: refusals (file, notice, materials returned; the leader decides)', () => {
  const suite = new ConsoleSuite({ clock: new ShiftedClock() });
  let t: TestApp;
  let w: World;
  beforeAll(() => void ({ t, w } = suite));
  const open = () => suite.open();

  it('the handler refuses a case within their authority, prints the notice, and hands the materials back only against the applicant’s ID', async () => {
    const materials = [
      { name: '补领营业执照申请书', pages: 1, copies: 1 },
      { name: '遗失声明', pages: 1, copies: 1 },
    ];
    const c = await receiveCase(t, w, materials, { serviceItemCode: 'DEMO-003' });
    const tab = await open();
    const { page } = tab;
    await tab.goto(`/cases/${c.id}`);
    await tab.logIn('handler01');
    await tab.at(`/cases/${c.id}`);
    await page.getByRole('button', { name: '不予受理（否定报备）' }).click();
    const form = page.getByRole('dialog', { name: '不予受理（否定报备）' });
    await form.getByLabel('不予受理理由').fill(REFUSAL.reason);
    await form.getByLabel('法律依据（法规名称）').fill(REFUSAL.legalBasis[0]!.law);
    await form.getByLabel('条款').fill(REFUSAL.legalBasis[0]!.article);
    await form.getByLabel('经办人联系电话').fill(REFUSAL.contactPhone);
    await form.getByRole('button', { name: '提交否定报备' }).click();

    const refusal = page.getByTestId('refusal');
    await refusal.getByText('已报备生效').waitFor();
    await refusal.getByText(/不予受理通知书 \S+号/).waitFor();
    const notice = await tab.openedPdf(() => refusal.getByRole('button', { name: '打印不予受理通知书' }).click());
    expect(notice.head).toBe('%PDF-');

    // The applicant asks for the declaration back.
    await refusal.getByRole('button', { name: '登记退还材料申请' }).click();
    const ask = page.getByRole('dialog', { name: '登记退还材料申请' });
    await ask.getByLabel('退还份数：遗失声明').fill('1');
    await ask.getByRole('button', { name: '登记' }).click();
    const row = refusal.getByRole('row', { name: /遗失声明×1/ });
    await row.getByText('待交还').waitFor();
    expect(await tab.checkPage()).toEqual({ title: '办件详情 - 机关效能建设', unlabelled: [] });

    // Handed over: someone else's ID number is refused by the field, the applicant's accepted.
    await row.getByRole('button', { name: '核验身份交还' }).click();
    const hand = page.getByRole('dialog', { name: '核验身份并交还材料' });
    await expect(hand.getByLabel('领取人姓名').inputValue()).resolves.toBe(APPLICANT.name);
    await hand.getByLabel('领取人身份证号').fill(SOMEONE_ELSE);
    await hand.getByLabel('签收姓名').fill(APPLICANT.name);
    await hand.getByRole('button', { name: '确认交还' }).click();
    await hand.locator('.el-form-item', { has: page.getByLabel('领取人身份证号') }).getByText('身份证号与申请人不符').waitFor();
    expect(await tab.checkPage()).toEqual({ title: '办件详情 - 机关效能建设', unlabelled: [] });
    await tab.screenshot('13-handler-return-id-refused');
    await hand.getByLabel('领取人身份证号').fill(APPLICANT.idNumber);
    await hand.getByRole('button', { name: '确认交还' }).click();
    await refusal.getByText(/已交还 张三（\S+号）/).waitFor();
    const slip = await tab.openedPdf(() => refusal.getByRole('button', { name: '打印退还单' }).click());
    expect(slip.head).toBe('%PDF-');

    const refused = await t.get(`/api/v1/cases/${c.id}`, { token: w.tokens.handler01 });
    expect(refused.body).toMatchObject({ status: 'rejected' });
    const { body } = await t.get(`/api/v1/rejection-filings/${refused.body.rejectionFilingId}`, { token: w.tokens.handler01 });
    expect(body).toMatchObject({ status: 'registered', caseId: c.id, materialReturns: [{ status: 'returned', items: [{ name: '遗失声明', copies: 1 }] }] });
  });

  it('a refusal beyond the handler’s authority shows its countdown (on the server’s clock) to the handler and the leader, who approves it', async () => {
    const c = await receiveCase(t, w);
    const filed = await t.post('/api/v1/rejection-filings', { token: w.tokens.handler01, body: { caseId: c.id, ...REFUSAL, reason: '经营场所属于禁止经营区域' } });
    expect(filed.body).toMatchObject({ status: 'pending_decision' });

    const handler = await open();
    await handler.goto(`/cases/${c.id}`);
    await handler.logIn('handler01');
    const waiting = handler.page.getByTestId('refusal');
    await waiting.getByText('待领导审批').waitFor();
    await waiting.getByRole('timer').getByText(/^剩余\d+小时\d+分$|^剩余\d+分钟$/).waitFor();
    await expect(handler.page.getByRole('button', { name: '不予受理（否定报备）' }).count()).resolves.toBe(0);

    const leader = await open();
    const { page } = leader;
    // This PC's clock is two days fast: the countdown still runs on the server's clock.
    await page.clock.setFixedTime(new Date(Date.now() + 2 * 86_400_000));
    await leader.goto('/approvals');
    await leader.logIn('leader01');
    await page.getByRole('tab', { name: '否定报备（1）' }).click();
    const row = page.getByRole('row', { name: /经营场所属于禁止经营区域/ });
    const timer = row.getByRole('timer');
    await timer.getByText(/^剩余/).waitFor();
    expect(await timer.getAttribute('data-level')).toBe('normal');
    expect(await leader.checkPage()).toEqual({ title: '待审批 - 机关效能建设', unlabelled: [] });
    await leader.screenshot('14-leader-refusal-countdown');
    await row.getByRole('button', { name: '同意', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: '同意' }).click();
    await page.getByText('没有待审批的否定报备').waitFor();

    const after = await t.get(`/api/v1/rejection-filings/${filed.body.id}`, { token: w.tokens.leader01 });
    expect(after.body).toMatchObject({ status: 'approved', decidedBy: { id: w.staff.leader01 } });
    await handler.page.reload();
    await waiting.getByText('领导已批准').waitFor();
    await waiting.getByRole('button', { name: '打印不予受理通知书' }).waitFor();
  });
});

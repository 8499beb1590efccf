import { jest } from '@jest/globals';
import { ShiftedClock } from '../support/browser.js';
import { ConsoleSuite } from '../support/console-suite.js';
import type { TestApp } from '../support/test-app.js';
import type { World } from '../support/world.js';

jest.setTimeout(90_000);

// The window (窗口登记): an enquiry logged and transferred with the keyboard alone, and an application
// received against its checklist: a one-time notice, then the receipt, each printed as the API's PDF.
describe('console: the front desk', () => {
  const suite = new ConsoleSuite({ clock: new ShiftedClock() });
  let t: TestApp;
  let w: World;
  beforeAll(() => void ({ t, w } = suite));
  const open = () => suite.open();

  it('flow 1: the clerk logs a call with the keyboard alone in under 30 s and transfers it; the target acknowledges it', async () => {
    const clerk = await open();
    const { page } = clerk;
    await clerk.goto('/front-desk');
    await clerk.logIn('clerk01');
    await clerk.at('/front-desk');
    await page.getByTestId('count-today').getByText('0').waitFor();
    expect(await clerk.checkPage()).toEqual({ title: '窗口登记 - 机关效能建设', unlabelled: [] });

    // From here on, keys only: the channel radio has the focus when the page opens.
    await page.locator('#fd-channel input[value="visit"]:focus').waitFor();
    const started = Date.now();
    const k = page.keyboard;
    await k.press('ArrowRight'); // 来访 -> 来电
    await k.press('Tab'); // 类型: 咨询
    await k.press('Tab');
    await k.type('咨询个体工商户设立登记需要哪些材料');
    await k.press('Tab');
    await k.type('个体工商户');
    await page.getByRole('option', { name: /个体工商户设立登记/ }).waitFor();
    await k.press('Enter');
    await k.press('Tab');
    await k.type('李四');
    await k.press('Tab');
    await k.type('13800138000');
    await k.press('Tab');
    await k.type('110105194912310021'); // a wrong check character: flagged as typed
    await page.getByText('身份证号无效（校验位或出生日期不对）').waitFor();
    await k.press('Backspace');
    await k.type('X');
    await page.getByText('身份证号无效（校验位或出生日期不对）').waitFor({ state: 'detached' });
    await k.press('Tab'); // 处理结果: 当场答复
    await k.press('ArrowRight'); // -> 转办
    await page.getByRole('combobox', { name: '承办科室' }).waitFor();
    await k.press('Tab');
    await k.type('登记注册');
    await page.getByRole('option', { name: '登记注册股' }).waitFor();
    await k.press('Enter');
    await page.locator('#fd-staff').isEnabled();
    await k.press('Tab');
    await k.type('DEMO-002');
    await page.getByRole('option', { name: /DEMO-002/ }).waitFor();
    await k.press('Enter');
    await clerk.screenshot('02-front-desk-keyboard-transfer');
    await k.press('Control+Enter');
    const logged = page.getByTestId('last-enquiry');
    await logged.waitFor();
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(30_000);

    const text = await logged.innerText();
    const reference = /已登记 (ZX\d+)/.exec(text)![1]!;
    expect(text).toContain('转办');
    await page.getByTestId('count-today').getByText('1').waitFor();
    await page.getByTestId('count-open-transfers').getByText('1').waitFor();

    const { body } = await t.get('/api/v1/enquiries', { token: w.tokens.clerk01, query: { outcome: 'transferred' } });
    const enquiry = body.items.find((e: any) => e.reference === reference);
    expect(enquiry).toMatchObject({
      channel: 'phone',
      kind: 'consultation',
      subject: '咨询个体工商户设立登记需要哪些材料',
      serviceItemCode: 'DEMO-001',
      citizen: { name: '李四' },
      outcome: { type: 'transferred', office: { id: w.offices.registration }, staff: { id: w.staff.handler01 }, acknowledgedAt: null },
    });

    // The target sees it in the office's transfers and acknowledges it.
    const target = await open();
    await target.goto('/transfers');
    await target.logIn('handler01');
    const row = target.page.getByRole('row', { name: new RegExp(reference) });
    await row.getByText('待确认').waitFor();
    expect(await target.checkPage()).toEqual({ title: '转办事项 - 机关效能建设', unlabelled: [] });
    await row.getByRole('button', { name: '确认接收' }).click();
    await row.getByText(/已确认/).waitFor();
    await target.screenshot('03-transfer-acknowledged');
    const after = await t.get(`/api/v1/enquiries/${enquiry.id}`, { token: w.tokens.handler01 });
    expect(after.body.outcome.acknowledgedBy).toMatchObject({ id: w.staff.handler01 });
  });

  it('flow 2: an incomplete application gets a one-time notice, the supplement gets the receipt, and each PDF opens', async () => {
    const clerk = await open();
    const { page } = clerk;
    await clerk.goto('/receive');
    await clerk.logIn('clerk01');
    await clerk.at('/receive');
    await page.getByRole('combobox', { name: '服务事项' }).click();
    await page.getByRole('option', { name: /DEMO-001/ }).click();
    await page.getByLabel('申请人').fill('王五');
    await page.getByLabel('联系电话').fill('13900139000');
    await page.getByLabel('身份证号').fill('11010519491231002X');
    // Two of the three checklist materials are handed in.
    await page.getByLabel('已收：个体工商户登记（备案）申请书').check();
    await page.getByLabel('页数：个体工商户登记（备案）申请书').fill('2');
    await page.getByLabel('已收：经营者身份证明').check();
    await page.getByLabel('缺件说明：经营场所使用证明').fill('未提交租赁合同');
    expect(await clerk.checkPage()).toEqual({ title: '收件受理 - 机关效能建设', unlabelled: [] });
    await page.getByRole('button', { name: '出具一次性告知书' }).click();
    // The preview shows what the notice will list before anything is issued; the clerk confirms.
    const confirm = page.getByRole('dialog', { name: '确认出具一次性告知书' });
    await confirm.getByText('经营场所使用证明：未提交租赁合同').waitFor();
    expect(await t.count('one_time_notice')).toBe(0);
    await confirm.getByRole('button', { name: '确认出具' }).click();

    const result = page.getByTestId('receive-result');
    await result.getByText('材料不全').waitFor();
    await result.getByText('经营场所使用证明：未提交租赁合同').waitFor();
    const noticeNo = /一次性告知书 (\S+号)/.exec(await result.innerText())![1]!;
    expect(noticeNo).toMatch(/^告知〔\d{4}〕\d+号$/);
    const notice = await clerk.openedPdf(() => result.getByRole('button', { name: '打印一次性告知书' }).click());
    expect(notice.head).toBe('%PDF-');
    await clerk.screenshot('04-one-time-notice');

    // The citizen comes back with the missing material.
    await result.getByLabel('已收：经营场所使用证明').check();
    await result.getByLabel('页数：经营场所使用证明').fill('3');
    await result.getByRole('button', { name: '收取补交材料' }).click();
    await result.getByText('已受理').waitFor();
    const receiptNo = /收件回执 (\S+号)/.exec(await result.innerText())![1]!;
    expect(receiptNo).toMatch(/^收件〔\d{4}〕\d+号$/);
    const receipt = await clerk.openedPdf(() => result.getByRole('button', { name: '打印收件回执' }).click());
    expect(receipt.head).toBe('%PDF-');
    await clerk.screenshot('05-receipt');

    const { body } = await t.get('/api/v1/cases', { token: w.tokens.clerk01, query: { status: 'accepted' } });
    const accepted = body.items.find((c: any) => c.receipt?.number === receiptNo);
    expect(accepted).toMatchObject({ applicant: { name: '王五' }, handler: { id: w.staff.handler01 } });
    expect(accepted.materials).toEqual(
      expect.arrayContaining([
        { itemId: expect.stringMatching(/^M\d+$/), name: '个体工商户登记（备案）申请书', pages: 2, copies: 1 },
        { itemId: expect.stringMatching(/^M\d+$/), name: '经营者身份证明', pages: 1, copies: 1 },
        { itemId: expect.stringMatching(/^M\d+$/), name: '经营场所使用证明', pages: 3, copies: 1 },
      ]),
    );
    // Ticked by checklist id, each item once.
    expect(new Set(accepted.materials.map((m: { itemId: string }) => m.itemId)).size).toBe(3);
    expect(accepted.notices.map((n: any) => n.number)).toEqual([noticeNo]);
  });
});

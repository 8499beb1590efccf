import { jest } from '@jest/globals';
import { ShiftedClock } from '../support/browser.js';
import { ConsoleSuite } from '../support/console-suite.js';
import { receiveCase } from '../support/cases.js';
import type { TestApp } from '../support/test-app.js';
import type { World } from '../support/world.js';

jest.setTimeout(90_000);

// The leader's approval moving a handler's deadline, and a citizen's dissatisfied rating on the public
// pages reaching the office head as a rectification.
describe('console: approvals and citizen ratings', () => {
  const suite = new ConsoleSuite({ clock: new ShiftedClock() });
  let t: TestApp;
  let w: World;
  beforeAll(() => void ({ t, w } = suite));
  const open = (viewport?: { width: number; height: number }) => suite.open(viewport);

  it("flow 4: the handler asks for more time, the leader approves it and the handler's countdown moves", async () => {
    const c = await receiveCase(t, w);
    const handler = await open();
    await handler.goto('/cases');
    await handler.logIn('handler01');
    await handler.at('/cases');
    const row = handler.page.getByRole('row', { name: new RegExp(c.receipt.number) });
    await row.locator('.countdown[data-level="normal"]').waitFor();
    expect(await handler.checkPage()).toEqual({ title: '我的办件 - 机关效能建设', unlabelled: [] });
    await row.getByRole('button', { name: '办理' }).click();
    await handler.at(`/cases/${c.id}`);
    const due = handler.page.getByTestId('case-due');
    const before = await due.innerText();

    await handler.page.getByRole('button', { name: '申请延期' }).click();
    await handler.page.getByLabel('延长工作日').fill('5');
    await handler.page.getByLabel('延期理由（将告知申请人）').fill('需现场核查经营场所');
    await handler.page.getByRole('button', { name: '提交申请' }).click();
    await handler.page.getByRole('cell', { name: '待审批' }).waitFor();

    const leader = await open();
    await leader.goto('/approvals');
    await leader.logIn('leader01');
    await leader.at('/approvals');
    const request = leader.page.getByRole('row', { name: new RegExp(c.receipt.number) });
    await request.getByText('需现场核查经营场所').waitFor();
    expect(await leader.checkPage()).toEqual({ title: '待审批 - 机关效能建设', unlabelled: [] });
    await leader.screenshot('07-leader-approvals');
    await request.getByRole('button', { name: '同意', exact: true }).click();
    await leader.page.getByRole('dialog').getByRole('button', { name: '同意' }).click();
    await leader.page.getByText('没有待审批的延期申请').waitFor();

    await handler.page.reload();
    await handler.page.getByRole('cell', { name: '已批准' }).waitFor();
    const after = await due.innerText();
    expect(after).not.toBe(before);
    expect(after > before).toBe(true); // YYYY/MM/DD HH:mm reads in time order
    const { body } = await t.get(`/api/v1/cases/${c.id}`, { token: w.tokens.handler01 });
    expect(body.extensions).toEqual([expect.objectContaining({ status: 'approved', workingDays: 5 })]);
    expect(body.deadline.dueAt).toBe(body.extensions[0].newDueAt);
    await handler.screenshot('08-handler-countdown-moved');
  });

  it('flow 6: a citizen looks the case up on a phone, rates it dissatisfied, and the office head sees the rectification', async () => {
    const c = await receiveCase(t, w);
    const citizen = await open({ width: 375, height: 667 });
    await citizen.goto('/public/lookup');
    expect(await citizen.checkPage()).toEqual({ title: '办件查询 - 机关效能建设', unlabelled: [] });
    await citizen.page.getByLabel('回执编号').fill(c.receipt.number);
    await citizen.page.getByLabel('查询码').fill(c.receipt.queryCode.toLowerCase());
    await citizen.page.getByRole('button', { name: '查询' }).click();
    const result = citizen.page.getByTestId('lookup-result');
    await result.getByText('个体工商户设立登记').waitFor();
    await result.getByText('已受理').waitFor();
    await citizen.screenshot('09-public-lookup-phone');

    await citizen.page.getByRole('button', { name: '评价本次服务' }).click();
    await citizen.at('/public/rate');
    expect(await citizen.checkPage()).toEqual({ title: '服务评价 - 机关效能建设', unlabelled: [] });
    await citizen.page.getByRole('radio', { name: '不满意', exact: true }).check({ force: true });
    await citizen.page.getByLabel('意见建议（可不填）').fill('窗口等候时间太长');
    await citizen.page.getByRole('button', { name: '提交评价' }).click();
    await citizen.page.getByText('感谢您的评价').waitFor();
    // The page is phone-sized: nothing wider than the screen.
    expect(await citizen.page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);

    const head = await open();
    await head.goto('/rectifications');
    await head.logIn('head01');
    await head.at('/rectifications');
    const row = head.page.getByRole('row', { name: new RegExp(c.receipt.number) });
    await row.getByText('窗口等候时间太长').waitFor();
    await row.getByText('不满意').waitFor();
    expect(await head.checkPage()).toEqual({ title: '差评整改 - 机关效能建设', unlabelled: [] });
    await row.getByRole('button', { name: '处理' }).click();
    const drawer = head.page.getByRole('dialog');
    await drawer.getByLabel('回访情况').fill('已电话致歉，说明将增设取号窗口');
    await drawer.getByRole('button', { name: '记录回访' }).click();
    await drawer.getByText(/已接通：已电话致歉/).waitFor();
    await drawer.getByLabel('整改措施').fill('增设一个综合受理窗口，高峰时段弹性排班');
    await drawer.getByRole('button', { name: '完成整改' }).click();
    await drawer.getByText(/完成：增设一个综合受理窗口/).waitFor();
    await head.screenshot('10-rectification-completed');

    const { body } = await t.get('/api/v1/rectifications', { token: w.tokens.head01, query: { status: 'completed' } });
    expect(body.items).toEqual([expect.objectContaining({ rating: expect.objectContaining({ reference: c.receipt.number, level: 'dissatisfied' }) })]);
  });
});

import { jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { pickOption, ShiftedClock } from '../support/browser.js';
import { ConsoleSuite } from '../support/console-suite.js';
import type { TestApp } from '../support/test-app.js';
import type { World } from '../support/world.js';

jest.setTimeout(90_000);

/** A Shanghai wall-clock time `days` from now, as the date-time picker takes it typed. */
function shanghai(days: number, time: string): string {
  return `${new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10)} ${time}`;
}

const PICKERS_CLOSED = "[...document.querySelectorAll('.el-picker-panel')].every((p) => p.getClientRects().length === 0 || getComputedStyle(p).display === 'none')";

async function typeTime(page: Page, label: string, value: string): Promise<void> {
  const input = page.getByRole('dialog').getByLabel(label);
  await input.fill(value);
  await input.press('Enter');
  await page.getByRole('dialog').getByText('事由').click(); // closes the picker's panel
  await page.waitForFunction(PICKERS_CLOSED);
}

// 同岗替代 in the console: an absence registered by the office head, the handover list drawn up by the
// absentee and acknowledged by their substitute, then approved; and today's coverage of the posts.
describe('console: absences, handovers and coverage (office head)', () => {
  const suite = new ConsoleSuite({ clock: new ShiftedClock() });
  let t: TestApp;
  let w: World;
  beforeAll(() => void ({ t, w } = suite));
  beforeAll(async () => {
    // The handler holds a service window with the office head as substitute (B 角).
    const post = await t.post('/api/v1/posts', {
      token: w.tokens.admin,
      body: { name: '登记注册受理窗口', kind: 'staff', officeId: w.offices.registration, window: true, holderId: w.staff.handler01, substituteId: w.staff.head01 },
    });
    expect(post.status).toBe(201);
  });
  const open = () => suite.open();

  it('the office head registers a trip, the handler draws the handover list, the substitute acknowledges it and the head approves', async () => {
    const head = await open();
    const { page } = head;
    await head.goto('/absences');
    await head.logIn('head01');
    await head.at('/absences');
    await page.getByText('没有请假外出记录').waitFor();
    expect(await head.checkPage()).toEqual({ title: '请假与交接 - 机关效能建设', unlabelled: [] });

    await page.getByRole('button', { name: '登记请假外出' }).click();
    const form = page.getByRole('dialog', { name: '登记请假外出' });
    // Typed into the filterable list, then picked: a bare click on the select can be swallowed under load.
    await pickOption(page, form.getByRole('combobox', { name: '人员' }), '李经办');
    await form.getByText('出差', { exact: true }).click();
    await expect(form.getByRole('radio', { name: '出差' }).isChecked()).resolves.toBe(true);
    await typeTime(page, '开始时间', shanghai(7, '09:00:00'));
    await typeTime(page, '结束时间', shanghai(6, '17:30:00')); // before the start: refused by that field
    await form.getByLabel('事由').fill('赴省局参加登记业务培训');
    expect(await head.checkPage()).toEqual({ title: '请假与交接 - 机关效能建设', unlabelled: [] });
    await form.getByRole('button', { name: '登记' }).click();
    await form.locator('.el-form-item', { has: page.getByLabel('结束时间') }).getByText('结束时间须晚于开始时间').waitFor();
    await typeTime(page, '结束时间', shanghai(10, '17:30:00'));
    await form.getByRole('button', { name: '登记' }).click();
    const drawer = page.getByRole('dialog', { name: '请假外出详情' });
    await drawer.getByTestId('absence-status').getByText('待审批').waitFor();
    await drawer.getByText('尚未编制交接清单').waitFor();
    await page.getByRole('row', { name: /赴省局参加登记业务培训/ }).getByText('待审批（须交接）').waitFor();
    await page.keyboard.press('Escape');

    // The absentee draws up the handover list of their pending work.
    const handler = await open();
    await handler.goto('/absences');
    await handler.logIn('handler01');
    await handler.page.getByRole('row', { name: /赴省局参加登记业务培训/ }).getByRole('button', { name: '详情' }).click();
    const own = handler.page.getByRole('dialog', { name: '请假外出详情' });
    await own.getByLabel('交接说明').fill('两件在办案件已电话告知申请人，材料在二号柜');
    await own.getByRole('button', { name: '编制交接清单' }).click();
    await own.getByTestId('handover-state').getByText('接替人：张股长 · 待接替人确认').waitFor();

    // The substitute acknowledges it; then the absence can be approved.
    await page.getByRole('button', { name: '刷新' }).click();
    await page.getByRole('row', { name: /赴省局参加登记业务培训/ }).getByRole('button', { name: '详情' }).click();
    await drawer.getByText('两件在办案件已电话告知申请人，材料在二号柜').waitFor();
    await drawer.getByRole('button', { name: '确认接收交接' }).click();
    await drawer.getByTestId('handover-state').getByText(/已确认接收/).waitFor();
    await drawer.getByRole('button', { name: '同意', exact: true }).click();
    await page.getByRole('dialog', { name: '同意', exact: true }).getByRole('button', { name: '同意', exact: true }).click();
    await drawer.getByTestId('absence-status').getByText('已批准').waitFor();
    await head.screenshot('15-head-absence-handover');

    const { body } = await t.get('/api/v1/absences', { token: w.tokens.head01, query: { staffId: w.staff.handler01 } });
    expect(body.items).toEqual([expect.objectContaining({ status: 'approved', type: 'trip', decidedBy: expect.objectContaining({ id: w.staff.head01 }) })]);
    const one = await t.get(`/api/v1/absences/${body.items[0].id}`, { token: w.tokens.head01 });
    expect(one.body.handover).toMatchObject({ substitute: { id: w.staff.head01 }, acknowledgedBy: { id: w.staff.head01 } });
  });

  it("today's coverage shows who attends each post", async () => {
    const head = await open();
    await head.goto('/coverage');
    await head.logIn('head01');
    const row = head.page.getByRole('row', { name: /登记注册受理窗口/ });
    await row.getByText('李经办（本人在岗）').waitFor();
    await row.getByText('张股长').waitFor();
    expect(await head.checkPage()).toEqual({ title: '今日在岗 - 机关效能建设', unlabelled: [] });
    await head.screenshot('16-head-coverage');
  });
});

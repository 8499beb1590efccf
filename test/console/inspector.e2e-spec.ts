import { jest } from '@jest/globals';
import { TimerSweep } from '@app/deadlines';
import { ShiftedClock } from '../support/browser.js';
import { ConsoleSuite } from '../support/console-suite.js';
import { receiveCase } from '../support/cases.js';
import type { TestApp } from '../support/test-app.js';
import type { World } from '../support/world.js';

/** Every date picker's panel gone (its own date and time inputs fade out with it), not merely the first one found. */
const SELECTS_CLOSED = "[...document.querySelectorAll('.el-select-dropdown')].every((d) => d.getClientRects().length === 0)";
const PICKERS_CLOSED = "[...document.querySelectorAll('.el-picker-panel')].every((p) => p.getClientRects().length === 0 || getComputedStyle(p).display === 'none')";

jest.setTimeout(90_000);

// The inspector's desk: a detected violation confirmed with its accountability, the report filtered,
// drawn and exported.
describe('console: the inspector', () => {
  const clock = new ShiftedClock();
  const suite = new ConsoleSuite({ clock, env: { SWEEP_INTERVAL_SECONDS: '0' } });
  let t: TestApp;
  let w: World;
  beforeAll(() => void ({ t, w } = suite));

  it('flow 5: the inspector confirms the overdue violation, filters the report by its month and office, and downloads the XLSX', async () => {
    const c = await receiveCase(t, w);
    clock.advance(new Date(c.deadline.dueAt).getTime() - clock.now().getTime() + 60_000);
    await t.app.get(TimerSweep).sweep();
    const [detected] = (await t.get('/api/v1/violations', { token: w.tokens.inspector01, query: { caseId: c.id } })).body.items;
    expect(detected).toMatchObject({ type: 'overdue', status: 'detected', staffId: w.staff.handler01 });

    const tab = await suite.open();
    const { page } = tab;
    await tab.goto('/violations');
    await tab.logIn('inspector01');
    await tab.at('/violations');
    const row = page.getByRole('row', { name: /李经办/ });
    await row.getByText('待确认').waitFor();
    expect(await tab.checkPage()).toEqual({ title: '违规审查 - 机关效能建设', unlabelled: [] });
    await row.getByRole('button', { name: '审查' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText('李经办（DEMO-002）').waitFor();
    await drawer.getByLabel('确认理由').fill('超过承诺时限未办结，且未申请延期');
    // A click on a select can be swallowed while the drawer still animates on a loaded machine: open it
    // again. Each list is closed before the next select is clicked: an open list lies over the select
    // below it, and a forced click there would pick one of its options instead.
    const pick = async (select: string, option: string | RegExp) => {
      for (let attempt = 1; ; attempt++) {
        await drawer.getByRole('combobox', { name: select }).click({ force: true });
        const clicked = await page.getByRole('option', { name: option }).click({ timeout: 5_000 }).then(() => true, () => false);
        await page.waitForFunction(SELECTS_CLOSED);
        if (clicked) return;
        if (attempt === 3) throw new Error(`the option ${String(option)} of ${select} never showed`);
      }
    };
    await pick('问责方式', '书面检查');
    await pick('监管责任人', /张股长/);
    // Decided now on the service's clock (moved on past the due time in this test, unlike the browser's).
    const decided = page.getByRole('combobox', { name: '决定时间' }).or(drawer.getByLabel('决定时间'));
    const now = new Date(clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
    await decided.first().fill(now);
    await decided.first().press('Enter');
    await drawer.getByText('审查结论').click(); // closes the picker's panel
    await page.waitForFunction(PICKERS_CLOSED);
    expect((await tab.checkPage()).unlabelled).toEqual([]);
    await tab.screenshot('11-inspector-confirm');
    await drawer.getByRole('button', { name: '确认违规' }).click();
    await drawer.getByText(/^已确认：超过承诺时限未办结/).waitFor();
    await drawer.getByText('监管责任：张股长').waitFor();
    const confirmed = await t.get(`/api/v1/violations/${detected.id}`, { token: w.tokens.inspector01 });
    expect(confirmed.body).toMatchObject({ status: 'confirmed', accountability: { actions: [{ type: 'written_self_examination' }] } });
    await page.keyboard.press('Escape');

    // The report for the month the violation occurred in, for the handler's office.
    await page.getByRole('button', { name: '统计报表' }).click();
    await tab.at('/reports');
    const month = new Date(new Date(detected.occurredAt).getTime() + 8 * 3600_000).toISOString().slice(0, 7);
    const monthInput = page.getByRole('combobox', { name: '月份' }).or(page.getByLabel('月份')).first();
    await monthInput.fill(month);
    await monthInput.press('Enter');
    await page.locator('h1').click(); // closes the picker's panel
    await page.waitForFunction(PICKERS_CLOSED);
    // A click while the month picker is still fading out can be swallowed: open the list again if so.
    const office = page.getByRole('option', { name: '登记注册股' }).filter({ visible: true });
    for (let attempt = 1; ; attempt++) {
      await page.getByRole('combobox', { name: '科室' }).click({ force: true });
      if (await office.waitFor({ timeout: 5000 }).then(() => true, () => attempt === 3)) break;
    }
    await office.click();
    await page.getByTestId('report-total').getByText('共 1 起：待确认 0，已确认 1，已撤销 0').waitFor();
    await page.getByRole('cell', { name: '超期未办结' }).first().waitFor();
    expect(await tab.checkPage()).toEqual({ title: '统计报表 - 机关效能建设', unlabelled: [] });
    await page.locator('canvas').nth(2).waitFor();
    await tab.screenshot('12-inspector-report');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Excel' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(path).subarray(0, 2).toString()).toBe('PK'); // a zip: the XLSX workbook
  });

  it('an office head’s 违规审查 lists their own office’s violations only, to view, not to decide', async () => {
    const register = async (staffId: string, summary: string) => {
      const res = await t.post('/api/v1/violations', {
        token: w.tokens.inspector01,
        body: { type: 'conduct', staffId, occurredAt: new Date(clock.now().getTime() - 3600_000).toISOString(), evidence: { summary, source: 'spot_check' } },
      });
      expect(res.status).toBe(201);
      return res.body as { id: string };
    };
    await register(w.staff.handler01, '登记股经办人接待群众态度生硬');
    await register(w.staff.clerk01, '综合窗口人员离岗未挂牌');

    const tab = await suite.open();
    const { page } = tab;
    await tab.goto('/violations');
    await tab.logIn('head01');
    await tab.at('/violations');
    const own = page.getByRole('row', { name: /李经办/ }).filter({ hasText: '作风问题' });
    await own.first().waitFor();
    // The window office's clerk is not in the registration office: their violation is not listed.
    expect(await page.getByRole('row', { name: /王小窗/ }).count()).toBe(0);
    expect(await own.first().getByRole('button', { name: '审查' }).count()).toBe(0);
    await own.first().getByRole('button', { name: '查看' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText('李经办（DEMO-002）').waitFor();
    expect(await drawer.getByRole('button', { name: '确认违规' }).count()).toBe(0);
    expect((await tab.checkPage()).unlabelled).toEqual([]);
  });
});

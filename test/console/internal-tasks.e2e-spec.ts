import { jest } from '@jest/globals';
import { TimerSweep } from '@app/deadlines';
import type { Locator, Page } from 'playwright-core';
import { pickOption, ShiftedClock } from '../support/browser.js';
import { ConsoleSuite } from '../support/console-suite.js';
import type { TestApp } from '../support/test-app.js';
import type { World } from '../support/world.js';

jest.setTimeout(90_000);

/** Types into a filterable select and picks the option (a bare click on the select can be swallowed under load). */
async function pick(page: Page, dialog: Locator, label: string, option: string): Promise<void> {
  await pickOption(page, dialog.getByRole('combobox', { name: label }), option);
}

// 内部事务 in the console (工作标准, issue 12): the handler registers an urgent document, hands it to a
// colleague with the countdown running on, who completes it; a task left past its limit shows overdue.
describe('console: internal tasks under work standards (handler)', () => {
  const clock = new ShiftedClock();
  const suite = new ConsoleSuite({ clock });
  let t: TestApp;
  let w: World;
  beforeAll(() => void ({ t, w } = suite));

  it('the handler registers an urgent document (a missing title refused at its field), hands it over, and the colleague completes it', async () => {
    const handler = await suite.open();
    const { page } = handler;
    await handler.goto('/internal-tasks');
    await handler.logIn('handler01');
    await handler.at('/internal-tasks');
    await page.getByText('暂无内部事务').waitFor();
    expect(await handler.checkPage()).toEqual({ title: '内部事务 - 机关效能建设', unlabelled: [] });
    await page.locator('.el-menu').getByRole('menuitem', { name: '内部事务' }).waitFor(); // in the handler's menu

    await page.getByRole('button', { name: '新建' }).click();
    const form = page.getByRole('dialog', { name: '新建内部事务' });
    await form.getByLabel('文号').fill('示市监发〔2026〕88号');
    await form.locator('.el-switch').click(); // the switch's own input is hidden behind its track
    await expect(form.getByRole('switch', { name: '急件' }).getAttribute('aria-checked')).resolves.toBe('true');
    expect(await handler.checkPage()).toEqual({ title: '内部事务 - 机关效能建设', unlabelled: [] });
    await form.getByRole('button', { name: '登记' }).click();
    await form.locator('.el-form-item', { has: page.getByLabel('标题') }).getByText('此项必填').waitFor();
    expect(await t.count('internal_task')).toBe(0);
    await form.getByLabel('标题').fill('关于做好防汛值班的紧急通知');
    await form.getByRole('button', { name: '登记' }).click();
    const row = page.getByRole('row', { name: /关于做好防汛值班的紧急通知/ });
    await row.getByText('急件公文流转（4个工作小时）').waitFor();
    await row.getByText('急件', { exact: true }).waitFor();
    // The countdown of the server's working-day clock: the 4 working hours left (less the seconds since, in working hours).
    const badge = row.locator('.countdown');
    expect(await badge.getAttribute('data-level')).toBe('normal');
    expect(await badge.innerText()).toMatch(/^正常 · 剩余(4小时|3小时59分)（工作时间）$/);
    await handler.screenshot('30-internal-task-registered');

    await row.getByRole('button', { name: '转交' }).click();
    const handOver = page.getByRole('dialog', { name: '转交' });
    await handOver.getByText('时限不变，转交后超时计入接收人').waitFor();
    await pick(page, handOver, '接收人', '赵食安');
    await handOver.getByLabel('转交说明').fill('请食品股办理');
    await handOver.getByRole('button', { name: '确认转交' }).click();
    await page.getByText('暂无内部事务').waitFor(); // no longer mine

    const colleague = await suite.open();
    await colleague.goto('/internal-tasks');
    await colleague.logIn('handler02');
    await colleague.at('/internal-tasks');
    const theirs = colleague.page.getByRole('row', { name: /关于做好防汛值班的紧急通知/ });
    await theirs.locator('.countdown[data-level="normal"]').waitFor();
    await theirs.getByRole('button', { name: '办结' }).click();
    const done = colleague.page.getByRole('dialog', { name: '办结' });
    await done.getByLabel('办结说明').fill('已通知各值班人员');
    await done.getByRole('button', { name: '确认办结' }).click();
    await colleague.page.getByText('暂无内部事务').waitFor();
    await colleague.page.getByRole('radiogroup', { name: '办理状态' }).getByText('已办结').click();
    await expect(colleague.page.getByRole('radio', { name: '已办结' }).isChecked()).resolves.toBe(true);
    await colleague.page.getByRole('row', { name: /关于做好防汛值班的紧急通知/ }).getByText(/ 办结$/).waitFor();

    const [task] = await t.db.query(`SELECT status, handler_id, completion_note FROM internal_task`);
    expect(task).toEqual({ status: 'completed', handler_id: w.staff.handler02, completion_note: '已通知各值班人员' });
  });

  it('a task past its work standard shows overdue in the holder’s list', async () => {
    const res = await t.post('/api/v1/internal-tasks', { token: w.tokens.head01, body: { kind: 'minutes', title: '股务会会议纪要', handlerId: w.staff.handler01 } });
    expect(res.status).toBe(201);
    clock.advance(new Date(res.body.dueAt).getTime() - clock.now().getTime() + 60_000);
    await t.app.get(TimerSweep).sweep();
    const tab = await suite.open();
    await tab.goto('/internal-tasks');
    await tab.logIn('handler01');
    await tab.at('/internal-tasks');
    const row = tab.page.getByRole('row', { name: /股务会会议纪要/ });
    await row.locator('.countdown[data-level="overdue"]').getByText('超期').waitFor();
    await row.getByText('会议纪要完成并分发（半个工作日）').waitFor();
    await tab.screenshot('31-internal-task-overdue');
  });

  it('the admin sets the unit’s 电子监察 thresholds (a bad rung refused at its field) and gives a standard a new version', async () => {
    const admin = await suite.open();
    const { page } = admin;
    await admin.goto('/system/standards');
    await admin.logIn('admin');
    await admin.at('/system/standards');
    await page.getByTestId('rule-source').getByText('系统默认规则').waitFor();
    expect(await admin.checkPage()).toEqual({ title: '工作标准与预警 - 机关效能建设', unlabelled: [] });
    await page.getByRole('row', { name: /一般公文流转/ }).getByText('1个工作日').waitFor();

    await page.getByLabel('按时限比例预警').fill('0.9');
    await page.getByLabel('到期前预警').fill('');
    await page.getByLabel('超期后告知股室负责人').fill('1d');
    await page.getByLabel('超期后告知分管领导').fill('2h');
    await page.getByRole('button', { name: '保存预警规则' }).click();
    await page.locator('.el-form-item', { has: page.getByLabel('超期后告知分管领导') }).locator('.el-form-item__error').waitFor();
    expect(await t.count('unit_alert_rule')).toBe(0);
    await page.getByLabel('超期后告知分管领导').fill('2d');
    await page.getByLabel('超期后报纪检监察').fill('3d');
    await page.getByRole('button', { name: '保存预警规则' }).click();
    await page.getByTestId('rule-source').getByText('本单位规则').waitFor();
    expect((await t.get('/api/v1/alert-rule', { token: w.tokens.handler01 })).body).toMatchObject({
      source: 'unit',
      warningShare: 0.9,
      warningBeforeDue: null,
      overdueOfficeHead: '1d',
      overdueLeader: '2d',
      overdueInspector: '3d',
    });

    const row = page.getByRole('row', { name: /一般公文流转/ });
    await row.getByRole('button', { name: '修改' }).click();
    const dialog = page.getByRole('dialog', { name: '修改工作标准' });
    await dialog.getByLabel('时限（工作分钟）').fill('480');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.getByRole('row', { name: /一般公文流转/ }).getByText('第2版').waitFor();
    await page.getByRole('row', { name: /一般公文流转/ }).getByText('8个工作小时').waitFor(); // 480 working minutes
    await admin.screenshot('32-admin-standards-and-thresholds');
  });
});

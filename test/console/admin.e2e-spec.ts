import { jest } from '@jest/globals';
import type { Locator, Page } from 'playwright-core';
import { pickOption } from '../support/browser.js';
import { ConsoleSuite } from '../support/console-suite.js';
import type { TestApp } from '../support/test-app.js';
import { STAFF_PASSWORD, type World } from '../support/world.js';

jest.setTimeout(90_000);

const PICKERS_CLOSED = "[...document.querySelectorAll('.el-picker-panel')].every((p) => p.getClientRects().length === 0 || getComputedStyle(p).display === 'none')";

/** The form item (label, field and its error) that holds the field labelled `label`. */
const item = (scope: Locator, page: Page, label: string) => scope.locator('.el-form-item', { has: page.getByLabel(label, { exact: true }) });

/** Types into the filterable select labelled `label` and takes the first match. */
async function pick(scope: Locator, page: Page, label: string, typed: string): Promise<void> {
  const box = scope.getByRole('combobox', { name: label, exact: true });
  await box.focus();
  await pickOption(page, box, typed);
}

/** Picks `option` in the select labelled `label` (Element Plus renders the options outside the dialog). */
async function choose(scope: Locator, page: Page, label: string, option: RegExp | string): Promise<void> {
  const choice = page.getByRole('option', { name: option }).filter({ visible: true }).last();
  // A click while the previous select's list is still closing can be swallowed: open it again if so.
  for (let attempt = 1; ; attempt++) {
    await scope.getByRole('combobox', { name: label, exact: true }).click({ force: true });
    try {
      await choice.waitFor({ timeout: 5000 });
      break;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
  await choice.click();
}

/** Toggles days of the open month in the multi-date picker labelled `label`, then closes it. */
async function toggleDays(page: Page, label: string, days: number[]): Promise<void> {
  await page.getByLabel(label).click();
  const panel = page.locator('.el-picker-panel').filter({ visible: true });
  for (const d of days) await panel.locator('td.available:not(.prev-month):not(.next-month)').getByText(String(d), { exact: true }).click();
  await page.locator('h1').click();
  await page.waitForFunction(PICKERS_CLOSED);
}

// The admin's screens: posts with their substitutes, the service catalogue with the one-third rule shown
// as the limits are typed, a new calendar year, and staff created and deactivated.
describe('console: administration', () => {
  const suite = new ConsoleSuite();
  let t: TestApp;
  let w: World;
  beforeAll(() => void ({ t, w } = suite));
  const admin = async (path: string) => {
    const tab = await suite.open();
    await tab.goto(path);
    await tab.logIn('admin');
    await tab.at(path);
    return tab;
  };

  it('a post with its substitute: a holder from another office is refused by that field; then the B 角 is changed', async () => {
    const tab = await admin('/system/offices');
    const { page } = tab;
    await page.getByRole('button', { name: '新增岗位' }).click();
    const form = page.getByRole('dialog', { name: '新增岗位' });
    await form.getByLabel('岗位名称').fill('食品许可受理窗口');
    await choose(form, page, '科室', '食品经营许可股');
    await pick(form, page, 'A角', '李经办');
    await pick(form, page, 'B角', '张股长');
    expect(await tab.checkPage()).toEqual({ title: '科室与岗位 - 机关效能建设', unlabelled: [] });
    await form.getByRole('button', { name: '保存' }).click();
    await form.locator('.el-form-item', { has: page.getByRole('combobox', { name: 'A角', exact: true }) }).getByText('此人不在该岗位所属科室').waitFor();
    await pick(form, page, 'A角', '赵食安');
    await form.getByRole('button', { name: '保存' }).click();
    const row = page.getByRole('row', { name: /食品许可受理窗口/ });
    await row.getByText('张股长').waitFor();

    await row.getByRole('button', { name: '编辑' }).click();
    const edit = page.getByRole('dialog', { name: '编辑岗位' });
    await pick(edit, page, 'B角', '李经办');
    await edit.getByRole('button', { name: '保存' }).click();
    await row.getByText('李经办').waitFor();
    await tab.screenshot('17-admin-posts');
    const { body } = await t.get('/api/v1/posts', { token: w.tokens.admin, query: { officeId: w.offices.food } });
    expect(body).toEqual([expect.objectContaining({ name: '食品许可受理窗口', holder: expect.objectContaining({ id: w.staff.handler02 }), substitute: expect.objectContaining({ id: w.staff.handler01 }) })]);
  });

  it('the one-third rule is shown while the limits are typed, and the service is saved once it holds', async () => {
    const tab = await admin('/system/services');
    const { page } = tab;
    await page.getByRole('button', { name: '新增服务事项' }).click();
    const form = page.getByRole('dialog', { name: '新增服务事项' });
    await form.getByLabel('事项编码').fill('TEST-009');
    await form.getByLabel('事项名称').fill('食品小作坊登记');
    await choose(form, page, '承办科室', '食品经营许可股');
    await form.getByLabel('设定依据').fill('《贵州省食品小作坊小经营店及摊贩管理条例》第十条');
    await form.getByRole('spinbutton', { name: '法定时限' }).fill('20');
    await form.getByRole('spinbutton', { name: '承诺时限' }).fill('15');
    const rule = form.getByTestId('one-third-rule');
    await rule.getByText('承诺时限最多 13 个工作日（法定时限缩短三分之一）：超出，请缩短').waitFor();
    await form.getByRole('button', { name: '添加材料' }).click();
    await form.getByLabel('材料1名称').fill('食品小作坊登记申请表');
    expect(await tab.checkPage()).toEqual({ title: '服务事项 - 机关效能建设', unlabelled: [] });
    await form.getByRole('button', { name: '保存' }).click();
    await form.locator('.el-form-item', { has: page.getByTestId('one-third-rule') }).getByText('承诺时限须比法定时限至少缩短三分之一').waitFor();
    await tab.screenshot('18-admin-one-third-rule');

    await form.getByRole('spinbutton', { name: '承诺时限' }).fill('13');
    await rule.getByText(/：符合$/).waitFor();
    await form.getByRole('button', { name: '保存' }).click();
    await page.getByRole('row', { name: /TEST-009/ }).getByText('13个工作日').waitFor();
  });

  it('a new calendar year: a weekday as a make-up workday is refused by that field, then the year is saved', async () => {
    const tab = await admin('/system/calendar');
    const { page } = tab;
    const year = page.getByLabel('年度', { exact: true });
    await year.fill('2027');
    await year.press('Tab');
    expect(await tab.checkPage()).toEqual({ title: '工作日历 - 机关效能建设', unlabelled: [] });
    await toggleDays(page, '放假日期', [1]); // 2027-01-01, a Friday
    await toggleDays(page, '调休上班日期', [4]); // a Monday: a workday anyway
    await page.getByRole('button', { name: '保存' }).click();
    await item(page.locator('main'), page, '调休上班日期').getByText('调休上班日须是周末').waitFor();
    await toggleDays(page, '调休上班日期', [4, 9]); // 2027-01-09, a Saturday
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('row', { name: /2027/ }).getByText('管理员录入').waitFor();
    const { body } = await t.get('/api/v1/calendar/years/2027', { token: w.tokens.admin });
    expect(body).toMatchObject({ holidays: ['2027-01-01'], makeUpWorkdays: ['2027-01-09'] });
  });

  it('staff created with a role, then deactivated: their login is refused', async () => {
    const tab = await admin('/system/staff');
    const { page } = tab;
    await page.getByRole('button', { name: '新增人员' }).click();
    const form = page.getByRole('dialog', { name: '新增人员' });
    await form.getByLabel('用户名').fill('clerk09');
    await form.getByLabel('初始密码').fill(STAFF_PASSWORD);
    await form.getByLabel('姓名').fill('周窗口');
    await form.getByLabel('工作证号').fill('DEMO-009');
    await choose(form, page, '科室', '政务服务窗口');
    await form.getByText('窗口人员', { exact: true }).click();
    expect(await tab.checkPage()).toEqual({ title: '人员与角色 - 机关效能建设', unlabelled: [] });
    await form.getByRole('button', { name: '保存' }).click();
    const row = page.getByRole('row', { name: /周窗口/ });
    await row.getByText('在用').waitFor();
    expect((await t.post('/api/v1/auth/login', { body: { username: 'clerk09', password: STAFF_PASSWORD } })).status).toBe(200);

    await row.getByRole('button', { name: '停用' }).click();
    await page.getByRole('dialog', { name: '停用人员' }).getByRole('button', { name: '停用' }).click();
    await row.getByText('停用', { exact: true }).waitFor();
    await tab.screenshot('19-admin-staff-deactivated');
    expect((await t.post('/api/v1/auth/login', { body: { username: 'clerk09', password: STAFF_PASSWORD } })).status).toBe(401);
  });
});

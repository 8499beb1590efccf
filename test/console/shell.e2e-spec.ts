import { jest } from '@jest/globals';
import { ConsoleSuite } from '../support/console-suite.js';

// The console served by the api at `/`, its login, menus per role, 无权限 and the return after a 401.
jest.setTimeout(60_000);

describe('console: served at /, login, menus per role, 无权限, 401 back to login', () => {
  const suite = new ConsoleSuite();
  let origin: string;
  beforeAll(() => void ({ origin } = suite));
  const open = () => suite.open();

  it('serves the console at / and the app for any page path (history mode), with its scripts gzipped', async () => {
    for (const path of ['/', '/front-desk', '/cases/3e8b7e1e-0000-4000-8000-000000000000', '/system/staff']) {
      const res = await fetch(`${origin}${path}`, { headers: { accept: 'text/html' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('<div id="app"></div>');
    }
    const html = await (await fetch(`${origin}/`)).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const js = await fetch(`${origin}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(js.status).toBe(200);
    expect(js.headers.get('content-encoding')).toBe('gzip');
    expect(js.headers.get('cache-control')).toContain('immutable');
  });

  it('an unknown /api path stays a problem+json 404, and so does an asset that does not exist', async () => {
    for (const [path, accept] of [
      ['/api/v1/nothing-here', 'text/html'],
      ['/api/nothing', 'application/json'],
      ['/assets/missing.js', '*/*'],
    ] as const) {
      const res = await fetch(`${origin}${path}`, { headers: { accept } });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      await res.body?.cancel();
    }
  });

  it('the clerk logs in with the keyboard and lands on the front desk, with the front-desk menu and internal tasks only', async () => {
    const tab = await open();
    await tab.goto('/');
    await tab.at('/login', { redirect: '/' });
    expect(await tab.checkPage()).toEqual({ title: '登录 - 机关效能建设', unlabelled: [] });
    await tab.logIn('clerk01');
    await tab.at('/front-desk');
    expect(await tab.page.title()).toBe('窗口登记 - 机关效能建设');
    const menu = tab.page.getByRole('navigation', { name: '主菜单' });
    await expect(menu.getByRole('menuitem').allInnerTexts()).resolves.toEqual(['窗口登记', '收件受理', '转办事项', '内部事务', '请假与交接']);
    await tab.screenshot('01-clerk-front-desk');
  });

  it("a direct link to another role's page shows 无权限, not a broken page", async () => {
    const tab = await open();
    await tab.goto('/reports');
    await tab.logIn('clerk01');
    await tab.at('/forbidden', { from: '/reports' });
    await expect(tab.page.getByText('无权限', { exact: true }).first().isVisible()).resolves.toBe(true);
    expect((await tab.checkPage()).title).toBe('无权限 - 机关效能建设');
  });

  it('the inspector sees the oversight menu; the admin the administration menu', async () => {
    for (const [who, items] of [
      ['inspector01', ['绩效考评', '科室考评', '违规审查', '统计报表']],
      ['admin', ['请假与交接', '今日在岗', '人员与角色', '科室与岗位', '服务事项', '工作标准与预警', '政务公开', '工作日历']],
    ] as const) {
      const tab = await open();
      await tab.goto('/login');
      await tab.logIn(who);
      const menu = tab.page.getByRole('navigation', { name: '主菜单' });
      await menu.getByRole('menuitem').first().waitFor();
      expect(await menu.getByRole('menuitem').allInnerTexts()).toEqual(items);
    }
  });

  it('the token is kept per tab: a second tab of the same browser is not logged in', async () => {
    const tab = await open();
    await tab.goto('/login');
    await tab.logIn('handler01');
    const other = await tab.context.newPage();
    await other.goto(`${origin}/cases`);
    await other.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('redirect') === '/cases');
    await other.close();
  });

  it('a 401 (the session ended) takes the user to login and, once logged in, back to where they were', async () => {
    const tab = await open();
    await tab.goto('/login');
    await tab.logIn('handler01');
    await tab.goto('/transfers');
    await tab.page.getByRole('heading', { name: '转办事项' }).waitFor();
    // The token is no longer valid, as after a revocation or expiry.
    await tab.page.evaluate("sessionStorage.setItem('sw.accessToken', 'expired.token.value')");
    await tab.page.getByRole('button', { name: '刷新' }).click();
    await tab.at('/login', { redirect: '/transfers' });
    await tab.logIn('handler01');
    await tab.at('/transfers');
  });
});

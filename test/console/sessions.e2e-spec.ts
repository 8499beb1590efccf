import { jest } from '@jest/globals';
import { DEMO_PASSWORD } from '../../apps/api/src/demo-data.js';
import { ConsoleSuite } from '../support/console-suite.js';
import type { TestApp } from '../support/test-app.js';
import type { World } from '../support/world.js';

jest.setTimeout(60_000);

const TOKEN = "sessionStorage.getItem('sw.accessToken')";
/**
 * The tab's access token with its signature spoiled: the server refuses it as it refuses an expired one.
 * The signature's first character changes, not its last: the last of 43 carries 4 bits and 2 unused ones,
 * and base64url decoders ignore those, so 'A' → 'B' there left one token in 16 still valid.
 */
const SPOIL_TOKEN =
  "sessionStorage.setItem('sw.accessToken', sessionStorage.getItem('sw.accessToken').replace(/[.]([^.])([^.]*)$/, (_, c, rest) => '.' + (c === 'A' ? 'B' : 'A') + rest))";

// Sessions in the console: the short access token renewed silently from the HttpOnly refresh cookie,
// never into someone else's session, and a logout that ends the session on the server.
describe('console: sessions (silent renewal, logout, back to login)', () => {
  const suite = new ConsoleSuite();
  let t: TestApp;
  let w: World;
  let origin: string;
  beforeAll(() => void ({ t, w, origin } = suite));
  const open = () => suite.open();

  it('an access token the server no longer accepts is renewed from the refresh cookie without leaving the page', async () => {
    const tab = await open();
    await tab.goto('/transfers');
    await tab.logIn('handler01');
    await tab.at('/transfers');
    const cookies = await tab.context.cookies();
    expect(cookies.find((c) => c.name === 'sw_refresh')).toMatchObject({ httpOnly: true, path: '/api/v1/auth', sameSite: 'Strict' });
    await tab.page.evaluate(SPOIL_TOKEN);
    const spoiled = await tab.page.evaluate<string>(TOKEN);

    const renewed = tab.page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/refresh') && r.status() === 200);
    await tab.page.getByRole('button', { name: '刷新' }).click();
    await renewed;
    await tab.page.getByText('暂无转办事项').or(tab.page.getByRole('row').nth(1)).first().waitFor();
    expect(new URL(tab.page.url()).pathname).toBe('/transfers');
    const token = await tab.page.evaluate<string>(TOKEN);
    expect(token).not.toBe(spoiled);
    expect((await t.get('/api/v1/auth/me', { token })).body).toMatchObject({ id: w.staff.handler01 });
  });

  it("never renews into another person's session: after a second tab logs in someone else, the first goes to login", async () => {
    const first = await open();
    await first.goto('/transfers');
    await first.logIn('handler01');
    await first.at('/transfers');
    // Same browser, same cookie jar: the office head logs in at the next tab, and the refresh cookie is theirs now.
    const second = await first.context.newPage();
    await second.goto(`${origin}/login`);
    await second.getByLabel('用户名').fill('head01');
    await second.getByLabel('密码').fill(DEMO_PASSWORD);
    await second.getByLabel('密码').press('Enter');
    await second.waitForURL((u) => !u.pathname.startsWith('/login'));

    // Back at the first tab, as its user would be. The renewal it starts answers with the office head's
    // token, which the tab refuses.
    await first.page.bringToFront();
    await first.page.evaluate(SPOIL_TOKEN);
    const renewal = first.page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/refresh'));
    await first.page.getByRole('button', { name: '刷新' }).click();
    expect((await renewal).status()).toBe(200);
    await first.at('/login', { redirect: '/transfers' });
    expect(await first.page.evaluate<string | null>(TOKEN)).toBeNull();
    await second.close();
  });

  it('logging out ends the session on the server: neither the access token nor the refresh cookie opens it again', async () => {
    const tab = await open();
    await tab.goto('/cases');
    await tab.logIn('handler01');
    await tab.at('/cases');
    const token = await tab.page.evaluate<string>(TOKEN);
    const loggedOut = tab.page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/logout') && r.status() === 204);
    await tab.page.getByRole('button', { name: '退出登录' }).click();
    await loggedOut;
    await tab.at('/login');
    expect(await tab.page.evaluate<string | null>(TOKEN)).toBeNull();
    expect((await t.get('/api/v1/auth/me', { token })).status).toBe(401);
    // The cookie the browser still sends (if any) no longer renews anything.
    const refresh = await tab.page.evaluate<number>("fetch('/api/v1/auth/refresh', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.status)");
    expect(refresh).toBe(401);
  });

  it('a 401 after a failed renewal (the session revoked) goes to login and, logged in again, back to the page', async () => {
    const tab = await open();
    await tab.goto('/transfers');
    await tab.logIn('handler01');
    await tab.at('/transfers');
    const token = await tab.page.evaluate<string>(TOKEN);
    expect((await t.post('/api/v1/auth/logout-all', { token })).status).toBe(204);
    await tab.page.getByRole('button', { name: '刷新' }).click();
    await tab.at('/login', { redirect: '/transfers' });
    await tab.logIn('handler01');
    await tab.at('/transfers');
    await tab.page.getByRole('heading', { name: '转办事项' }).waitFor();
  });
});

import { jest } from '@jest/globals';
import { ShiftedClock } from '../support/browser.js';
import { ConsoleSuite } from '../support/console-suite.js';
import type { TestApp } from '../support/test-app.js';
import type { World } from '../support/world.js';

jest.setTimeout(120_000);

// 科室考评 in the console: the leader scores the offices (领导评议) beside the citizens' ratings, reviews and
// publishes; the inspector records the 组织核查 of the failing office; the admin makes the results and the
// month's bulletin public, and a citizen reads them on the unit's public page without logging in.
describe('console: evaluation of offices and the public bulletin', () => {
  const suite = new ConsoleSuite({ clock: new ShiftedClock() });
  let t: TestApp;
  let w: World;
  beforeAll(() => {
    ({ t, w } = suite);
    t.clock.set('2026-11-20T10:00:00+08:00');
  });

  it('the leader scores every office and publishes; the failing one awaits, then carries, the inspector’s 组织核查', async () => {
    const leader = await suite.open();
    await leader.goto('/office-evaluation');
    await leader.logIn('leader01');
    await leader.at('/office-evaluation');
    expect(await leader.checkPage()).toEqual({ title: '科室考评 - 机关效能建设', unlabelled: [] });
    await leader.page.getByLabel('考评期间').fill('2026-10');
    await leader.page.getByRole('button', { name: /生成科室考评/ }).click();
    await leader.page.getByRole('heading', { name: /2026-10 科室绩效考评 · 草稿/ }).waitFor();

    for (const office of ['政务服务窗口', '登记注册股', '食品经营许可股', '办公室']) {
      const row = leader.page.getByRole('row', { name: new RegExp(office) });
      await row.getByRole('button', { name: '评分' }).click();
      const dialog = leader.page.getByRole('dialog', { name: `领导评议：${office}` });
      await dialog.waitFor();
      if (office === '登记注册股') for (const aspect of ['年度工作目标', '履行职责', '廉政建设', '工作效率']) await dialog.getByLabel(aspect).fill('50');
      await dialog.getByRole('button', { name: '保存评分' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await row.getByText('陈局长').waitFor();
    }
    await leader.page.getByRole('button', { name: '审核定级' }).click();
    await leader.page.getByRole('heading', { name: /已审核定级/ }).waitFor();
    await leader.page.getByRole('button', { name: '公布' }).click();
    await leader.page.getByRole('heading', { name: /已公布/ }).waitFor();
    const failing = leader.page.getByRole('row', { name: /登记注册股/ });
    await failing.getByText('不合格').waitFor();
    await failing.getByText('待核查').waitFor();
    await leader.page.getByRole('row', { name: /食品经营许可股/ }).getByText('优秀').waitFor();
    await leader.screenshot('31-office-evaluation-published');
    const id = new URL(leader.page.url()).searchParams.get('id')!;

    const inspector = await suite.open();
    await inspector.goto(`/office-evaluation?id=${id}`);
    await inspector.logIn('inspector01');
    await inspector.at('/office-evaluation', { id });
    const row = inspector.page.getByRole('row', { name: /登记注册股/ });
    await row.getByRole('button', { name: '核查' }).click();
    const dialog = inspector.page.getByRole('dialog', { name: '组织核查：登记注册股' });
    await dialog.getByLabel('核查情况').fill('十月超期办件集中，领导评议与群众评议一致');
    await dialog.getByLabel('后续措施').fill('限期一个月整改，十二月复核');
    expect(await inspector.checkPage()).toEqual({ title: '科室考评 - 机关效能建设', unlabelled: [] });
    await dialog.getByRole('button', { name: '记录核查' }).click();
    await row.getByText(/刘纪检：十月超期办件集中/).waitFor();
    await expect(row.getByRole('button', { name: '核查' }).count()).resolves.toBe(0);
    await inspector.screenshot('32-office-verification');

    // The office head reads the published result of their unit, the verification with it.
    const head = await suite.open();
    await head.goto('/office-evaluation');
    await head.logIn('head01');
    await head.at('/office-evaluation');
    await head.page.getByRole('row', { name: /2026-10/ }).getByRole('button', { name: '查看' }).click();
    await head.page.getByRole('row', { name: /登记注册股/ }).getByText(/刘纪检：十月超期办件集中/).waitFor();
    await expect(head.page.getByRole('button', { name: '评分' }).count()).resolves.toBe(0);

    const { body } = await t.get(`/api/v1/office-evaluations/${id}`, { token: w.tokens.head01 });
    const registration = body.results.find((r: { office: { id: string } }) => r.office.id === w.offices.registration);
    expect(registration.verification).toMatchObject({ verifiedBy: { id: w.staff.inspector01 }, followUp: '限期一个月整改，十二月复核' });
  });

  it('the admin makes the results and the bulletin public; a citizen reads them on a phone, with names and offices only', async () => {
    // Before the admin releases anything the unit has no public page, like a unit that does not exist.
    const early = await suite.open({ width: 375, height: 667 });
    for (const code of ['DEMO', 'NOPE']) {
      await early.goto(`/public/${code}/bulletin`);
      await early.page.getByText('该单位暂无公开内容').waitFor();
    }

    const admin = await suite.open();
    await admin.goto('/system/publicity');
    await admin.logIn('admin');
    await admin.at('/system/publicity');
    expect(await admin.checkPage()).toEqual({ title: '政务公开 - 机关效能建设', unlabelled: [] });
    // A bulletin of a month not yet over is refused next to the field.
    await admin.page.getByLabel('期间').fill('2026-11');
    await admin.page.getByRole('button', { name: '公开', exact: true }).click();
    await admin.page.getByText('该月结束后才能公开通报').waitFor();
    for (const [kind, label] of [['月度效能通报', '月度效能通报'], ['科室考评结果', '科室考评结果']]) {
      await admin.page.getByText(kind, { exact: true }).click();
      await admin.page.getByLabel('期间').fill('2026-10');
      await admin.page.getByRole('button', { name: '公开', exact: true }).click();
      await admin.page.getByRole('row', { name: new RegExp(label) }).waitFor();
    }
    await admin.screenshot('33-publicity-admin');

    const citizen = await suite.open({ width: 375, height: 667 });
    await citizen.goto('/public/DEMO/bulletin');
    expect(await citizen.checkPage()).toEqual({ title: '政务公开 - 机关效能建设', unlabelled: [] });
    await citizen.page.getByTestId('unit-name').getByText('示范县市场监督管理局').waitFor();
    await citizen.page.getByRole('button', { name: '2026-10 科室考评结果' }).click();
    const content = citizen.page.getByTestId('public-content');
    await content.getByRole('row', { name: /登记注册股/ }).getByText('不合格').waitFor();
    await citizen.page.getByRole('button', { name: '2026-10 效能通报' }).click();
    await content.getByRole('heading', { name: '2026年10月机关效能建设情况通报' }).waitFor();
    await content.getByRole('heading', { name: '一、总体情况' }).waitFor();
    const text = await citizen.page.locator('body').innerText();
    expect(text).not.toMatch(/DEMO-0\d\d/);
    expect(text).not.toMatch(/(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/);
    expect(text).not.toContain('刘纪检');
    // Phone-sized: the bulletin's wide tables scroll in place, the page is no wider than the screen.
    expect(await citizen.page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await citizen.screenshot('34-public-bulletin-phone');
  });
});

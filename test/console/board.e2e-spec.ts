import { jest } from '@jest/globals';
import { ShiftedClock } from '../support/browser.js';
import { ConsoleSuite } from '../support/console-suite.js';
import { receiveCase } from '../support/cases.js';
import type { TestApp } from '../support/test-app.js';
import type { World } from '../support/world.js';

jest.setTimeout(90_000);

// The office head's live board: alerts arrive over server-sent events while the page stays as it is.
describe('console: the office head’s live alert board', () => {
  const clock = new ShiftedClock();
  // A ladder of seconds after the due time and a sweep every second: time passes in seconds here.
  const suite = new ConsoleSuite({ clock, env: { OVERDUE_LADDER: 'office_head:2s,leader:4s,inspector:6s', SWEEP_INTERVAL_SECONDS: '1' } });
  let t: TestApp;
  let w: World;
  beforeAll(() => void ({ t, w } = suite));

  it('flow 3: a case passes its due time and the office head’s board shows the alert without a reload', async () => {
    const c = await receiveCase(t, w);
    const tab = await suite.open();
    const { page } = tab;
    await tab.goto('/board');
    await tab.logIn('head01');
    await tab.at('/board');
    await page.getByTestId('stream-state').getByText('实时').waitFor();
    expect(await tab.checkPage()).toEqual({ title: '预警看板 - 机关效能建设', unlabelled: [] });
    await page.getByText('暂无预警').waitFor();
    await page.evaluate('window.boardMark = 42');

    // The service's clock passes the due time; its own sweep fires the due step and the ladder's first rung.
    clock.advance(new Date(c.deadline.dueAt).getTime() - clock.now().getTime() + 3_000);
    const alert = page.getByTestId('alert-list').getByText('办件超期，请股室负责人督办');
    await alert.waitFor({ timeout: 20_000 });
    expect(await page.evaluate('window.boardMark')).toBe(42); // the same page, never reloaded
    await page.locator('.countdown[data-level="overdue"]').first().waitFor();
    await tab.screenshot('06-office-head-board-alert');

    const inbox = await t.get('/api/v1/alerts', { token: w.tokens.head01 });
    expect(inbox.body.items).toEqual([expect.objectContaining({ caseId: c.id, step: 'overdue_office_head', readAt: null })]);
  });
});

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { ControllableClock } from '@app/testing';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../apps/api/src/demo-data.js';
import { consoleDirectory } from '../../apps/api/src/console-static.js';

/** Debian's Chromium (apt-get install chromium): never a downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = 'test-output/screenshots';

/**
 * The real clock, moved on by the test when time has to pass (a case past its due time): the browser's
 * "today" and the service's stay the same day until the test jumps.
 */
export class ShiftedClock extends ControllableClock {
  private offsetMs = 0;

  override now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  override set(at: Date | string): void {
    this.offsetMs = new Date(at).getTime() - Date.now();
  }

  override advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/** The console as `npm run build` leaves it; built here when a test file runs on its own. */
export function ensureConsoleBuilt(): void {
  if (consoleDirectory()) return;
  execFileSync('npm', ['run', 'build:console'], { stdio: 'inherit' });
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
  // launch() gives the browser a fresh profile (--user-data-dir) of its own, removed on close.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * Run in the page (a string: the tests compile without the DOM's types): the visible form fields that
 * no screen reader can name, by a label, aria-label or aria-labelledby.
 */
const UNLABELLED_FIELDS = `(() => {
  const visible = (el) => {
    const style = getComputedStyle(el);
    return el.getAttribute('type') !== 'hidden' && style.display !== 'none' && style.visibility !== 'hidden'
      && el.getClientRects().length > 0 && !el.closest('[aria-hidden="true"]');
  };
  const named = (el) =>
    (el.getAttribute('aria-label') ?? '').trim() !== '' ||
    (el.getAttribute('aria-labelledby') ?? '').split(/\\s+/).some((id) => id && (document.getElementById(id)?.textContent ?? '').trim() !== '') ||
    [...(el.labels ?? [])].some((l) => (l.textContent ?? '').trim() !== '');
  return [...document.querySelectorAll('input, select, textarea')].filter(visible).filter((el) => !named(el)).map((el) => el.outerHTML.slice(0, 160));
})()`;

/**
 * One browser tab of the console with the checks every flow makes on the way: no request leaves the
 * service's origin, no console errors, every page has a title and every form field a label.
 */
export class ConsoleTab {
  readonly offOrigin: string[] = [];
  readonly consoleErrors: string[] = [];

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly origin: string,
  ) {}

  static async open(browser: Browser, origin: string, viewport = { width: 1366, height: 768 }): Promise<ConsoleTab> {
    const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
    const page = await context.newPage();
    const tab = new ConsoleTab(context, page, origin);
    // Anything fetched over the network from elsewhere (the browser's own chrome-extension:// PDF viewer is not).
    context.on('request', (r) => {
      const url = new URL(r.url());
      if (/^(https?|wss?):$/.test(url.protocol) && url.origin !== origin) tab.offOrigin.push(r.url());
    });
    context.on('page', (p) => tab.watch(p));
    tab.watch(page);
    return tab;
  }

  private watch(page: Page): void {
    page.on('console', (m) => {
      // The browser logs each 4xx answer; the API's refusals are shown on the page, and the flows check them there.
      if (m.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) {
        this.consoleErrors.push(`${page.url()}: ${m.text()}`);
      }
    });
    page.on('pageerror', (e) => this.consoleErrors.push(`${page.url()}: ${e.message}`));
  }

  async goto(path: string): Promise<void> {
    await this.page.goto(`${this.origin}${path}`);
  }

  async logIn(username: string, password = DEMO_PASSWORD): Promise<void> {
    await this.page.getByLabel('用户名').fill(username);
    await this.page.getByLabel('密码').fill(password);
    await this.page.getByLabel('密码').press('Enter');
    await this.page.waitForURL((u) => !u.pathname.startsWith('/login'));
  }

  /** The page has a title and a heading, and every visible form field has a label a screen reader reads. */
  async checkPage(): Promise<{ title: string; unlabelled: string[] }> {
    await this.page.locator('h1').first().waitFor();
    const title = await this.page.title();
    const unlabelled = await this.page.evaluate<string[]>(UNLABELLED_FIELDS);
    return { title, unlabelled };
  }

  /** Waits until the tab is at `path` (query parameters as given, decoded). */
  async at(path: string, query: Record<string, string> = {}): Promise<void> {
    await this.page.waitForURL((u) => u.pathname === path && Object.entries(query).every(([k, v]) => u.searchParams.get(k) === v));
  }

  /** Clicks what opens a printed document and returns the first bytes of the PDF shown in the new tab. */
  async openedPdf(click: () => Promise<void>): Promise<{ url: string; head: string }> {
    const [popup] = await Promise.all([this.context.waitForEvent('page'), click()]);
    await popup.waitForURL(/^blob:/);
    const head = await popup.evaluate<string>(
      'fetch(location.href).then((r) => r.arrayBuffer()).then((b) => String.fromCharCode(...new Uint8Array(b).slice(0, 5)))',
    );
    const url = popup.url();
    await popup.close();
    return { url, head };
  }

  async screenshot(name: string): Promise<void> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await this.page.screenshot({ path: `${SCREENSHOTS}/${name}.png` });
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

/**
 * Types `typed` into the filterable select `box` and picks the first visible option matching it. Under load
 * a click on the option can land while the list is still being filtered and be lost (the list stays open):
 * it is clicked again, as a person would, until the list closes.
 */
export async function pickOption(page: Page, box: Locator, typed: string): Promise<void> {
  await box.pressSequentially(typed);
  const option = page.getByRole('option', { name: new RegExp(typed) }).filter({ visible: true }).first();
  for (let attempt = 1; ; attempt++) {
    await option.click();
    try {
      await option.waitFor({ state: 'hidden', timeout: 5000 });
      return;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
}

import type { ControllableClock } from '@app/testing';
import type { Browser } from 'playwright-core';
import { ConsoleTab, ensureConsoleBuilt, launchChromium } from './browser.js';
import { TestApp } from './test-app.js';
import { demoWorld, type World } from './world.js';

/**
 * One browser suite's world: the service with its console on a real port (the demo unit loaded) and
 * Debian's Chromium, started before the suite's tests and closed after them. Every tab opened through it
 * is checked at the end: no request left the service's origin, no console error.
 */
export class ConsoleSuite {
  t!: TestApp;
  w!: World;
  origin!: string;
  browser!: Browser;
  private readonly tabs: ConsoleTab[] = [];

  constructor(options: { clock?: ControllableClock; env?: Record<string, string> } = {}) {
    beforeAll(async () => {
      ensureConsoleBuilt();
      this.t = await TestApp.start({ clock: options.clock, console: true, env: options.env });
      this.w = await demoWorld(this.t);
      this.origin = await this.t.listen();
      this.browser = await launchChromium();
    }, 120_000);

    afterAll(async () => {
      for (const tab of this.tabs) {
        expect(tab.offOrigin).toEqual([]);
        expect(tab.consoleErrors).toEqual([]);
      }
      await this.browser?.close();
      await this.t?.close();
    }, 120_000);
  }

  /** A new tab in a fresh profile (1366×768 unless another viewport is given). */
  async open(viewport?: { width: number; height: number }): Promise<ConsoleTab> {
    const tab = await ConsoleTab.open(this.browser, this.origin, viewport);
    this.tabs.push(tab);
    return tab;
  }
}

import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { loadConfig, migrateDatabase } from '@app/platform';
import { createApiApp } from '../../apps/api/src/api-app.js';
import { consoleDirectory } from '../../apps/api/src/console-static.js';
import { DEMO_PASSWORD, seedDemo } from '../../apps/api/src/demo-data.js';
import { migrations } from '../../apps/api/src/schema.js';

/**
 * The front-desk page (窗口登记) in Debian's headless Chromium, each run in a fresh profile (cold cache):
 * the JavaScript and CSS it loads, as sent (gzip), and the time to interactive: from the start of the
 * navigation until the form's first field has the focus with the service items loaded, so a clerk's
 * first key lands. Budget: 400 KB gzip, 1.5 s.
 */
const RUNS = Number(process.env.BENCH_CONSOLE_RUNS ?? 7);
const SERVER = process.env.BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BUDGET_BYTES = 400 * 1024;
const BUDGET_MS = 1500;

export async function consoleBench(): Promise<void> {
  if (!consoleDirectory()) throw new Error('the console is not built: npm run build');
  const suffix = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const database = `sw_bench_${suffix}`;
  const dbUrl = new URL(SERVER);
  dbUrl.pathname = `/${database}`;
  const config = loadConfig({ ...process.env, DATABASE_URL: dbUrl.toString(), QUEUE_PREFIX: `bench_${suffix}`, LOG_LEVEL: 'silent' });
  await migrateDatabase(config.DATABASE_URL, migrations);
  const app = await createApiApp(config);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    await seedDemo(app);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const origin = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const login = await fetch(`${origin}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'clerk01', password: DEMO_PASSWORD }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };

    const runs: Array<{ bytes: number; raw: number; files: number; tti: number }> = [];
    for (let i = 0; i < RUNS + 1; i++) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      // A logged-in tab: the token the login page would have kept in sessionStorage.
      await context.addInitScript(`sessionStorage.setItem('sw.accessToken', ${JSON.stringify(accessToken)})`);
      const page = await context.newPage();
      const assets: Array<Promise<{ encoded: number; raw: number }>> = [];
      page.on('requestfinished', (request) => {
        if (request.resourceType() !== 'script' && request.resourceType() !== 'stylesheet') return;
        assets.push(
          Promise.all([request.sizes(), request.response()]).then(async ([sizes, response]) => ({
            encoded: sizes.responseBodySize,
            raw: (await response?.body())?.length ?? 0,
          })),
        );
      });
      await page.goto(`${origin}/front-desk`);
      await page.locator('#fd-channel input[value="visit"]:focus').waitFor();
      await page.locator('.guide .el-collapse-item').first().waitFor();
      const tti = await page.evaluate(() => performance.now());
      await page.waitForLoadState('networkidle');
      const sizes = await Promise.all(assets);
      if (i > 0) runs.push({ bytes: sizes.reduce((s, a) => s + a.encoded, 0), raw: sizes.reduce((s, a) => s + a.raw, 0), files: sizes.length, tti }); // the first run warms the server
      await context.close();
    }

    const ttis = runs.map((r) => r.tti).sort((a, b) => a - b);
    const median = ttis[Math.floor(ttis.length / 2)]!;
    const worst = ttis[ttis.length - 1]!;
    const { bytes, raw, files } = runs[0]!;
    console.log(`\nConsole front desk (/front-desk) in headless Chromium, 1366x768, cold cache, ${RUNS} runs`);
    console.log(`  JavaScript + CSS loaded: ${files} files, ${(bytes / 1024).toFixed(1)} KB gzip (${(raw / 1024).toFixed(1)} KB uncompressed); budget 400 KB: ${bytes <= BUDGET_BYTES ? 'within' : 'OVER'}`);
    console.log(`  time to interactive (first field focused, service items loaded): median ${median.toFixed(0)} ms, worst ${worst.toFixed(0)} ms; budget 1500 ms: ${worst <= BUDGET_MS ? 'within' : 'OVER'}`);
  } finally {
    await browser.close();
    await app.close();
    const admin = new pg.Client({ connectionString: SERVER });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
    const redis = new Redis(config.REDIS_URL);
    const keys = await redis.keys(`${config.QUEUE_PREFIX}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
}

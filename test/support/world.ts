import { DEMO_PASSWORD, seedDemo, type DemoSummary } from '../../apps/api/src/demo-data.js';
import type { TestApp } from './test-app.js';

export interface World extends DemoSummary {
  tokens: Record<'clerk01' | 'handler01' | 'handler02' | 'head01' | 'leader01' | 'inspector01' | 'admin', string>;
}

/** The demo unit (the same data as `npm run seed:demo`), with a logged-in token per account. */
export async function demoWorld(t: TestApp): Promise<World> {
  const demo = await seedDemo(t.app);
  const tokens = {} as World['tokens'];
  for (const username of Object.keys(demo.staff) as Array<keyof World['tokens']>) {
    const res = await t.post('/api/v1/auth/login', { body: { username, password: DEMO_PASSWORD } });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${JSON.stringify(res.body)}`);
    tokens[username] = res.body.accessToken;
  }
  return { ...demo, tokens };
}

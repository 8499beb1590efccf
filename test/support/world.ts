import { DEMO_PASSWORD, seedDemo, type DemoSummary } from '../../apps/api/src/demo-data.js';
import type { TestApp } from './test-app.js';

/** The password of the staff the suites add (the demo's own is refused by the password policy). */
export const STAFF_PASSWORD = 'Window-Duty-7Tea';

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

/**
 * Adds staff to the demo unit through the admin API and logs each in: `[username, office, roles]`,
 * badges `${badgePrefix}-01`, `-02`, … Returns their ids and tokens by username.
 */
export async function addStaff(
  t: TestApp,
  w: World,
  badgePrefix: string,
  people: Array<[username: string, office: keyof World['offices'], roles: string[]]>,
): Promise<{ id: Record<string, string>; token: Record<string, string> }> {
  const id: Record<string, string> = {};
  const token: Record<string, string> = {};
  for (const [i, [username, office, roles]] of people.entries()) {
    const res = await t.post('/api/v1/staff', {
      token: w.tokens.admin,
      body: { username, password: STAFF_PASSWORD, name: `${badgePrefix}${username}`, badgeNo: `${badgePrefix}-${String(i + 1).padStart(2, '0')}`, officeId: w.offices[office], roles },
    });
    if (res.status !== 201) throw new Error(`staff ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    id[username] = res.body.id;
    token[username] = (await t.post('/api/v1/auth/login', { body: { username, password: STAFF_PASSWORD } })).body.accessToken;
  }
  return { id, token };
}

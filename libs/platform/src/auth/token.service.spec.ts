import { createSecretKey } from 'node:crypto';
import { jest } from '@jest/globals';
import type { Config } from '@jest/types';
import { loadConfig } from '../config/app-config.js';
import { TokenService } from './token.service.js';

// Only the wall clock moves (tokens live in it); timers and promises run as usual.
const WALL_CLOCK_ONLY: Config.FakeTimersConfig = {
  doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
};

describe('access tokens remembered once verified', () => {
  const key = { key: createSecretKey(Buffer.from('a-test-secret-of-at-least-32-characters!!')), created: false };
  const config = loadConfig({ JWT_TTL_SECONDS: '60' });
  const actor = { id: '00000000-0000-4000-8000-000000000001', unitId: '00000000-0000-4000-8000-000000000002', roles: ['clerk' as const] };
  afterEach(() => jest.useRealTimers());

  it('a token verified before it expired is refused once it has, as a process that never saw it refuses it', async () => {
    const tokens = new TokenService(key, config);
    const token = await tokens.issue(actor, '00000000-0000-4000-8000-000000000003');
    expect((await tokens.verify(token)).actor).toEqual(actor);
    jest.useFakeTimers({ ...WALL_CLOCK_ONLY, now: Date.now() + 61_000 });
    await expect(tokens.verify(token)).rejects.toMatchObject({ code: 'AUTH.INVALID_TOKEN' });
    await expect(new TokenService(key, config).verify(token)).rejects.toMatchObject({ code: 'AUTH.INVALID_TOKEN' });
  });

  it('a token differing from a remembered one in its signature is refused', async () => {
    const tokens = new TokenService(key, config);
    const token = await tokens.issue(actor, '00000000-0000-4000-8000-000000000003');
    await tokens.verify(token);
    const signature = token.lastIndexOf('.') + 1;
    const changed = `${token.slice(0, signature)}${token[signature] === 'A' ? 'B' : 'A'}${token.slice(signature + 1)}`;
    await expect(tokens.verify(changed)).rejects.toMatchObject({ code: 'AUTH.INVALID_TOKEN' });
  });
});

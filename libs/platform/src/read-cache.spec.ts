import { ReadCache } from './read-cache.js';

/** A load the test settles by hand, counting how often it was asked. */
function loader<V>() {
  const calls: Array<(value: V | null) => void> = [];
  const load = () => new Promise<V | null>((done) => calls.push(done));
  return { calls, load };
}

describe('ReadCache', () => {
  it('reads once for concurrent requests and keeps the value', async () => {
    const cache = new ReadCache<string>(60_000);
    const { calls, load } = loader<string>();
    const a = cache.get('k', load);
    const b = cache.get('k', load);
    expect(calls).toHaveLength(1);
    calls[0]!('v1');
    expect(await Promise.all([a, b])).toEqual(['v1', 'v1']);
    expect(await cache.get('k', load)).toBe('v1');
    expect(calls).toHaveLength(1);
  });

  it('never keeps a miss', async () => {
    const cache = new ReadCache<string>(60_000);
    const { calls, load } = loader<string>();
    const first = cache.get('k', load);
    calls[0]!(null);
    expect(await first).toBeNull();
    const second = cache.get('k', load);
    expect(calls).toHaveLength(2);
    calls[1]!('created since');
    expect(await second).toBe('created since');
  });

  it('reads again once the time to live has passed', async () => {
    const cache = new ReadCache<string>(0);
    const { calls, load } = loader<string>();
    const first = cache.get('k', load);
    calls[0]!('v1');
    await first;
    const second = cache.get('k', load);
    expect(calls).toHaveLength(2);
    calls[1]!('v2');
    expect(await second).toBe('v2');
  });

  it('reads again after forget, and does not keep what a read under way during the write returned', async () => {
    const cache = new ReadCache<string>(60_000);
    const { calls, load } = loader<string>();
    await Promise.all([cache.get('k', load), calls[0]!('old')]);
    const during = cache.get('k2', load); // under way while k is written
    cache.forget('k');
    calls[1]!('stale?');
    expect(await during).toBe('stale?'); // the caller gets it, the cache does not keep it
    const again = cache.get('k2', load);
    expect(calls).toHaveLength(3);
    calls[2]!('fresh');
    expect(await again).toBe('fresh');
    const k = cache.get('k', load);
    expect(calls).toHaveLength(4);
    calls[3]!('new');
    expect(await k).toBe('new');
  });

  it('passes a failed read on and keeps nothing of it', async () => {
    const cache = new ReadCache<string>(60_000);
    await expect(cache.get('k', () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(await cache.get('k', () => Promise.resolve('up'))).toBe('up');
  });

  it('stays within its bound', async () => {
    const cache = new ReadCache<number>(60_000, 3);
    for (let i = 0; i < 5; i++) await cache.get(`k${i}`, () => Promise.resolve(i));
    let reads = 0;
    for (let i = 0; i < 5; i++) await cache.get(`k${i}`, () => Promise.resolve(++reads));
    expect(reads).toBeGreaterThan(0);
  });

  it('forgets a key once a write of it has finished, whether it committed or failed', async () => {
    const cache = new ReadCache<string>(60_000);
    let version = 'v1';
    const load = () => Promise.resolve(version);
    expect(await cache.get('k', load)).toBe('v1');
    await cache.writing('k', () => {
      version = 'v2';
      return Promise.resolve();
    });
    expect(await cache.get('k', load)).toBe('v2');
    await expect(
      cache.writing('k', () => {
        version = 'v3';
        return Promise.reject(new Error('rolled back'));
      }),
    ).rejects.toThrow('rolled back');
    expect(await cache.get('k', load)).toBe('v3');
  });
});

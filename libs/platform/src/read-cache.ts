import { performance } from 'node:perf_hooks';

/**
 * What a library read of its own rows, kept for `ttlMs` so that a hot path (who-am-I, intake) does not
 * read it again on every request. The library that owns the rows forgets an entry when it writes it, so
 * this process sees its own change at once; another replica sees it within `ttlMs`. A read that was under
 * way while a write happened is not kept (it may hold what the write replaced). Misses are never kept.
 */
export class ReadCache<V> {
  private readonly entries = new Map<string, { value: V; at: number }>();
  private readonly loading = new Map<string, Promise<V | null>>();
  private writes = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly max = 10_000,
  ) {}

  async get(key: string, load: () => Promise<V | null>): Promise<V | null> {
    const now = performance.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    // Concurrent requests for the same key share one read.
    let pending = this.loading.get(key);
    if (!pending) {
      const writes = this.writes;
      const done = () => {
        if (this.loading.get(key) === pending) this.loading.delete(key);
      };
      pending = load().then(
        (value) => {
          done();
          if (value !== null && writes === this.writes) this.keep(key, value, now);
          return value;
        },
        (error: unknown) => {
          done();
          throw error;
        },
      );
      this.loading.set(key, pending);
    }
    return pending;
  }

  /**
   * Runs a write of the rows behind `key` and forgets them once it has committed (or failed). Until then the
   * old value is the right one; a read under way meanwhile is not kept (see get).
   */
  async writing<T>(key: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } finally {
      this.forget(key);
    }
  }

  /** Forgets what was kept for `key`, and any read of it under way. */
  forget(key: string): void {
    this.writes++;
    this.entries.delete(key);
    this.loading.delete(key);
  }

  private keep(key: string, value: V, now: number): void {
    if (this.entries.size >= this.max) {
      for (const [k, e] of this.entries) if (now - e.at >= this.ttlMs) this.entries.delete(k);
      if (this.entries.size >= this.max) this.entries.clear();
    }
    this.entries.set(key, { value, at: now });
  }
}

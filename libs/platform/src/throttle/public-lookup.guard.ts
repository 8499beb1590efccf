import { applyDecorators, Injectable, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { DomainError } from '@app/core';
import { Public } from '../auth/auth.decorators.js';
import { AppConfig } from '../config/app-config.js';
import { ThrottleCounters } from './throttle-counters.js';

const WINDOW_MS = 60_000;

/**
 * Citizens' lookups by receipt number and query code (no login) are limited per client address to
 * PUBLIC_LOOKUPS_PER_MINUTE, so that nobody can try query codes by the thousand. Two counters: one in
 * this process, which refuses a flood without touching the database, and the shared one in PostgreSQL,
 * which holds the limit across replicas (neither needs Redis). The process's count never exceeds the
 * shared one, so it only ever refuses what the shared one would.
 */
@Injectable()
export class PublicLookupGuard implements CanActivate {
  private readonly local = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly counters: ThrottleCounters,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const address = context.switchToHttp().getRequest<{ ip: string }>().ip;
    const limit = this.config.PUBLIC_LOOKUPS_PER_MINUTE;
    const now = performance.now();
    let mine = this.local.get(address);
    if (!mine || now - mine.start >= WINDOW_MS) {
      if (this.local.size >= 10_000) this.prune(now);
      mine = { start: now, count: 0 };
      this.local.set(address, mine);
    }
    mine.count += 1;
    if (mine.count > limit) throw tooMany(Math.ceil((mine.start + WINDOW_MS - now) / 1000));

    const shared = await this.counters.hit(`public:${address}`, WINDOW_MS / 1000, 'window');
    if (shared.count > limit) throw tooMany(Math.ceil((shared.windowStart.getTime() + WINDOW_MS - shared.now.getTime()) / 1000));
    return true;
  }

  private prune(now: number): void {
    for (const [address, entry] of this.local) if (now - entry.start >= WINDOW_MS) this.local.delete(address);
  }
}

function tooMany(retryAfterSeconds: number): DomainError {
  return new DomainError('PUBLIC.TOO_MANY_LOOKUPS', 'too many lookups from this address; try again in a minute', 'rate_limited', undefined, {
    retryAfterSeconds: Math.max(1, retryAfterSeconds),
  });
}

/** A public route that looks something up by a citizen's number and code: no login, throttled per address. */
export const PublicLookup = () => applyDecorators(Public(), UseGuards(PublicLookupGuard));

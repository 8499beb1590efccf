import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/core';
import { ThrottleCounters, type Counter } from '../throttle/throttle-counters.js';

/** Failed logins of one account from one address that cost nothing; each further one doubles the wait. */
export const FREE_FAILURES_PER_PAIR = 5;
/** Failed logins from one address (any account) in the window, before the address waits it out. */
export const FAILURES_PER_ADDRESS = 30;
export const LOGIN_WINDOW_SECONDS = 15 * 60;

/**
 * Login throttling that slows a guesser down without locking the account for its owner: failures are
 * counted per account AND address, and past 5 each attempt from that pair must wait 1 s, 2 s, 4 s… (at
 * most 15 minutes) after the last failure; a quiet 15 minutes forgets them. An address with 30 failures
 * in 15 minutes (whatever the accounts) waits for the window to pass. Successful logins count nothing, so
 * a hall behind one NAT address is never shut out by its morning shift.
 */
@Injectable()
export class LoginThrottle {
  constructor(private readonly counters: ThrottleCounters) {}

  private static pairKey(username: string, address: string): string {
    return `login:pair:${username.toLowerCase()}|${address}`;
  }

  private static addressKey(address: string): string {
    return `login:address:${address}`;
  }

  /** Refuses (429 with Retry-After) when this account from this address, or this address, must wait. */
  async admit(username: string, address: string): Promise<void> {
    const pairKey = LoginThrottle.pairKey(username, address);
    const addressKey = LoginThrottle.addressKey(address);
    const [pairs, addresses] = await Promise.all([
      this.counters.read([pairKey], LOGIN_WINDOW_SECONDS, 'quiet'),
      this.counters.read([addressKey], LOGIN_WINDOW_SECONDS, 'window'),
    ]);
    const waits = [pairWait(pairs.get(pairKey)), addressWait(addresses.get(addressKey))].filter((s) => s > 0);
    if (waits.length > 0) {
      throw new DomainError('AUTH.TOO_MANY_ATTEMPTS', 'too many failed logins; try again later', 'rate_limited', undefined, {
        retryAfterSeconds: Math.max(...waits),
      });
    }
  }

  async recordFailure(username: string, address: string): Promise<void> {
    await this.counters.hit(LoginThrottle.pairKey(username, address), LOGIN_WINDOW_SECONDS, 'quiet');
    await this.counters.hit(LoginThrottle.addressKey(address), LOGIN_WINDOW_SECONDS, 'window');
  }

  async recordSuccess(username: string, address: string): Promise<void> {
    await this.counters.clear(LoginThrottle.pairKey(username, address));
  }
}

/** Seconds this account-and-address pair must still wait, or 0. */
function pairWait(counter: Counter | undefined): number {
  if (!counter || counter.count < FREE_FAILURES_PER_PAIR) return 0;
  const delayMs = Math.min(2 ** (counter.count - FREE_FAILURES_PER_PAIR), LOGIN_WINDOW_SECONDS) * 1000;
  return secondsUntil(counter.lastAt.getTime() + delayMs, counter.now);
}

function addressWait(counter: Counter | undefined): number {
  if (!counter || counter.count < FAILURES_PER_ADDRESS) return 0;
  return secondsUntil(counter.windowStart.getTime() + LOGIN_WINDOW_SECONDS * 1000, counter.now);
}

function secondsUntil(at: number, now: Date): number {
  const ms = at - now.getTime();
  return ms > 0 ? Math.ceil(ms / 1000) : 0;
}

import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@app/core';
import type { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.js';
import { REDIS } from '../redis/redis.module.js';

const FAILURES_PER_ACCOUNT = 5; // then the account is locked for the window
const ATTEMPTS_PER_ADDRESS = 30;
const WINDOW_SECONDS = 15 * 60;

/**
 * Login rate limits kept in Redis, so that they hold across api replicas: failed attempts per account,
 * and all attempts per client address.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  private key(kind: string, value: string): string {
    return `${this.config.QUEUE_PREFIX}:login:${kind}:${value}`;
  }

  /** Counts an attempt from this address and refuses when the address or the account is over its limit. */
  async admit(username: string, address: string): Promise<void> {
    const addressKey = this.key('ip', address);
    const accountKey = this.key('fail', username.toLowerCase());
    const [[, attempts], , [, addressTtl], [, failures], [, accountTtl]] = (await this.redis
      .multi()
      .incr(addressKey)
      .expire(addressKey, WINDOW_SECONDS, 'NX')
      .ttl(addressKey)
      .get(accountKey)
      .ttl(accountKey)
      .exec()) as [[null, number], unknown, [null, number], [null, string | null], [null, number]];
    const addressBlocked = attempts > ATTEMPTS_PER_ADDRESS;
    const accountBlocked = Number(failures ?? 0) >= FAILURES_PER_ACCOUNT;
    if (addressBlocked || accountBlocked) {
      // Wait until every limit that applies has reset.
      const retryAfterSeconds = Math.max(addressBlocked ? addressTtl : 0, accountBlocked ? accountTtl : 0, 1);
      throw new DomainError('AUTH.TOO_MANY_ATTEMPTS', 'too many login attempts; try again later', 'rate_limited', undefined, {
        retryAfterSeconds,
      });
    }
  }

  async recordFailure(username: string): Promise<void> {
    const key = this.key('fail', username.toLowerCase());
    await this.redis.multi().incr(key).expire(key, WINDOW_SECONDS, 'NX').exec();
  }

  async recordSuccess(username: string): Promise<void> {
    await this.redis.del(this.key('fail', username.toLowerCase()));
  }
}

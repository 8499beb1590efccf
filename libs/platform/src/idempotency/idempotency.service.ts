import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Clock, DomainError } from '@app/core';
import type { EntityManager } from 'typeorm';
import { json, readRows, rowMapper } from '../database/rows.js';

export interface IdempotentRequest {
  actorId: string;
  /** The Idempotency-Key header, or undefined when the client sent none. */
  key: string | undefined;
  /** What the key is used for, e.g. 'POST /api/v1/enquiries'. */
  scope: string;
  body: unknown;
}

export interface IdempotentResult<T> {
  value: T;
  replayed: boolean;
}

const keyRow = rowMapper('idempotency_key', { key: 'text' });
/** The stored response is what this service wrote: the first result, as JSON. */
const previousRow = rowMapper('idempotency_key', { scope: 'text', request_hash: 'text', response: json<unknown>() });

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/**
 * Idempotency-Key support (DESIGN.md section 5). The key row is inserted in the same transaction as the
 * write: a concurrent retry waits on it, then returns the stored result; a failed request leaves no key.
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly clock: Clock) {}

  private static validateKey(key: string | undefined): void {
    if (key !== undefined && !KEY_PATTERN.test(key)) {
      throw new DomainError('IDEMPOTENCY.KEY_INVALID', 'Idempotency-Key must be 1-200 visible ASCII characters', 'invalid', 'Idempotency-Key');
    }
  }

  async run<T>(manager: EntityManager, request: IdempotentRequest, work: () => Promise<T>): Promise<IdempotentResult<T>> {
    if (request.key === undefined) return { value: await work(), replayed: false };
    IdempotencyService.validateKey(request.key);
    const requestHash = createHash('sha256').update(JSON.stringify(request.body ?? null)).digest('hex');
    const inserted = readRows(
      keyRow,
      await manager.query(
      `INSERT INTO idempotency_key (actor_id, key, scope, request_hash, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (actor_id, key) DO NOTHING RETURNING key`,
        [request.actorId, request.key, request.scope, requestHash, this.clock.now()],
      ),
    );
    if (inserted.length === 0) {
      const [previous] = readRows(
        previousRow,
        await manager.query('SELECT scope, request_hash, response FROM idempotency_key WHERE actor_id = $1 AND key = $2', [request.actorId, request.key]),
      );
      if (!previous || previous.scope !== request.scope || previous.request_hash !== requestHash) {
        throw new DomainError(
          'IDEMPOTENCY.KEY_REUSED',
          'this Idempotency-Key was already used for a different request',
          'conflict',
          'Idempotency-Key',
        );
      }
      return { value: previous.response as T, replayed: true };
    }
    const value = await work();
    await manager.query('UPDATE idempotency_key SET response = $3 WHERE actor_id = $1 AND key = $2', [
      request.actorId,
      request.key,
      JSON.stringify(value),
    ]);
    return { value, replayed: false };
  }
}

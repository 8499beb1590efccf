import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError } from '@app/core';
import { DataSource } from 'typeorm';
import { json, readRows, rowMapper } from '../database/rows.js';

export interface IdempotentRequest {
  /** The staff member; the public routes share one nil id (their replay needs the identical request). */
  actorId: string;
  /** The Idempotency-Key header. */
  key: string;
  /** Method and route, e.g. 'POST /api/v1/cases/:id/notices'. */
  scope: string;
  /** What must be identical in a retry: the concrete URL and the body. */
  request: unknown;
}

/** The answer to a request, as stored for its retries. */
export interface StoredResponse {
  status: number;
  body: unknown;
}

export const PUBLIC_ACTOR_ID = '00000000-0000-0000-0000-000000000000';

/** How long a key is kept: retries come within minutes; the worker forgets older keys. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3600_000;

const claimRow = rowMapper('idempotency_key', { key: 'text' });
const forgottenRow = rowMapper('idempotency_key', { forgotten: 'int' });
const previousRow = rowMapper('idempotency_key', {
  request_hash: 'text',
  status_code: 'int?',
  response: json<unknown>(),
  created_at: 'timestamp',
});

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;
/** How long a retry waits for the first request with its key to finish, polling every POLL_MS. */
const WAIT_POLLS = 200;
const POLL_MS = 50;
/** A claim older than this belongs to a process that died mid-request: a retry takes it over. */
const ABANDONED_AFTER_MS = 5 * 60_000;

/**
 * Idempotency-Key (DESIGN.md section 5) for every creating route (see IdempotencyInterceptor). The first
 * request with a key claims it (a committed row), does the work, then stores its status and body; a retry
 * gets that stored answer and writes nothing. A retry that comes while the first is still running waits
 * for it, so concurrent duplicates write once. A request that fails releases its key: it wrote nothing.
 */
@Injectable()
export class IdempotencyService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  static validateKey(key: string): void {
    if (!KEY_PATTERN.test(key)) {
      throw new DomainError('IDEMPOTENCY.KEY_INVALID', 'Idempotency-Key must be 1-200 visible ASCII characters', 'invalid', 'Idempotency-Key');
    }
  }

  async run(request: IdempotentRequest, work: () => Promise<StoredResponse>): Promise<StoredResponse & { replayed: boolean }> {
    IdempotencyService.validateKey(request.key);
    const hash = createHash('sha256').update(JSON.stringify(request.request ?? null)).digest('hex');
    const id = [request.actorId, request.scope, request.key];
    for (let poll = 0; ; poll++) {
      if (await this.claim(id, hash)) return { ...(await this.doOnce(id, work)), replayed: false };
      const [previous] = readRows(
        previousRow,
        await this.db.query('SELECT request_hash, status_code, response, created_at FROM idempotency_key WHERE actor_id = $1 AND scope = $2 AND key = $3', id),
      );
      if (!previous) continue; // the first request failed and released the key in between: claim it
      if (previous.request_hash !== hash) {
        throw new DomainError('IDEMPOTENCY.KEY_REUSED', 'this Idempotency-Key was already used for a different request', 'conflict', 'Idempotency-Key');
      }
      if (previous.status_code !== null) return { status: previous.status_code, body: previous.response, replayed: true };
      if (this.clock.now().getTime() - previous.created_at.getTime() > ABANDONED_AFTER_MS && (await this.takeOver(id, previous.created_at))) {
        return { ...(await this.doOnce(id, work)), replayed: false };
      }
      if (poll >= WAIT_POLLS) {
        throw new DomainError('IDEMPOTENCY.IN_PROGRESS', 'a request with this Idempotency-Key is still being processed; retry later', 'conflict', 'Idempotency-Key');
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  /** Deletes the keys older than IDEMPOTENCY_KEY_TTL_MS (a later request with one of them is new); returns how many. */
  async forgetExpired(): Promise<number> {
    const [row] = readRows(
      forgottenRow,
      await this.db.query(
        `WITH gone AS (DELETE FROM idempotency_key WHERE created_at < $1 RETURNING 1) SELECT count(*)::int AS forgotten FROM gone`,
        [new Date(this.clock.now().getTime() - IDEMPOTENCY_KEY_TTL_MS)],
      ),
    );
    return row?.forgotten ?? 0;
  }

  private async claim(id: string[], hash: string): Promise<boolean> {
    const rows = readRows(
      claimRow,
      await this.db.query(
        `INSERT INTO idempotency_key (actor_id, scope, key, request_hash, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (actor_id, scope, key) DO NOTHING RETURNING key`,
        [...id, hash, this.clock.now()],
      ),
    );
    return rows.length > 0;
  }

  private async takeOver(id: string[], claimedAt: Date): Promise<boolean> {
    const rows = readRows(
      claimRow,
      await this.db.query(
        `UPDATE idempotency_key SET created_at = $5 WHERE actor_id = $1 AND scope = $2 AND key = $3 AND created_at = $4 AND status_code IS NULL RETURNING key`,
        [...id, claimedAt, this.clock.now()],
      ),
    );
    return rows.length > 0;
  }

  private async doOnce(id: string[], work: () => Promise<StoredResponse>): Promise<StoredResponse> {
    let response: StoredResponse;
    try {
      response = await work();
    } catch (err) {
      await this.db.query('DELETE FROM idempotency_key WHERE actor_id = $1 AND scope = $2 AND key = $3 AND status_code IS NULL', id);
      throw err;
    }
    await this.db.query('UPDATE idempotency_key SET status_code = $4, response = $5 WHERE actor_id = $1 AND scope = $2 AND key = $3', [
      ...id,
      response.status,
      JSON.stringify(response.body ?? null),
    ]);
    return response;
  }
}

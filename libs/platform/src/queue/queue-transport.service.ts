import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { MIGRATION_ADVISORY_LOCK_KEY } from 'bullmq';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { AppConfig, type QueueBackend } from '../config/app-config.js';
import { REDIS } from '../redis/redis.module.js';
import { queueBackendOf, queueSchema } from './queue-backend.js';

/**
 * What differs between the two queue backends besides BullMQ itself: whether the queue's store answers
 * (health, the sweep's pace) and the sweep's marker, which lives with the jobs so that a store that lost
 * them loses it too. On PostgreSQL the queue is a schema of the service's own database.
 */
@Injectable()
export class QueueTransport implements OnModuleInit {
  private readonly logger = new Logger('QueueBackend');
  readonly backend: QueueBackend;

  constructor(
    private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis | null,
    @InjectDataSource() private readonly db: DataSource,
  ) {
    this.backend = queueBackendOf(config);
  }

  onModuleInit(): void {
    const where = this.backend === 'redis' ? 'Redis' : `PostgreSQL (schema ${queueSchema(this.config.QUEUE_PREFIX)}, alerts by LISTEN/NOTIFY)`;
    this.logger.log({ queueBackend: this.backend, reason: this.config.queueBackendReason }, `deadline queue and alert stream on ${where}: ${this.config.queueBackendReason ?? 'chosen'}`);
  }

  /** Redis, when the queue runs on it (null on PostgreSQL). */
  get redisClient(): Redis | null {
    return this.redis;
  }

  /**
   * While true no job fires (the sweep alone does): Redis is unreachable. Never on PostgreSQL, where the
   * queue is down only with the database, and then nothing else works either.
   */
  get down(): boolean {
    return this.redis !== null && this.redis.status !== 'ready';
  }

  /** For readiness: throws, naming why, when the queue's store does not answer. */
  async ping(): Promise<void> {
    if (!this.redis) {
      await this.db.query('SELECT 1');
      return;
    }
    // A client that is reconnecting would queue the PING until Redis is back: answer at once.
    if (this.redis.status !== 'ready') throw new Error(`redis connection is ${this.redis.status}`);
    if ((await this.redis.ping()) !== 'PONG') throw new Error('unexpected PING reply');
  }

  /** The value of the marker `name` in the queue's store, or null when the store has none (it lost its jobs). */
  async getMarker(name: string): Promise<string | null> {
    if (this.redis) return this.redis.get(this.markerKey(name));
    const [row] = (await this.db.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [`${this.schema()}.sw_marker`])) as Array<{ present: boolean }>;
    if (!row?.present) return null;
    const [found] = (await this.db.query(`SELECT value FROM ${this.schema()}.sw_marker WHERE name = $1`, [name])) as Array<{ value: string }>;
    return found?.value ?? null;
  }

  /**
   * Sets the marker. On PostgreSQL its table is made in the queue's schema at first use, not by a
   * migration: the schema is BullMQ's, made by BullMQ at run time, and the marker must go with it.
   */
  async setMarker(name: string, value: string): Promise<void> {
    if (this.redis) {
      await this.redis.set(this.markerKey(name), value);
      return;
    }
    await this.db.transaction(async (m) => {
      // BullMQ's migrator holds this lock while it creates the schema: a CREATE SCHEMA beside it would fail.
      await m.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [MIGRATION_ADVISORY_LOCK_KEY, queueSchema(this.config.QUEUE_PREFIX)]);
      await m.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema()}`);
      await m.query(`CREATE TABLE IF NOT EXISTS ${this.schema()}.sw_marker (name text PRIMARY KEY, value text NOT NULL)`);
      await m.query(`INSERT INTO ${this.schema()}.sw_marker (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value`, [name, value]);
    });
  }

  private markerKey(name: string): string {
    return `${this.config.QUEUE_PREFIX}:${name}`;
  }

  /** Safe to interpolate: queueSchema gives letters, digits and '_' only (QUEUE_PREFIX is validated). */
  private schema(): string {
    return `"${queueSchema(this.config.QUEUE_PREFIX)}"`;
  }
}

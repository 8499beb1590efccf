import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, pageOf, type Actor, type Page } from '@app/core';
import type { Redis } from 'ioredis';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { readRows, readTotal } from '../database/rows.js';
import { QueueTransport } from '../queue/queue-transport.service.js';
import { withinRedisBound } from '../redis/redis-state.js';
import { alertChannel, alertRow, alertView, notifyAlerts, type AlertView, type NewAlert } from './alert.js';

/** Alerts kept in memory to stream once Redis is back; more are left to the inbox alone. */
const MAX_UNSENT = 10_000;

/**
 * Each staff member's inbox (their alerts), for every library: the clocks' escalations and the news that
 * puts work on someone's desk. An alert is written in the transaction of the change it reports, then
 * published after commit to the api processes, which stream it to whoever is connected. On the PostgreSQL
 * queue backend a NOTIFY of the alerts' ids goes in that same transaction instead (delivered on commit).
 */
@Injectable()
export class Inbox {
  private readonly logger = new Logger(Inbox.name);
  /** Ids of alerts this process could not publish while Redis was down. */
  private readonly unsent = new Set<string>();
  /** Where alerts are published; null on the PostgreSQL backend (NOTIFY in `notify`). */
  private readonly redis: Redis | null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    queue: QueueTransport,
  ) {
    this.redis = queue.redisClient;
    this.redis?.on('ready', () => void this.publishUnsent());
  }

  /** Writes alerts in the caller's transaction; publish the returned views after commit. */
  async notify(m: EntityManager, alerts: NewAlert[]): Promise<AlertView[]> {
    if (alerts.length === 0) return [];
    const now = this.clock.now();
    const column = <T>(pick: (a: NewAlert) => T) => alerts.map(pick);
    const rows = readRows(
      alertRow,
      await m.query(
        `INSERT INTO alert (recipient_id, acting_for, unit_id, kind, subject_id, event, level, title, step, due_at, summary, link, created_at)
         SELECT a.recipient_id, a.acting_for, a.unit_id, a.kind, a.subject_id, a.event, a.level, a.title, a.step, a.due_at, a.summary, a.link, $13
           FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], $10::timestamptz[], $11::jsonb[], $12::text[])
                AS a(recipient_id, acting_for, unit_id, kind, subject_id, event, level, title, step, due_at, summary, link)
         RETURNING *`,
        [
          column((a) => a.recipientId),
          column((a) => a.actingFor ?? null),
          column((a) => a.unitId),
          column((a) => a.kind),
          column((a) => a.subjectId),
          column((a) => a.event),
          column((a) => a.level),
          column((a) => a.title),
          column((a) => a.step ?? null),
          column((a) => a.dueAt ?? null),
          column((a) => JSON.stringify(a.summary ?? {})),
          column((a) => a.link ?? null),
          now,
        ],
      ),
    );
    if (!this.redis) await notifyAlerts(m, this.config.QUEUE_PREFIX, rows.map((r) => r.id));
    return rows.map(alertView);
  }

  /**
   * After commit: to the api processes' streams. Never waits on Redis for long: while it is down the
   * alerts (already in the inbox) are kept and streamed from their rows once it is back.
   */
  async publish(alerts: AlertView[]): Promise<void> {
    if (alerts.length === 0 || !this.redis) return;
    if (this.redis.status !== 'ready') return this.keepUnsent(alerts);
    const sent = this.redis.publish(alertChannel(this.config.QUEUE_PREFIX), JSON.stringify(alerts));
    // Only a publish that finally failed is sent again: one that was just slow has reached Redis.
    sent.catch(() => this.keepUnsent(alerts));
    await withinRedisBound('publishing alerts', sent).catch((err: unknown) => {
      this.logger.warn({ err, alerts: alerts.length }, 'alerts not streamed yet (they are in the inbox)');
    });
  }

  private keepUnsent(alerts: AlertView[]): void {
    for (const a of alerts) if (this.unsent.size < MAX_UNSENT) this.unsent.add(a.id);
  }

  /** Streams, from their rows, the alerts that could not be published while Redis was down. */
  private async publishUnsent(): Promise<void> {
    if (this.unsent.size === 0 || !this.redis) return;
    const ids = [...this.unsent];
    this.unsent.clear();
    try {
      const rows = readRows(alertRow, await this.db.query('SELECT * FROM alert WHERE id = ANY($1::uuid[]) ORDER BY created_at, id', [ids]));
      for (let i = 0; i < rows.length; i += 500) await this.publish(rows.slice(i, i + 500).map(alertView));
      this.logger.log({ alerts: rows.length }, 'alerts held while Redis was down are streamed');
    } catch (err) {
      this.logger.warn({ err }, 'alerts held while Redis was down were not streamed (they are in the inbox)');
    }
  }

  /** The caller's own inbox, newest first. */
  async list(actor: Actor, q: { unread?: boolean; page?: number; pageSize?: number }): Promise<Page<AlertView>> {
    const { page, pageSize, offset } = pageOf(q);
    const where = 'recipient_id = $1 AND (NOT $2 OR read_at IS NULL)';
    const [rows, counted] = await Promise.all([
      this.db.query(`SELECT * FROM alert WHERE ${where} ORDER BY created_at DESC, id LIMIT $3 OFFSET $4`, [actor.id, q.unread ?? false, pageSize, offset]),
      this.db.query(`SELECT count(*)::int AS total FROM alert WHERE ${where}`, [actor.id, q.unread ?? false]),
    ]);
    return { items: readRows(alertRow, rows).map(alertView), total: readTotal(counted), page, pageSize };
  }

  async markRead(actor: Actor, id: string): Promise<AlertView> {
    const [row] = readRows(
      alertRow,
      await this.db.query(`UPDATE alert SET read_at = coalesce(read_at, $3) WHERE id = $1 AND recipient_id = $2 RETURNING *`, [
        id,
        actor.id,
        this.clock.now(),
      ]),
    );
    if (!row) throw DomainError.notFound('alert', id, 'id');
    return alertView(row);
  }
}

import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, type Actor } from '@app/core';
import { AppConfig, REDIS, returningRows } from '@app/platform';
import type { Redis } from 'ioredis';
import { filter, Observable, Subject } from 'rxjs';
import { DataSource } from 'typeorm';
import { alertChannel, alertView, type AlertRow, type AlertView } from './escalation.service.js';

/** Supervisors' inbox: the alerts of fired steps, and a live stream of new ones. */
@Injectable()
export class AlertsService implements OnModuleInit, OnApplicationShutdown {
  private subscriber: Redis | undefined;
  private readonly incoming = new Subject<AlertView>();
  /** Resolves once this process listens for alerts fired anywhere. */
  ready: Promise<unknown> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async list(actor: Actor, q: { unread?: boolean; page?: number; pageSize?: number }) {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const where = 'recipient_id = $1 AND (NOT $2 OR read_at IS NULL)';
    const [rows, [{ total }]] = (await Promise.all([
      this.db.query(`SELECT * FROM alert WHERE ${where} ORDER BY created_at DESC, id LIMIT $3 OFFSET $4`, [actor.id, q.unread ?? false, pageSize, (page - 1) * pageSize]),
      this.db.query(`SELECT count(*)::int AS total FROM alert WHERE ${where}`, [actor.id, q.unread ?? false]),
    ])) as [AlertRow[], Array<{ total: number }>];
    return { items: rows.map(alertView), total, page, pageSize };
  }

  async markRead(actor: Actor, id: string): Promise<AlertView> {
    const [row] = returningRows<AlertRow>(
      await this.db.query(`UPDATE alert SET read_at = coalesce(read_at, $3) WHERE id = $1 AND recipient_id = $2 RETURNING *`, [
        id,
        actor.id,
        this.clock.now(),
      ]),
    );
    if (!row) throw DomainError.notFound('alert', id, 'id');
    return alertView(row);
  }

  onModuleInit(): void {
    this.subscriber = this.redis.duplicate();
    this.subscriber.on('message', (_channel: string, message: string) => {
      for (const alert of JSON.parse(message) as AlertView[]) this.incoming.next(alert);
    });
    // Not awaited: a Redis that is down must not block start-up (the inbox still has every alert).
    this.ready = this.subscriber.subscribe(alertChannel(this.config.QUEUE_PREFIX)).catch(() => undefined);
  }

  /** New alerts for one staff member, as they are fired by any worker (Redis pub/sub). */
  stream(actor: Actor): Observable<AlertView> {
    return this.incoming.pipe(filter((a) => a.recipientId === actor.id));
  }

  onApplicationShutdown(): void {
    this.incoming.complete();
    this.subscriber?.disconnect();
  }
}

import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@app/core';
import type { Redis } from 'ioredis';
import { filter, from, interval, mergeMap, Observable, Subject, Subscription, timer } from 'rxjs';
import { SESSION_CHECK_MS, SessionService } from '../auth/session.service.js';
import { msUntilTokenExpiry, type SessionRef } from '../auth/token.service.js';
import type { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { readRows } from '../database/rows.js';
import { QueueTransport } from '../queue/queue-transport.service.js';
import { watchRedisState } from '../redis/redis-state.js';
import { alertChannel, alertRow, alertView, parseAlertIds, type AlertView } from './alert.js';
import { PgAlertListener } from './pg-alert-listener.js';

/** Streams one staff member may hold open in this process; a further one closes the oldest. */
export const MAX_STREAMS_PER_STAFF = 5;

/** Why a stream was closed by the server: the client should log in again, or has too many tabs. */
export type StreamEndReason = 'token_expired' | 'session_ended' | 'too_many_streams';

export type StreamItem = { kind: 'alert'; alert: AlertView } | { kind: 'end'; reason: StreamEndReason };

/** The alerts of one message on the channel, or null when it is not what the writers publish. */
function parseAlerts(message: string): AlertView[] | null {
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return null;
  }
  const isAlert = (a: unknown) => typeof a === 'object' && a !== null && typeof (a as AlertView).id === 'string' && typeof (a as AlertView).recipientId === 'string';
  return Array.isArray(value) && value.every(isAlert) ? (value as AlertView[]) : null;
}

/**
 * The live side of the inbox, for the api role only: alerts fired by any worker reach this process
 * through Redis pub/sub (or, on the PostgreSQL queue backend, a NOTIFY of their ids, read back from the
 * table) and go out on each recipient's server-sent-event stream. A stream lives no longer
 * than its access token and its session.
 */
@Injectable()
export class AlertStream implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(AlertStream.name);
  private subscriber: Redis | undefined;
  private listener: PgAlertListener | undefined;
  private readonly incoming = new Subject<AlertView>();
  private readonly open = new Map<string, Array<{ end: (reason: StreamEndReason) => void }>>();
  /** Resolves once this process listens for alerts fired anywhere. */
  ready: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly config: AppConfig,
    private readonly queue: QueueTransport,
    private readonly sessions: SessionService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  onModuleInit(): void {
    const redis = this.queue.redisClient;
    if (!redis) return this.listen();
    this.subscriber = redis.duplicate();
    watchRedisState(this.subscriber, 'alert-subscriber', this.logger);
    this.subscriber.on('message', (channel: string, message: string) => {
      // Anyone who can publish on Redis can send anything: a message that is not a list of alerts is
      // dropped (a throw here would be uncaught and end the process).
      const alerts = parseAlerts(message);
      if (!alerts) {
        this.logger.warn({ channel, length: message.length, start: message.slice(0, 80) }, 'dropped a malformed message on the alerts channel');
        return;
      }
      for (const alert of alerts) this.incoming.next(alert);
    });
    // Not awaited: a Redis that is down must not block start-up (the inbox still has every alert).
    this.ready = this.subscriber.subscribe(alertChannel(this.config.QUEUE_PREFIX)).catch(() => undefined);
  }

  /** The PostgreSQL backend: one LISTEN connection; each NOTIFY names alerts, read here from the table. */
  private listen(): void {
    const channel = alertChannel(this.config.QUEUE_PREFIX);
    this.listener = new PgAlertListener(this.config.DATABASE_URL, channel, (payload) => void this.readAndStream(channel, payload), this.logger);
    // Not awaited, as with Redis: the inbox has every alert whatever happens to the stream.
    this.ready = this.listener.start();
  }

  private async readAndStream(channel: string, payload: string | undefined): Promise<void> {
    const ids = parseAlertIds(payload);
    if (!ids) {
      this.logger.warn({ channel, length: payload?.length ?? 0, start: payload?.slice(0, 80) }, 'dropped a malformed notification on the alerts channel');
      return;
    }
    try {
      const rows = readRows(alertRow, await this.db.query('SELECT * FROM alert WHERE id = ANY($1::uuid[]) ORDER BY created_at, id', [ids]));
      for (const row of rows) this.incoming.next(alertView(row));
    } catch (err) {
      this.logger.warn({ err, alerts: ids.length }, 'notified alerts not streamed (they are in the inbox)');
    }
  }

  /**
   * New alerts for one staff member, as they are fired by any worker, until the access token expires or
   * the session ends (logout, deactivation, a role change: seen at once here, within seconds elsewhere),
   * or a sixth stream of the same staff member pushes this one out. The last item says why.
   */
  stream(actor: Actor, session: SessionRef): Observable<StreamItem> {
    return new Observable<StreamItem>((subscriber) => {
      const subscriptions = new Subscription();
      const entry = {
        end: (reason: StreamEndReason) => {
          if (subscriber.closed) return;
          subscriber.next({ kind: 'end', reason });
          subscriber.complete();
        },
      };
      subscriptions.add(this.incoming.pipe(filter((a) => a.recipientId === actor.id)).subscribe((alert) => subscriber.next({ kind: 'alert', alert })));
      subscriptions.add(timer(Math.max(0, msUntilTokenExpiry(session))).subscribe(() => entry.end('token_expired')));
      subscriptions.add(
        this.sessions.ended$
          .pipe(filter((e) => e.staffId === actor.id && (e.sessionId === undefined || e.sessionId === session.id)))
          .subscribe(() => entry.end('session_ended')),
      );
      // Ends in other processes reach this one only through the database.
      subscriptions.add(
        interval(SESSION_CHECK_MS)
          .pipe(mergeMap(() => from(this.sessions.isLive(session).catch(() => true))))
          .subscribe((live) => {
            if (!live) entry.end('session_ended');
          }),
      );

      const mine = this.open.get(actor.id) ?? [];
      mine.push(entry);
      this.open.set(actor.id, mine);
      // Each end removes its stream from `mine` (the teardown below).
      for (const oldest of mine.slice(0, Math.max(0, mine.length - MAX_STREAMS_PER_STAFF))) oldest.end('too_many_streams');

      return () => {
        subscriptions.unsubscribe();
        const at = mine.indexOf(entry);
        if (at >= 0) mine.splice(at, 1);
        if (mine.length === 0 && this.open.get(actor.id) === mine) this.open.delete(actor.id);
      };
    });
  }

  /** Whether this process has a subscriber open (the worker role has none). */
  get subscribed(): boolean {
    return this.subscriber !== undefined || this.listener !== undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    this.incoming.complete();
    this.subscriber?.disconnect();
    await this.listener?.close();
  }
}

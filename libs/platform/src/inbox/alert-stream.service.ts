import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Actor } from '@app/core';
import type { Redis } from 'ioredis';
import { filter, from, interval, mergeMap, Observable, Subject, Subscription, timer } from 'rxjs';
import { SESSION_CHECK_MS, SessionService } from '../auth/session.service.js';
import { msUntilTokenExpiry, type SessionRef } from '../auth/token.service.js';
import { AppConfig } from '../config/app-config.js';
import { REDIS } from '../redis/redis.module.js';
import { watchRedisState } from '../redis/redis-state.js';
import { alertChannel, type AlertView } from './alert.js';

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
 * through Redis pub/sub and go out on each recipient's server-sent-event stream. A stream lives no longer
 * than its access token and its session.
 */
@Injectable()
export class AlertStream implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(AlertStream.name);
  private subscriber: Redis | undefined;
  private readonly incoming = new Subject<AlertView>();
  private readonly open = new Map<string, Array<{ end: (reason: StreamEndReason) => void }>>();
  /** Resolves once this process listens for alerts fired anywhere. */
  ready: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly sessions: SessionService,
  ) {}

  onModuleInit(): void {
    this.subscriber = this.redis.duplicate();
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
    return this.subscriber !== undefined;
  }

  onApplicationShutdown(): void {
    this.incoming.complete();
    this.subscriber?.disconnect();
  }
}

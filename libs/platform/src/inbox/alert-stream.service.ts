import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Actor } from '@app/core';
import type { Redis } from 'ioredis';
import { filter, Observable, Subject } from 'rxjs';
import { AppConfig } from '../config/app-config.js';
import { REDIS } from '../redis/redis.module.js';
import { alertChannel, type AlertView } from './alert.js';

/**
 * The live side of the inbox, for the api role only: alerts fired by any worker reach this process
 * through Redis pub/sub and go out on each recipient's server-sent-event stream.
 */
@Injectable()
export class AlertStream implements OnModuleInit, OnApplicationShutdown {
  private subscriber: Redis | undefined;
  private readonly incoming = new Subject<AlertView>();
  /** Resolves once this process listens for alerts fired anywhere. */
  ready: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  onModuleInit(): void {
    this.subscriber = this.redis.duplicate();
    this.subscriber.on('message', (_channel: string, message: string) => {
      for (const alert of JSON.parse(message) as AlertView[]) this.incoming.next(alert);
    });
    // Not awaited: a Redis that is down must not block start-up (the inbox still has every alert).
    this.ready = this.subscriber.subscribe(alertChannel(this.config.QUEUE_PREFIX)).catch(() => undefined);
  }

  /** New alerts for one staff member, as they are fired by any worker. */
  stream(actor: Actor): Observable<AlertView> {
    return this.incoming.pipe(filter((a) => a.recipientId === actor.id));
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

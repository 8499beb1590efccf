import { Controller, Get, HttpCode, Param, Post, Query, Sse, type MessageEvent } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString } from 'class-validator';
import type { Actor } from '@app/core';
import { interval, map, merge, of, takeWhile, type Observable } from 'rxjs';
import { CurrentActor, CurrentSession, TokenInQuery } from '../auth/auth.decorators.js';
import type { SessionRef } from '../auth/token.service.js';
import { AppConfig } from '../config/app-config.js';
import { IdParam, PageQuery } from '../http/validators.js';
import { AlertStream } from './alert-stream.service.js';
import { Inbox } from './inbox.service.js';

class AlertsQuery extends PageQuery {
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean() unread?: boolean;
}

class StreamQuery {
  @IsOptional() @IsString() access_token?: string;
}

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/v1/alerts')
export class AlertsController {
  constructor(
    private readonly alerts: Inbox,
    private readonly live: AlertStream,
    private readonly config: AppConfig,
  ) {}

  /** The caller's own inbox, newest first. */
  @Get()
  list(@CurrentActor() actor: Actor, @Query() q: AlertsQuery) {
    return this.alerts.list(actor, q);
  }

  /**
   * Server-sent events: each alert for the caller as it is written. A first `ready` event says the
   * stream is live; a `heartbeat` every ALERT_HEARTBEAT_SECONDS keeps proxies from closing an idle
   * stream; a last `end` event ({reason}) comes before the server closes it: the access token expired or
   * the session ended (reconnect with a fresh token), or the caller opened more than 5.
   * EventSource clients pass the token as ?access_token=.
   */
  @Sse('stream')
  @TokenInQuery()
  stream(@CurrentActor() actor: Actor, @CurrentSession() session: SessionRef, @Query() _q: StreamQuery): Observable<MessageEvent> {
    const items = this.live.stream(actor, session);
    return merge(
      of({ type: 'ready', data: { recipientId: actor.id } }),
      items.pipe(map((item) => (item.kind === 'alert' ? { type: 'alert', id: item.alert.id, data: item.alert } : { type: 'end', data: { reason: item.reason } }))),
      interval(this.config.ALERT_HEARTBEAT_SECONDS * 1000).pipe(map(() => ({ type: 'heartbeat', data: {} }))),
    ).pipe(takeWhile((event) => event.type !== 'end', true));
  }

  @Post(':id/read')
  @HttpCode(200)
  markRead(@CurrentActor() actor: Actor, @Param() p: IdParam) {
    return this.alerts.markRead(actor, p.id);
  }
}

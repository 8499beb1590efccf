import { Controller, Get, HttpCode, Param, Post, Query, Sse, type MessageEvent } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString } from 'class-validator';
import type { Actor } from '@app/core';
import { interval, map, merge, of, type Observable } from 'rxjs';
import { CurrentActor, TokenInQuery } from '../auth/auth.decorators.js';
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
   * stream. EventSource clients pass the token as ?access_token=.
   */
  @Sse('stream')
  @TokenInQuery()
  stream(@CurrentActor() actor: Actor, @Query() _q: StreamQuery): Observable<MessageEvent> {
    return merge(
      of({ type: 'ready', data: { recipientId: actor.id } }),
      this.live.stream(actor).pipe(map((alert) => ({ type: 'alert', id: alert.id, data: alert }))),
      interval(this.config.ALERT_HEARTBEAT_SECONDS * 1000).pipe(map(() => ({ type: 'heartbeat', data: {} }))),
    );
  }

  @Post(':id/read')
  @HttpCode(200)
  markRead(@CurrentActor() actor: Actor, @Param() p: IdParam) {
    return this.alerts.markRead(actor, p.id);
  }
}

import { Controller, Get, HttpCode, Param, Post, Query, Sse, type MessageEvent } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString } from 'class-validator';
import type { Actor } from '@app/core';
import { CurrentActor, IdParam, PageQuery, TokenInQuery } from '@app/platform';
import { map, merge, of, type Observable } from 'rxjs';
import { AlertStream } from './alert-stream.service.js';
import { AlertsService } from './alerts.service.js';

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
    private readonly alerts: AlertsService,
    private readonly live: AlertStream,
  ) {}

  /** The caller's own inbox, newest first. */
  @Get()
  list(@CurrentActor() actor: Actor, @Query() q: AlertsQuery) {
    return this.alerts.list(actor, q);
  }

  /**
   * Server-sent events: each alert for the caller as its step fires. A first `ready` event says the
   * stream is live. EventSource clients pass the token as ?access_token=.
   */
  @Sse('stream')
  @TokenInQuery()
  stream(@CurrentActor() actor: Actor, @Query() _q: StreamQuery): Observable<MessageEvent> {
    return merge(
      of({ type: 'ready', data: { recipientId: actor.id } }),
      this.live.stream(actor).pipe(map((alert) => ({ type: 'alert', id: alert.id, data: alert }))),
    );
  }

  @Post(':id/read')
  @HttpCode(200)
  markRead(@CurrentActor() actor: Actor, @Param() p: IdParam) {
    return this.alerts.markRead(actor, p.id);
  }
}

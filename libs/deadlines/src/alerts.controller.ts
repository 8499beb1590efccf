import { Controller, Get, HttpCode, Param, Post, Query, Sse, type MessageEvent } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import type { Actor } from '@app/core';
import { CurrentActor, IdParam, TokenInQuery } from '@app/platform';
import { map, merge, of, type Observable } from 'rxjs';
import { AlertsService } from './alerts.service.js';

class AlertsQuery {
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean() unread?: boolean;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100_000) page?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
}

class StreamQuery {
  @IsOptional() @IsString() access_token?: string;
}

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/v1/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

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
      this.alerts.stream(actor).pipe(map((alert) => ({ type: 'alert', id: alert.id, data: alert }))),
    );
  }

  @Post(':id/read')
  @HttpCode(200)
  markRead(@CurrentActor() actor: Actor, @Param() p: IdParam) {
    return this.alerts.markRead(actor, p.id);
  }
}

import { applyDecorators, Injectable, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import type { Actor } from '@app/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, map, type Observable } from 'rxjs';
import { IdempotencyService, PUBLIC_ACTOR_ID } from './idempotency.service.js';

export const IDEMPOTENT = Symbol('IDEMPOTENT');

/**
 * The route creates something: a retry with the same Idempotency-Key gets the first answer and writes
 * nothing new (DESIGN.md section 5). Every POST that answers 201 carries it (test/idempotency.e2e-spec.ts).
 */
export const Idempotent = () =>
  applyDecorators(
    SetMetadata(IDEMPOTENT, true),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a retry with the same key returns the first result and writes nothing new' }),
  );

/**
 * Applies Idempotency-Key to the routes marked @Idempotent(), for every role (registered globally). It runs
 * after the guards (the caller is known) and before validation: a retry of a request that was refused
 * is refused again, as nothing was stored for it.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: IdempotencyService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http' || !this.reflector.get<boolean | undefined>(IDEMPOTENT, context.getHandler())) return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest & { actor?: Actor }>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const header = request.headers['idempotency-key'];
    if (header === undefined) return next.handle();
    const key = Array.isArray(header) ? header.join(',') : header;
    const run = this.keys.run(
      {
        actorId: request.actor?.id ?? PUBLIC_ACTOR_ID,
        key,
        scope: `${request.method} ${request.routeOptions.url ?? request.url}`,
        request: { url: request.url, body: request.body ?? null },
      },
      async () => {
        const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
        return { status: reply.statusCode, body };
      },
    );
    return from(run).pipe(
      map((answer) => {
        if (answer.replayed) void reply.status(answer.status).header('idempotent-replayed', 'true');
        return answer.body;
      }),
    );
  }
}

import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { DomainError } from '@app/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problem, problemFromDomainError, PROBLEM_CONTENT_TYPE, RequestValidationError, type Problem } from './problem.js';

/** Fastify's own errors (body parsing, limits) carry a code. */
interface FastifyLikeError {
  code?: string;
}

const FASTIFY_CODES: Record<string, [number, string, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'REQUEST.MALFORMED_JSON', 'the request body is not valid JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'REQUEST.EMPTY_BODY', 'the request body is empty'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'REQUEST.TOO_LARGE', 'the request body is too large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'REQUEST.BAD_CONTENT_LENGTH', 'the Content-Length header is wrong'],
  FST_ERR_BAD_URL: [400, 'REQUEST.BAD_URL', 'the URL is not valid (a % must start a percent-encoded byte)'],
  FST_ERR_MAX_PARAM_LENGTH: [414, 'REQUEST.URL_TOO_LONG', 'a part of the URL is too long'],
};

/** Maps any thrown error to RFC 9457 problem+json. Internals never leave the process. */
export function toProblem(error: unknown): Problem | null {
  if (error instanceof DomainError) return problemFromDomainError(error);
  if (error instanceof RequestValidationError) {
    return problem(400, 'REQUEST.INVALID', error.message, error.errors);
  }
  // Nest wraps Fastify's own errors (body parsing, size limits) in an HttpException with the original as cause.
  const fastifyCode = ((error instanceof HttpException ? error.cause : error) as FastifyLikeError | undefined)?.code;
  const known = typeof fastifyCode === 'string' ? FASTIFY_CODES[fastifyCode] : undefined;
  if (known) return problem(known[0], known[1], known[2]);
  if (error instanceof HttpException) {
    const status = error.getStatus();
    // Terminus answers 503 with the state of each dependency: pass it on.
    if (status === 503) return { ...problem(503, 'SERVICE.UNAVAILABLE', 'a dependency is down'), checks: error.getResponse() };
    if (status >= 500) return null;
    return problem(status, `HTTP.${status}`, typeof error.getResponse() === 'string' ? error.message : describe(error));
  }
  return null;
}

function describe(error: HttpException): string {
  const body = error.getResponse() as { message?: unknown };
  return typeof body?.message === 'string' ? body.message : error.message;
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: unknown, logger: Logger): void {
  const requestId = String(request.id);
  let body = toProblem(error);
  if (!body) {
    logger.error({ err: error, requestId }, 'unhandled error');
    body = problem(500, 'INTERNAL', `An internal error occurred. Quote request id ${requestId} when reporting it.`);
  }
  body.instance = request.url.split('?')[0];
  body.requestId = requestId;
  const retryAfter = body.retryAfterSeconds;
  if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
  void reply.status(body.status).header('content-type', PROBLEM_CONTENT_TYPE).send(body);
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(http.getResponse<FastifyReply>(), http.getRequest<FastifyRequest>(), error, this.logger);
  }
}

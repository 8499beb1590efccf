import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { jsonDeeperThan, MAX_JSON_DEPTH } from './json-depth.js';
import { problem, PROBLEM_CONTENT_TYPE, RequestValidationError } from './problem.js';
import { sendProblem } from './problem.filter.js';

const logger = new Logger('Http');

/**
 * Errors Fastify meets before a route exists for the request (a URL with bad percent-encoding, a path
 * parameter too long): answered as problem+json with a request id, through the one filter's mapping.
 */
export function frameworkErrors(error: Error, request: FastifyRequest, reply: FastifyReply): void {
  void reply.header('x-request-id', request.id);
  sendProblem(reply, request, error, logger);
}

/**
 * Errors Node's HTTP parser meets before there is a request at all (a request line and headers over the
 * 16 KB limit: 431; garbage: 400): a problem+json written on the socket, with a request id of its own.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable) return;
  const requestId = randomUUID();
  const [status, code, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'REQUEST.HEADERS_TOO_LARGE', 'the URL and headers are too long (16 KB at most)']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'REQUEST.TIMEOUT', 'the request took too long to arrive']
        : [400, 'REQUEST.MALFORMED_HTTP', 'the request is not valid HTTP'];
  logger.debug({ err: error, requestId }, 'refused a malformed request');
  const body = JSON.stringify({ ...problem(status, code, detail), requestId });
  socket.end(
    `HTTP/1.1 ${status} ${problem(status, code, detail).title}\r\n` +
      `content-type: ${PROBLEM_CONTENT_TYPE}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nx-request-id: ${requestId}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/**
 * JSON bodies as Fastify parses them (prototype poisoning refused), but nested no deeper than
 * MAX_JSON_DEPTH: a deeper body is a 400 before any code walks it.
 */
export function limitJsonDepth(app: NestFastifyApplication, bodyLimit: number): void {
  const parse = app.getHttpAdapter().getInstance().getDefaultJsonParser('error', 'error');
  app.useBodyParser('application/json', { bodyLimit }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (jsonDeeperThan(text)) {
      done(
        new RequestValidationError([
          { field: '(body)', code: 'too_deep', message: `the request body must not nest arrays and objects more than ${MAX_JSON_DEPTH} levels deep` },
        ]),
        undefined,
      );
      return;
    }
    void parse(request as Parameters<typeof parse>[0], text, done);
  });
}

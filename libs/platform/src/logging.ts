import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import type { LoggerService } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { pino, type Level, type Logger, type LoggerOptions } from 'pino';
import type { AppConfig } from './config/app-config.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The levels at which the request lines (info) are written. */
const LINE_LEVELS = new Set<string>(['info', 'debug', 'trace']);

/** The raw request once Fastify has read the client's address through the trusted proxies. */
export type ClientAddressed = IncomingMessage & { clientAddress?: string };

/**
 * The request id: the caller's X-Request-Id when it is sane, else a new UUID. Fastify calls this first;
 * we keep it on the raw request so that the request's log line and the error filter use the same id.
 */
export function requestId(raw: IncomingMessage): string {
  const req = raw as IncomingMessage & { id?: string };
  if (req.id) return req.id;
  const header = req.headers['x-request-id'];
  req.id = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
  return req.id;
}

/** EventSource clients send the token as ?access_token= (alerts stream): it never reaches a log line. */
const withoutToken = (url: string | undefined) => url?.replace(/([?&]access_token=)[^&]*/g, '$1[Redacted]');

/**
 * The process's logger: structured JSON lines (pino), pretty-printed at a terminal. `stream` is where the
 * lines go (stdout unless a test captures them).
 */
export function rootLogger(config: AppConfig, stream?: Writable): Logger {
  const options: LoggerOptions = {
    level: config.LOG_LEVEL,
    redact: ['req.headers.authorization', 'req.headers.cookie'],
    serializers: { err: pino.stdSerializers.err },
  };
  // A person at a terminal reads lines, a log collector reads JSON: pretty only when stdout is a TTY.
  if (!stream && process.stdout.isTTY) {
    options.transport = { target: 'pino-pretty', options: { translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l', ignore: 'pid,hostname' } };
  }
  return stream ? pino(options, stream) : pino(options);
}

/**
 * Nest's own logging (and every `new Logger(context)` in the libraries) written through pino: the context
 * a field, an object first argument merged into the line, an Error as `err`.
 */
export class AppLogger implements LoggerService {
  constructor(readonly pino: Logger) {}

  verbose(message: unknown, ...rest: unknown[]) { this.write('trace', message, rest); }
  debug(message: unknown, ...rest: unknown[]) { this.write('debug', message, rest); }
  log(message: unknown, ...rest: unknown[]) { this.write('info', message, rest); }
  warn(message: unknown, ...rest: unknown[]) { this.write('warn', message, rest); }
  error(message: unknown, ...rest: unknown[]) { this.write('error', message, rest); }
  fatal(message: unknown, ...rest: unknown[]) { this.write('fatal', message, rest); }

  private write(level: Level, message: unknown, rest: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    // Nest passes the logger's context last.
    const fields: Record<string, unknown> = rest.length ? { context: rest[rest.length - 1] } : {};
    const params = rest.slice(0, -1);
    if (message instanceof Error) {
      this.pino[level]({ ...fields, err: message }, ...(params as [string?]));
    } else if (typeof message === 'object' && message !== null) {
      this.pino[level]({ ...fields, ...message }, ...(params as [string?]));
    } else if (level === 'error' && params.length === 1 && typeof params[0] === 'string' && /\n\s+at /.test(params[0])) {
      // Nest's own exception handlers call error(message, stack, context).
      const err = new Error(String(message));
      err.stack = params[0];
      this.pino.error({ ...fields, err });
    } else {
      this.pino[level](fields, String(message), ...params);
    }
  }
}

/**
 * One line per request when it has finished (or its connection closed: an alert stream), at info: its id,
 * method, URL, status and time, and the client's address behind TRUST_PROXY. Above info nothing is done per
 * request, and no per-request logger or request-scoped storage is made at any level: a line logged inside a
 * request names its request id itself (the error filter does).
 */
export function logRequests(fastify: FastifyInstance, logger: Logger): void {
  if (!LINE_LEVELS.has(logger.level)) return;
  fastify.addHook('onRequest', (request, reply, done) => {
    const raw = request.raw as ClientAddressed;
    if (raw.url === '/health' || raw.url?.startsWith('/health/')) return done();
    const res: ServerResponse = reply.raw;
    const finished = (error?: Error) => {
      res.off('close', finished).off('finish', finished).off('error', finished);
      const line = {
        requestId: request.id,
        req: { method: raw.method, url: withoutToken(raw.url), headers: raw.headers, remoteAddress: raw.socket?.remoteAddress },
        ...(raw.clientAddress === undefined ? {} : { clientAddress: raw.clientAddress }),
        res: { statusCode: res.statusCode },
        responseTime: Math.round(reply.elapsedTime),
      };
      if (error || res.statusCode >= 500) logger.error({ ...line, err: error }, 'request errored');
      else logger.info(line, res.writableFinished ? 'request completed' : 'request aborted');
    };
    res.on('close', finished).on('finish', finished).on('error', finished);
    done();
  });
}

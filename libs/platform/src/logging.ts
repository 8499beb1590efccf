import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Writable } from 'node:stream';
import { RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Options } from 'pino-http';
import type { AppConfig } from './config/app-config.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The levels at which the request lines (info) are written. */
const LINE_LEVELS = new Set<string>(['info', 'debug', 'trace']);

/** The raw request once Fastify has read the client's address through the trusted proxies. */
export type ClientAddressed = IncomingMessage & { clientAddress?: string };

/**
 * The request id: the caller's X-Request-Id when it is sane, else a new UUID. Fastify calls this first;
 * we keep it on the raw request so that pino-http's log lines and the error filter use the same id.
 */
export function requestId(raw: IncomingMessage): string {
  const req = raw as IncomingMessage & { id?: string };
  if (req.id) return req.id;
  const header = req.headers['x-request-id'];
  req.id = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
  return req.id;
}

/**
 * Structured JSON logs (pino), pretty-printed at a terminal; every line logged during a request carries its id. `stream` is where the
 * lines go (stdout unless a test captures them).
 */
export function loggerModule(config: AppConfig, stream?: Writable) {
  const options: Options = {
    level: config.LOG_LEVEL,
    genReqId: (req) => requestId(req),
    // EventSource clients send the token as ?access_token= (alerts stream): keep it out of the logs too.
    redact: ['req.headers.authorization', 'req.headers.cookie', 'req.query.access_token'],
    serializers: {
      req: (req: { url?: string }) => ({ ...req, url: req.url?.replace(/([?&]access_token=)[^&]*/g, '$1[Redacted]') }),
    },
    // Above info no request line is ever written: no listener on every response for one.
    autoLogging: LINE_LEVELS.has(config.LOG_LEVEL) && { ignore: (req) => req.url === '/health' || req.url?.startsWith('/health/') === true },
    // Read when the line is written: the client's address behind TRUST_PROXY, not the proxy's. pino-http
    // asks as the request arrives too, before it is known: empty then, so nothing is serialised for it.
    customProps: (req) => {
      const clientAddress = (req as ClientAddressed).clientAddress;
      return clientAddress === undefined ? {} : { clientAddress };
    },
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
  };
  // A person at a terminal reads lines, a log collector reads JSON: pretty only when stdout is a TTY.
  if (!stream && process.stdout.isTTY) {
    options.transport = { target: 'pino-pretty', options: { translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l', ignore: 'pid,hostname' } };
  }
  return LoggerModule.forRoot({
    // nestjs-pino's default route pattern matches nothing under Nest 12 with Fastify: no request was logged.
    forRoutes: [{ path: '*splat', method: RequestMethod.ALL }],
    pinoHttp: stream ? [options, stream] : options,
  });
}

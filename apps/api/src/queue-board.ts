import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '@app/core';
import { JobQueues, msUntilTokenExpiry, problem, PROBLEM_CONTENT_TYPE, QueueName, SessionService, TokenService } from '@app/platform';

export const QUEUE_BOARD_PATH = '/admin/queues';
const BOARD_COOKIE = 'sw_board';

function cookie(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

function refuse(reply: FastifyReply, status: 401 | 403, code: string, detail: string): FastifyReply {
  return reply.code(status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem(status, code, detail));
}

/**
 * The BullMQ board (@bull-board) at /admin/queues, for admins only. A browser cannot send the Bearer
 * header to a page it opens, so the console links to `/admin/queues?access_token=…`: the token is checked
 * (signature, live session, admin role), moved into an HttpOnly cookie scoped to the board that lasts
 * no longer than the token, and the address is reloaded without it. Each later request is checked again.
 */
export async function mountQueueBoard(app: NestFastifyApplication): Promise<void> {
  const tokens = app.get(TokenService);
  const sessions = app.get(SessionService);
  const queues = app.get(JobQueues);
  const board = new FastifyAdapter();
  board.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: Object.values(QueueName).map((name) => new BullMQAdapter(queues.queue(name))),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: '任务队列' } },
  });

  await app.register(async (scope: FastifyInstance) => {
    scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const query = request.query as Record<string, unknown>;
      const fromQuery = typeof query.access_token === 'string' ? query.access_token : undefined;
      const bearer = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
      const token = bearer ?? fromQuery ?? cookie(request, BOARD_COOKIE);
      if (!token) return refuse(reply, 401, 'AUTH.TOKEN_REQUIRED', 'log in as an admin: open the queue board from the console');
      try {
        const { actor, session } = await tokens.verify(token);
        if (!(await sessions.isLive(session))) return refuse(reply, 401, 'AUTH.SESSION_ENDED', 'this session has ended; log in again');
        if (!actor.roles.includes('admin')) return refuse(reply, 403, 'AUTH.FORBIDDEN', 'the queue board is for admins');
        if (fromQuery && !bearer) {
          const maxAge = Math.max(0, Math.floor(msUntilTokenExpiry(session) / 1000));
          const secure = request.protocol === 'https' ? '; Secure' : '';
          void reply.header('set-cookie', `${BOARD_COOKIE}=${token}; Path=${QUEUE_BOARD_PATH}; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${secure}`);
          return reply.redirect(request.url.replace(/[?&]access_token=[^&]*/, '').replace(/^([^?]*)&/, '$1?'), 303);
        }
      } catch (e) {
        if (e instanceof DomainError) return refuse(reply, 401, e.code, e.message);
        throw e;
      }
      return undefined;
    });
    await scope.register(board.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
  });
}

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SessionTokens } from './login.service.js';

/** The browser console's refresh token: HttpOnly (no script reads it), sent only to the auth routes. */
export const REFRESH_COOKIE = 'sw_refresh';
const COOKIE_PATH = '/api/v1/auth';

function attributes(request: FastifyRequest, maxAgeSeconds: number): string {
  // Secure when the browser speaks https to us (or to the proxy in front, with TRUST_PROXY set).
  return `; Path=${COOKIE_PATH}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${request.protocol === 'https' ? '; Secure' : ''}`;
}

export function setRefreshCookie(request: FastifyRequest, reply: FastifyReply, tokens: SessionTokens): void {
  void reply.header('set-cookie', `${REFRESH_COOKIE}=${tokens.refreshToken}${attributes(request, tokens.refreshExpiresIn)}`);
}

export function clearRefreshCookie(request: FastifyRequest, reply: FastifyReply): void {
  void reply.header('set-cookie', `${REFRESH_COOKIE}=${attributes(request, 0)}`);
}

/** The refresh token in the request's cookie header, if any. */
export function refreshCookieOf(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === REFRESH_COOKIE) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

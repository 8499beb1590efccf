import type { KeyObject } from 'node:crypto';
import { JWT_KEY, type JwtKey } from '@app/platform';
import { SignJWT } from 'jose';
import type { TestApp } from './test-app.js';

/** A JWT signed with the app's own key (or `key`), with any claims: for tests of what the guard refuses. */
export async function signToken(
  t: TestApp,
  claims: Record<string, unknown>,
  options: { key?: KeyObject; expiresInSeconds?: number } = {},
): Promise<string> {
  const key = options.key ?? t.app.get<JwtKey>(JWT_KEY).key;
  const now = Math.floor(Date.now() / 1000);
  const { sub, ...rest } = claims;
  const jwt = new SignJWT(rest).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt(now).setExpirationTime(now + (options.expiresInSeconds ?? 600));
  if (typeof sub === 'string') jwt.setSubject(sub);
  return jwt.sign(key);
}

/** The claims of a JWT, unverified. */
export function claimsOf(token: string): Record<string, any> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}

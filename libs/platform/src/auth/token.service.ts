import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ROLES, type Actor, type Role } from '@app/core';
import { jwtVerify, SignJWT } from 'jose';
import { AppConfig } from '../config/app-config.js';
import type { JwtKey } from './jwt-key.js';

export const JWT_KEY = Symbol('JWT_KEY');

/** The session an access token belongs to, as the guard puts it on the request. */
export interface SessionRef {
  id: string;
  staffId: string;
  /** When the access token itself expires (epoch ms): the alert stream closes then. */
  tokenExpiresAt: number;
  /** Set until the staff member replaces a password somebody else knows (the demo's). */
  mustChangePassword: boolean;
}

export interface VerifiedToken {
  actor: Actor;
  session: SessionRef;
}

interface AccessTokenClaims {
  sub?: unknown;
  unit?: unknown;
  roles?: unknown;
  sid?: unknown;
  pwc?: unknown;
  exp?: number;
}

/**
 * Milliseconds until a token's expiry. Tokens live in wall-clock time (jose checks `exp` against the
 * system clock), not in the domain's Clock, which tests move about.
 */
export function msUntilTokenExpiry(session: SessionRef): number {
  return session.tokenExpiresAt - Date.now();
}

/** Verified tokens kept at most: a token is about 300 bytes, so this bounds the cache near 3 MB. */
const VERIFIED_TOKENS = 10_000;

const invalid = () => new DomainError('AUTH.INVALID_TOKEN', 'the access token is invalid or expired', 'unauthenticated');

/**
 * Short-lived JWT access tokens (HS256, JWT_TTL_SECONDS), each naming its session (`sid`) so that the
 * session can be ended before the token expires. Signed and verified with `jose` and a key made once.
 * A token verified once is remembered until it expires: a client sends the same token on every request,
 * and the same string can only verify to the same claims (the signature is part of it), so only its
 * expiry is checked again. Whether its session still lives is the guard's question, asked every time.
 */
@Injectable()
export class TokenService {
  private readonly verified = new Map<string, VerifiedToken>();

  constructor(
    @Inject(JWT_KEY) private readonly jwtKey: JwtKey,
    private readonly config: AppConfig,
  ) {}

  issue(actor: Actor, sessionId: string, mustChangePassword = false): Promise<string> {
    return new SignJWT({ unit: actor.unitId, roles: actor.roles, sid: sessionId, ...(mustChangePassword ? { pwc: true } : {}) })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(actor.id)
      .setIssuedAt()
      .setExpirationTime(`${this.config.JWT_TTL_SECONDS}s`)
      .sign(this.jwtKey.key);
  }

  async verify(token: string): Promise<VerifiedToken> {
    const known = this.verified.get(token);
    if (known) {
      // jose's rule: expired once the current whole second reaches `exp`.
      if (Math.floor(Date.now() / 1000) * 1000 < known.session.tokenExpiresAt) return known;
      this.verified.delete(token);
      throw invalid();
    }
    const result = await this.verifySignature(token);
    if (this.verified.size >= VERIFIED_TOKENS) this.forgetExpired();
    this.verified.set(token, result);
    return result;
  }

  private forgetExpired(): void {
    const now = Date.now();
    for (const [token, v] of this.verified) if (v.session.tokenExpiresAt <= now) this.verified.delete(token);
    // Still full of live tokens (a flood of valid logins): start again rather than grow.
    if (this.verified.size >= VERIFIED_TOKENS) this.verified.clear();
  }

  private async verifySignature(token: string): Promise<VerifiedToken> {
    let claims: AccessTokenClaims;
    try {
      ({ payload: claims } = await jwtVerify(token, this.jwtKey.key, { algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] }));
    } catch {
      throw invalid();
    }
    const { sub, unit, sid, exp } = claims;
    if (typeof sub !== 'string' || typeof unit !== 'string' || typeof sid !== 'string' || typeof exp !== 'number') throw invalid();
    const roles = Array.isArray(claims.roles) ? (claims.roles as unknown[]).filter((r): r is Role => ROLES.includes(r as Role)) : [];
    return {
      actor: { id: sub, unitId: unit, roles },
      session: { id: sid, staffId: sub, tokenExpiresAt: exp * 1000, mustChangePassword: claims.pwc === true },
    };
  }
}

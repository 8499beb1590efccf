import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DomainError, ROLES, type Actor, type Role } from '@app/core';

interface AccessTokenClaims {
  sub: string;
  unit: string;
  roles: Role[];
}

/** Short-lived JWT access tokens (HS256). The expiry comes from JWT_TTL_SECONDS. */
@Injectable()
export class TokenService {
  constructor(private readonly jwt: JwtService) {}

  issue(actor: Actor): Promise<string> {
    const claims: AccessTokenClaims = { sub: actor.id, unit: actor.unitId, roles: actor.roles };
    return this.jwt.signAsync(claims);
  }

  async verify(token: string): Promise<Actor> {
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, { algorithms: ['HS256'] });
    } catch {
      throw new DomainError('AUTH.INVALID_TOKEN', 'the access token is invalid or expired', 'unauthenticated');
    }
    const roles = Array.isArray(claims.roles) ? claims.roles.filter((r) => ROLES.includes(r)) : [];
    if (typeof claims.sub !== 'string' || typeof claims.unit !== 'string') {
      throw new DomainError('AUTH.INVALID_TOKEN', 'the access token is invalid or expired', 'unauthenticated');
    }
    return { id: claims.sub, unitId: claims.unit, roles };
  }
}

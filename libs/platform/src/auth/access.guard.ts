import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, type Actor, type Role } from '@app/core';
import { BEFORE_PASSWORD_CHANGE, IS_PUBLIC, REQUIRED_ROLES, TOKEN_IN_QUERY } from './auth.decorators.js';
import { SessionService } from './session.service.js';
import { TokenService, type SessionRef } from './token.service.js';

/**
 * Every endpoint needs a valid token of a live session unless marked @Public(); @Roles() then narrows
 * who may call it. A staff member who must replace their password reaches only the routes that do it.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly sessions: SessionService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; query?: Record<string, unknown>; actor?: Actor; session?: SessionRef }>();
    const queryToken = request.query?.access_token;
    const header =
      request.headers.authorization ??
      (this.reflector.getAllAndOverride<boolean>(TOKEN_IN_QUERY, targets) && typeof queryToken === 'string' ? `Bearer ${queryToken}` : '');
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header);
    if (!match) {
      throw new DomainError('AUTH.TOKEN_REQUIRED', 'log in and send the access token as a Bearer token', 'unauthenticated');
    }
    const { actor, session } = await this.tokens.verify(match[1]!);
    if (!(await this.sessions.isLive(session))) {
      throw new DomainError('AUTH.SESSION_ENDED', 'this session has ended (logged out, or the account was changed); log in again', 'unauthenticated');
    }
    if (session.mustChangePassword && !this.reflector.getAllAndOverride<boolean>(BEFORE_PASSWORD_CHANGE, targets)) {
      throw new DomainError('AUTH.PASSWORD_CHANGE_REQUIRED', 'change the password first: POST /api/v1/auth/password', 'forbidden');
    }
    request.actor = actor;
    request.session = session;

    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (required && !required.some((r) => actor.roles.includes(r))) {
      throw new DomainError('AUTH.FORBIDDEN', `this needs one of the roles: ${required.join(', ')}`, 'forbidden');
    }
    return true;
  }
}

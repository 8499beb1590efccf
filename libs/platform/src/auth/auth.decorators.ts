import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Actor, Role } from '@app/core';
import type { SessionRef } from './token.service.js';

export const IS_PUBLIC = Symbol('IS_PUBLIC');
export const REQUIRED_ROLES = Symbol('REQUIRED_ROLES');

/** No token needed (login, the public service guide, health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const TOKEN_IN_QUERY = Symbol('TOKEN_IN_QUERY');

/** The token may come as ?access_token=…: browsers' EventSource cannot send headers (SSE streams only). */
export const TokenInQuery = () => SetMetadata(TOKEN_IN_QUERY, true);

export const BEFORE_PASSWORD_CHANGE = Symbol('BEFORE_PASSWORD_CHANGE');

/** Reachable by a staff member who must first replace their password (changing it, logging out). */
export const AllowedBeforePasswordChange = () => SetMetadata(BEFORE_PASSWORD_CHANGE, true);

/** The caller needs at least one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/** The logged-in staff member (set by AccessGuard). */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest<{ actor: Actor }>().actor;
});

/** The session of the caller's access token (set by AccessGuard). */
export const CurrentSession = createParamDecorator((_: unknown, ctx: ExecutionContext): SessionRef => {
  return ctx.switchToHttp().getRequest<{ session: SessionRef }>().session;
});

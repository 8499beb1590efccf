import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { DomainError, type Actor } from '@app/core';
import { AllowedBeforePasswordChange, CurrentActor, Idempotent, IdParam, Public, Roles, SessionService } from '@app/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LoginService } from './login.service.js';
import {
  ChangePasswordDto,
  CreateOfficeDto,
  CreateStaffDto,
  CreateUnitDto,
  LoginDto,
  RefreshDto,
  UpdateOfficeDto,
  UpdateStaffDto,
  UpdateUnitDto,
} from './organization.dto.js';
import { OrganizationService } from './organization.service.js';
import { clearRefreshCookie, refreshCookieOf, setRefreshCookie } from './session-cookie.js';

class StaffQuery {
  @IsOptional() @IsUUID() officeId?: string;
}

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly login: LoginService,
    private readonly organization: OrganizationService,
    private readonly sessions: SessionService,
  ) {}

  /** Opens a session: the access token and refresh token in the body, the refresh token also as a cookie. */
  @Post('login')
  @Public()
  @HttpCode(200)
  async logIn(@Body() dto: LoginDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const tokens = await this.login.login(dto.username, dto.password, req.ip);
    setRefreshCookie(req, reply, tokens);
    return tokens;
  }

  /** A new access token (and the next refresh token) for the refresh token in the body or the cookie. */
  @Post('refresh')
  @Public()
  @HttpCode(200)
  async refresh(@Body() dto: RefreshDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const refreshToken = dto.refreshToken ?? refreshCookieOf(req);
    if (!refreshToken) throw new DomainError('AUTH.REFRESH_TOKEN_REQUIRED', 'send the refresh token in the body or its cookie', 'unauthenticated', 'refreshToken');
    const tokens = await this.login.refresh(refreshToken);
    setRefreshCookie(req, reply, tokens);
    return tokens;
  }

  /** Ends the session of the access token (or, when it has expired, of the refresh token) and clears the cookie. */
  @Post('logout')
  @Public()
  @HttpCode(204)
  async logOut(@Body() dto: RefreshDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    clearRefreshCookie(req, reply);
    if (!(await this.login.logout(bearer, dto.refreshToken ?? refreshCookieOf(req), req.ip))) {
      throw new DomainError('AUTH.TOKEN_REQUIRED', 'send the access token, or the refresh token, of the session to end', 'unauthenticated');
    }
  }

  /** Ends every session of the caller, on every device. */
  @Post('logout-all')
  @ApiBearerAuth()
  @AllowedBeforePasswordChange()
  @HttpCode(204)
  async logOutEverywhere(@CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.sessions.endAll(actor.id, 'logout_all');
    clearRefreshCookie(req, reply);
  }

  /** Replaces the caller's password: every session ends, and this caller gets a new one. */
  @Post('password')
  @ApiBearerAuth()
  @AllowedBeforePasswordChange()
  @HttpCode(200)
  async changePassword(
    @CurrentActor() actor: Actor,
    @Body() dto: ChangePasswordDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await this.organization.changeOwnPassword(actor, dto.currentPassword, dto.newPassword);
    const tokens = await this.login.openSession(actor.id, req.ip);
    setRefreshCookie(req, reply, tokens);
    return tokens;
  }

  /** Who am I: the staff record behind the token (answered before a required password change too). */
  @Get('me')
  @ApiBearerAuth()
  @AllowedBeforePasswordChange()
  me(@CurrentActor() actor: Actor) {
    return this.organization.actorStaff(actor);
  }
}

@ApiTags('organization')
@ApiBearerAuth()
@Controller('api/v1')
export class OrganizationController {
  constructor(private readonly organization: OrganizationService) {}

  @Get('units')
  @Roles('admin')
  listUnits() {
    return this.organization.listUnits();
  }

  @Post('units')
  @Idempotent()
  @Roles('admin')
  createUnit(@CurrentActor() actor: Actor, @Body() dto: CreateUnitDto) {
    return this.organization.createUnit(actor, dto);
  }

  @Patch('units/:id')
  @Roles('admin')
  updateUnit(@CurrentActor() actor: Actor, @Param() p: IdParam, @Body() dto: UpdateUnitDto) {
    return this.organization.updateUnit(actor, p.id, dto);
  }

  /** The offices of the caller's unit: every staff member needs them to route an enquiry. */
  @Get('offices')
  listOffices(@CurrentActor() actor: Actor) {
    return this.organization.listOffices(actor.unitId);
  }

  @Post('offices')
  @Idempotent()
  @Roles('admin')
  createOffice(@CurrentActor() actor: Actor, @Body() dto: CreateOfficeDto) {
    return this.organization.createOffice(actor, actor.unitId, dto);
  }

  @Patch('offices/:id')
  @Roles('admin')
  updateOffice(@CurrentActor() actor: Actor, @Param() p: IdParam, @Body() dto: UpdateOfficeDto) {
    return this.organization.updateOffice(actor, p.id, dto);
  }

  /** The staff directory of the caller's unit; usernames and full phones for admins only. */
  @Get('staff')
  listStaff(@CurrentActor() actor: Actor, @Query() query: StaffQuery) {
    return this.organization.listStaff(actor, query.officeId);
  }

  @Post('staff')
  @Idempotent()
  @Roles('admin')
  createStaff(@CurrentActor() actor: Actor, @Body() dto: CreateStaffDto) {
    return this.organization.createStaff(actor, actor.unitId, dto);
  }

  @Patch('staff/:id')
  @Roles('admin')
  updateStaff(@CurrentActor() actor: Actor, @Param() p: IdParam, @Body() dto: UpdateStaffDto) {
    return this.organization.updateStaff(actor, p.id, dto);
  }
}

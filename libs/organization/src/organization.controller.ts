import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import type { Actor } from '@app/core';
import { CurrentActor, IdParam, Public, Roles } from '@app/platform';
import type { FastifyRequest } from 'fastify';
import { LoginService } from './login.service.js';
import { CreateOfficeDto, CreateStaffDto, CreateUnitDto, LoginDto, UpdateOfficeDto, UpdateStaffDto } from './organization.dto.js';
import { OrganizationService } from './organization.service.js';

class StaffQuery {
  @IsOptional() @IsUUID() officeId?: string;
}

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly login: LoginService,
    private readonly organization: OrganizationService,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  logIn(@Body() dto: LoginDto, @Req() req: FastifyRequest) {
    return this.login.login(dto.username, dto.password, req.ip);
  }

  /** Who am I: the staff record behind the token. */
  @Get('me')
  @ApiBearerAuth()
  me(@CurrentActor() actor: Actor) {
    return this.organization.getStaff(actor.id);
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
  @Roles('admin')
  createUnit(@CurrentActor() actor: Actor, @Body() dto: CreateUnitDto) {
    return this.organization.createUnit(actor, dto);
  }

  /** The offices of the caller's unit: every staff member needs them to route an enquiry. */
  @Get('offices')
  listOffices(@CurrentActor() actor: Actor) {
    return this.organization.listOffices(actor.unitId);
  }

  @Post('offices')
  @Roles('admin')
  createOffice(@CurrentActor() actor: Actor, @Body() dto: CreateOfficeDto) {
    return this.organization.createOffice(actor, actor.unitId, dto);
  }

  @Patch('offices/:id')
  @Roles('admin')
  updateOffice(@CurrentActor() actor: Actor, @Param() p: IdParam, @Body() dto: UpdateOfficeDto) {
    return this.organization.updateOffice(actor, p.id, dto);
  }

  /** The staff directory of the caller's unit; phones are masked except for admins. */
  @Get('staff')
  listStaff(@CurrentActor() actor: Actor, @Query() query: StaffQuery) {
    return this.organization.listStaff(actor, query.officeId);
  }

  @Post('staff')
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

import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { SERVING_ROLES, type Actor } from '@app/core';
import { CurrentActor, Idempotent, IdParam, Roles } from '@app/platform';
import { CompleteTaskDto, CreateInternalTaskDto, HandOverTaskDto, ListInternalTasksQuery } from './internal-task.dto.js';
import { InternalTasks } from './internal-tasks.service.js';
import { CreateWorkStandardDto, UpdateWorkStandardDto } from './work-standard.dto.js';
import { WorkStandards } from './work-standards.service.js';

/** 内部事务 (公文流转, 会议纪要…): created, handed from holder to holder, completed, on the clock of their work standard. */
@ApiTags('internal tasks')
@ApiBearerAuth()
@Controller('api/v1/internal-tasks')
export class InternalTasksController {
  constructor(private readonly tasks: InternalTasks) {}

  @Post()
  @Roles(...SERVING_ROLES)
  @Idempotent()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateInternalTaskDto) {
    return this.tasks.create(actor, dto);
  }

  /** scope=mine (default), office (an office head's office) or unit (leaders, inspectors). */
  @Get()
  @Roles(...SERVING_ROLES, 'inspector')
  list(@CurrentActor() actor: Actor, @Query() q: ListInternalTasksQuery) {
    return this.tasks.list(actor, q);
  }

  @Get(':id')
  @Roles(...SERVING_ROLES, 'inspector')
  get(@CurrentActor() actor: Actor, @Param() p: IdParam) {
    return this.tasks.get(actor, p.id);
  }

  /** By its holder (or their stand-in), the office head of its office or a leader: the service checks which. */
  @Post(':id/handover')
  @HttpCode(200)
  @Roles(...SERVING_ROLES)
  handOver(@CurrentActor() actor: Actor, @Param() p: IdParam, @Body() dto: HandOverTaskDto) {
    return this.tasks.handOver(actor, p.id, dto);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Roles(...SERVING_ROLES)
  complete(@CurrentActor() actor: Actor, @Param() p: IdParam, @Body() dto: CompleteTaskDto) {
    return this.tasks.complete(actor, p.id, dto);
  }
}

/** 工作标准: the unit's limits for internal work, read by its staff, set by its admin. */
@ApiTags('internal tasks')
@ApiBearerAuth()
@Controller('api/v1/work-standards')
export class WorkStandardsController {
  constructor(private readonly standards: WorkStandards) {}

  @Get()
  list(@CurrentActor() actor: Actor) {
    return this.standards.list(actor.unitId);
  }

  @Post()
  @Roles('admin')
  @Idempotent()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateWorkStandardDto) {
    return this.standards.create(actor, dto);
  }

  /** A new version: running tasks keep the limit they started with. */
  @Patch(':id')
  @Roles('admin')
  update(@CurrentActor() actor: Actor, @Param() p: IdParam, @Body() dto: UpdateWorkStandardDto) {
    return this.standards.update(actor, p.id, dto);
  }
}

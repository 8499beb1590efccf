import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Clock, parseIsoWithOffset, type Actor } from '@app/core';
import { CurrentActor, Idempotent, IdParam, Roles } from '@app/platform';
import { AbsenceReading } from './absence-reading.service.js';
import { AbsenceRequests } from './absence-requests.usecase.js';
import { Handovers } from './handovers.usecase.js';
import { PostsService } from './posts.service.js';
import {
  AbsenceDecisionDto,
  CoverageQuery,
  CreateAbsenceDto,
  CreatePostDto,
  HandoverDto,
  ListAbsencesQuery,
  ListPostsQuery,
  UpdatePostDto,
} from './substitution.dto.js';
import { SubstitutionService } from './substitution.service.js';

@ApiTags('substitution')
@ApiBearerAuth()
@Controller('api/v1/posts')
export class PostsController {
  constructor(private readonly posts: PostsService) {}

  /** A post and its substitute (A/B): an admin, the head of its office, or (a leader post) its principal. */
  @Post()
  @Idempotent()
  @Roles('admin', 'office_head', 'leader')
  create(@CurrentActor() actor: Actor, @Body() dto: CreatePostDto) {
    return this.posts.create(actor, dto);
  }

  @Get()
  list(@CurrentActor() actor: Actor, @Query() q: ListPostsQuery) {
    return this.posts.list(actor, q.officeId);
  }

  @Patch(':id')
  @Roles('admin', 'office_head', 'leader')
  update(@CurrentActor() actor: Actor, @Param() p: IdParam, @Body() dto: UpdatePostDto) {
    return this.posts.update(actor, p.id, dto);
  }
}

@ApiTags('substitution')
@ApiBearerAuth()
@Controller('api/v1/absences')
export class AbsencesController {
  constructor(
    private readonly requests: AbsenceRequests,
    private readonly handovers: Handovers,
    private readonly reading: AbsenceReading,
  ) {}

  /** Registers an absence ahead of time; `warnings` name service windows it would leave unattended. */
  @Post()
  @Idempotent()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateAbsenceDto) {
    return this.requests.create(actor, dto);
  }

  @Get()
  list(@CurrentActor() actor: Actor, @Query() q: ListAbsencesQuery) {
    return this.reading.list(actor, q);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param() p: IdParam) {
    return this.reading.get(actor, p.id);
  }

  @Post(':id/decision')
  @HttpCode(200)
  @Roles('office_head', 'leader')
  decide(@CurrentActor() actor: Actor, @Param() p: IdParam, @Body() dto: AbsenceDecisionDto) {
    return this.requests.decide(actor, p.id, dto);
  }

  /** The absentee's handover list: their pending work, snapshotted now, with notes. */
  @Post(':id/handover')
  @Idempotent()
  handover(@CurrentActor() actor: Actor, @Param() p: IdParam, @Body() dto: HandoverDto) {
    return this.handovers.draw(actor, p.id, dto.notes);
  }

  @Post(':id/handover/acknowledge')
  @HttpCode(200)
  acknowledge(@CurrentActor() actor: Actor, @Param() p: IdParam) {
    return this.handovers.acknowledge(actor, p.id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@CurrentActor() actor: Actor, @Param() p: IdParam) {
    return this.requests.cancel(actor, p.id);
  }
}

@ApiTags('substitution')
@ApiBearerAuth()
@Controller('api/v1/coverage')
export class CoverageController {
  constructor(
    private readonly substitution: SubstitutionService,
    private readonly clock: Clock,
  ) {}

  /** Who attends each active post of the caller's unit at a moment (now by default). */
  @Get()
  coverage(@CurrentActor() actor: Actor, @Query() q: CoverageQuery) {
    return this.substitution.coverage(actor, q.at ? parseIsoWithOffset(q.at)! : this.clock.now());
  }
}

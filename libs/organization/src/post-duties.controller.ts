import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/core';
import { CurrentActor, IdParam, Roles } from '@app/platform';
import { PostDutiesDto } from './post-duties.dto.js';
import { PostDuties } from './post-duties.service.js';

/** 岗位职责: a post's duties, authority, superior, collaborators and qualification, versioned. */
@ApiTags('substitution')
@ApiBearerAuth()
@Controller('api/v1/posts/:id/duties')
export class PostDutiesController {
  constructor(private readonly duties: PostDuties) {}

  /** A new version of the description: an admin, or the head of the post's office. */
  @Put()
  @Roles('admin', 'office_head')
  describe(@CurrentActor() actor: Actor, @Param() p: IdParam, @Body() dto: PostDutiesDto) {
    return this.duties.describe(actor, p.id, dto);
  }

  /** The current description and its history, newest first. */
  @Get()
  read(@CurrentActor() actor: Actor, @Param() p: IdParam) {
    return this.duties.read(actor, p.id);
  }
}

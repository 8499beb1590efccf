import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DomainError, parseIsoWithOffset, toShanghaiIso, type Actor } from '@app/core';
import { CurrentActor, Idempotent, Roles } from '@app/platform';
import { ClosureDateParam, ClosureDto, ClosuresQuery, DeadlineQuery, YearParam, YearScheduleDto } from './calendar.dto.js';
import { CalendarService } from './calendar.service.js';

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('api/v1/calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  /** When a limit counted from `from` runs out for the caller's unit: give workingDays or workingHours, not both. */
  @Get('deadline')
  async deadline(@CurrentActor() actor: Actor, @Query() q: DeadlineQuery) {
    if ((q.workingDays === undefined) === (q.workingHours === undefined)) {
      throw new DomainError('CALENDAR.ONE_LIMIT', 'give exactly one of workingDays and workingHours', 'invalid', 'workingDays');
    }
    const { dueAt, provisional } = await this.calendar.deadline(parseIsoWithOffset(q.from)!, q, actor.unitId);
    return { dueAt: toShanghaiIso(dueAt), provisional };
  }

  @Get('years')
  listYears() {
    return this.calendar.listYears();
  }

  @Get('years/:year')
  getYear(@Param() p: YearParam) {
    return this.calendar.getYear(p.year);
  }

  @Put('years/:year')
  @Roles('admin')
  putYear(@CurrentActor() actor: Actor, @Param() p: YearParam, @Body() dto: YearScheduleDto) {
    return this.calendar.putYear(actor, p.year, dto);
  }

  /** The admin's unit's own closures (local days off on top of the national schedule). */
  @Get('closures')
  @Roles('admin')
  listClosures(@CurrentActor() actor: Actor, @Query() q: ClosuresQuery) {
    return this.calendar.listClosures(actor, q);
  }

  @Post('closures')
  @HttpCode(201)
  @Roles('admin')
  @Idempotent()
  addClosure(@CurrentActor() actor: Actor, @Body() dto: ClosureDto) {
    return this.calendar.addClosure(actor, dto);
  }

  /** Reopens a day closed by mistake (today or later); answers the closure removed. */
  @Delete('closures/:date')
  @Roles('admin')
  removeClosure(@CurrentActor() actor: Actor, @Param() p: ClosureDateParam) {
    return this.calendar.removeClosure(actor, p.date);
  }
}

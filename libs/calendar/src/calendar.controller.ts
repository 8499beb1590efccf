import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DomainError, parseIsoWithOffset, toShanghaiIso, type Actor } from '@app/core';
import { CurrentActor, Roles } from '@app/platform';
import { DeadlineQuery, YearParam, YearScheduleDto } from './calendar.dto.js';
import { CalendarService } from './calendar.service.js';

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('api/v1/calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  /** When a limit counted from `from` runs out: give workingDays or workingHours, not both. */
  @Get('deadline')
  async deadline(@Query() q: DeadlineQuery) {
    if ((q.workingDays === undefined) === (q.workingHours === undefined)) {
      throw new DomainError('CALENDAR.ONE_LIMIT', 'give exactly one of workingDays and workingHours', 'invalid', 'workingDays');
    }
    const { dueAt, provisional } = await this.calendar.deadline(parseIsoWithOffset(q.from)!, q);
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
}

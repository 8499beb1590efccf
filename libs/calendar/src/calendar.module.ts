import { Module } from '@nestjs/common';
import { CalendarController } from './calendar.controller.js';
import { CalendarService } from './calendar.service.js';

@Module({ providers: [CalendarService], exports: [CalendarService] })
export class CalendarModule {}

@Module({ imports: [CalendarModule], controllers: [CalendarController] })
export class CalendarHttpModule {}

import { Module } from '@nestjs/common';
import { CalendarModule } from '@app/calendar';
import { OrganizationModule } from '@app/organization';
import { OversightModule } from '@app/oversight';
import { AlertStream } from './alert-stream.service.js';
import { AlertsController } from './alerts.controller.js';
import { AlertsService } from './alerts.service.js';
import { DeadlinesService } from './deadlines.service.js';
import { EscalationService } from './escalation.service.js';
import { TimerSweep } from './timer-sweep.service.js';

/** Clocks, escalation, the sweep and the inbox: for every role. */
@Module({
  imports: [CalendarModule, OrganizationModule, OversightModule],
  providers: [DeadlinesService, EscalationService, AlertsService, TimerSweep],
  exports: [DeadlinesService, EscalationService, AlertsService, TimerSweep],
})
export class DeadlinesModule {}

/** The inbox and its live stream over HTTP: the api role only. */
@Module({ imports: [DeadlinesModule], controllers: [AlertsController], providers: [AlertStream], exports: [AlertStream] })
export class DeadlinesHttpModule {}

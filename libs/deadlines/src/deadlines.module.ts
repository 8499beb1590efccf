import { Module } from '@nestjs/common';
import { CalendarModule } from '@app/calendar';
import { OrganizationModule } from '@app/organization';
import { OversightModule } from '@app/oversight';
import { AlertsController } from './alerts.controller.js';
import { AlertsService } from './alerts.service.js';
import { DeadlinesService } from './deadlines.service.js';
import { EscalationService } from './escalation.service.js';
import { TimerSweep } from './timer-sweep.service.js';

/** Case clocks and alerts: every role that changes a case or reads alerts. */
@Module({
  imports: [CalendarModule, OrganizationModule, OversightModule],
  controllers: [AlertsController],
  providers: [DeadlinesService, EscalationService, AlertsService],
  exports: [DeadlinesService, EscalationService, AlertsService],
})
export class DeadlinesModule {}

/** The timers themselves: the step job handler and the sweep. Only the worker role imports this. */
@Module({ imports: [DeadlinesModule], providers: [TimerSweep], exports: [TimerSweep] })
export class DeadlineTimersModule {}

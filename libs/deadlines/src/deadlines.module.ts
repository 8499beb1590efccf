import { Module } from '@nestjs/common';
import { CalendarModule } from '@app/calendar';
import { OrganizationModule } from '@app/organization';
import { OversightModule } from '@app/oversight';
import { DeadlineMetrics } from './deadline-metrics.js';
import { DeadlinesService } from './deadlines.service.js';
import { EscalationService } from './escalation.service.js';
import { TimerSweep } from './timer-sweep.service.js';

/** Clocks, escalation and the sweep, for every role. Their alerts go to the platform's inbox. */
@Module({
  imports: [CalendarModule, OrganizationModule, OversightModule],
  providers: [DeadlinesService, EscalationService, TimerSweep, DeadlineMetrics],
  exports: [DeadlinesService, EscalationService, TimerSweep],
})
export class DeadlinesModule {}

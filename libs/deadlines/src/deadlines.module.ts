import { Module } from '@nestjs/common';
import { CalendarModule } from '@app/calendar';
import { OrganizationModule } from '@app/organization';
import { OversightModule } from '@app/oversight';
import { AlertRulesController } from './alert-rules.controller.js';
import { AlertRules } from './alert-rules.service.js';
import { DeadlineMetrics } from './deadline-metrics.js';
import { DeadlinesService } from './deadlines.service.js';
import { EscalationService } from './escalation.service.js';
import { TimerSweep } from './timer-sweep.service.js';

/** Clocks, escalation and the sweep, for every role. Their alerts go to the platform's inbox. */
@Module({
  imports: [CalendarModule, OrganizationModule, OversightModule],
  providers: [DeadlinesService, EscalationService, TimerSweep, DeadlineMetrics, AlertRules],
  exports: [DeadlinesService, EscalationService, TimerSweep, AlertRules],
})
export class DeadlinesModule {}

/** The unit's 电子监察 thresholds (the clocks themselves have no routes: their subjects' libraries do). */
@Module({ imports: [DeadlinesModule], controllers: [AlertRulesController] })
export class DeadlinesHttpModule {}

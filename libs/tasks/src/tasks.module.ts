import { Module } from '@nestjs/common';
import { CalendarModule } from '@app/calendar';
import { DeadlinesModule } from '@app/deadlines';
import { OrganizationModule } from '@app/organization';
import { InternalTasks } from './internal-tasks.service.js';
import { InternalTasksController, WorkStandardsController } from './tasks.controller.js';
import { WorkStandards } from './work-standards.service.js';

/** Internal tasks under work standards (工作标准). Their clocks fire through the deadlines timers. */
@Module({
  imports: [CalendarModule, DeadlinesModule, OrganizationModule],
  providers: [WorkStandards, InternalTasks],
  exports: [WorkStandards, InternalTasks],
})
export class TasksModule {}

@Module({ imports: [TasksModule], controllers: [InternalTasksController, WorkStandardsController] })
export class TasksHttpModule {}

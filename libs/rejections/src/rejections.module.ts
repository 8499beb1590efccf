import { Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown, Injectable } from '@nestjs/common';
import { CalendarModule } from '@app/calendar';
import { CasesModule } from '@app/cases';
import { CatalogueModule } from '@app/catalogue';
import { DeadlinesModule } from '@app/deadlines';
import { DocumentsModule } from '@app/documents';
import { EnquiriesModule } from '@app/enquiries';
import { NoticesModule } from '@app/notices';
import { OrganizationModule } from '@app/organization';
import { OversightModule } from '@app/oversight';
import { AppConfig, runPeriodically, type Periodic } from '@app/platform';
import { RejectionWatch } from './rejection-watch.js';
import { RejectionsController } from './rejections.controller.js';
import { RejectionsService } from './rejections.service.js';

@Module({
  imports: [CalendarModule, CasesModule, CatalogueModule, DeadlinesModule, DocumentsModule, EnquiriesModule, NoticesModule, OrganizationModule, OversightModule],
  controllers: [RejectionsController],
  providers: [RejectionsService, RejectionWatch],
  exports: [RejectionsService, RejectionWatch],
})
export class RejectionsModule {}

/** Runs the rejection-without-filing watch on the sweep interval. */
@Injectable()
class RejectionWatchSchedule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RejectionWatch.name);
  private periodic: Periodic | undefined;

  constructor(
    private readonly watch: RejectionWatch,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.periodic = runPeriodically(this.config.SWEEP_INTERVAL_SECONDS, () => this.watch.check(), this.logger, 'rejection watch');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.periodic?.stop();
  }
}

/** The watch itself, on a schedule. Only the worker role imports this. */
@Module({ imports: [RejectionsModule], providers: [RejectionWatchSchedule] })
export class RejectionWatchModule {}

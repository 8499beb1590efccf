import { Module } from '@nestjs/common';
import { CalendarModule } from '@app/calendar';
import { CasesModule } from '@app/cases';
import { DeadlinesModule } from '@app/deadlines';
import { EnquiriesModule } from '@app/enquiries';
import { OrganizationModule } from '@app/organization';
import { FiguresSources, ReportsModule, type CountField } from '@app/reports';
import type { RatingLevel } from './rating-rules.js';
import { RatingAppealsController, RatingSettingsController } from './rating-appeals.controller.js';
import { RatingAppeals } from './rating-appeals.service.js';
import { PublicRatingsController } from './ratings.controller.js';
import { RatingsService } from './ratings.service.js';
import { RectificationsController } from './rectifications.controller.js';
import { RectificationsService } from './rectifications.service.js';

const COUNT_OF_LEVEL: Record<RatingLevel, CountField> = {
  very_satisfied: 'ratingsVerySatisfied',
  satisfied: 'ratingsSatisfied',
  basically_satisfied: 'ratingsBasicallySatisfied',
  dissatisfied: 'ratingsDissatisfied',
  very_dissatisfied: 'ratingsVeryDissatisfied',
};

/** Citizen ratings (好差评) and rectifications (差评整改). Their clocks fire through the deadlines timers. */
@Module({
  imports: [CalendarModule, CasesModule, DeadlinesModule, EnquiriesModule, OrganizationModule, ReportsModule],
  providers: [RatingsService, RectificationsService, RatingAppeals],
  exports: [RatingsService, RectificationsService, RatingAppeals],
})
export class RatingsModule {
  constructor(figures: FiguresSources, ratings: RatingsService) {
    figures.register('ratings', async (unitId, from, to) =>
      (await ratings.figures(unitId, from, to)).map((r) => ({ unitId: r.unitId, officeId: r.officeId, staffId: r.staffId, counts: { [COUNT_OF_LEVEL[r.level]]: r.count } })),
    );
  }
}

@Module({ imports: [RatingsModule], controllers: [PublicRatingsController, RectificationsController, RatingAppealsController, RatingSettingsController] })
export class RatingsHttpModule {}

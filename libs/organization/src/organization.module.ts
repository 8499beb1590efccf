import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarModule } from '@app/calendar';
import { OversightModule } from '@app/oversight';
import { StaffDirectory } from '@app/platform';
import { AbsenceReading } from './absence-reading.service.js';
import { AbsenceRequests } from './absence-requests.usecase.js';
import { Handovers } from './handovers.usecase.js';
import { LoginService } from './login.service.js';
import { AuthController, OrganizationController } from './organization.controller.js';
import { Office, Staff, Unit } from './organization.entities.js';
import { OrganizationService } from './organization.service.js';
import { PendingWorkRegistry } from './pending-work.registry.js';
import { PostDepartures } from './post-departures.registry.js';
import { PostDutiesController } from './post-duties.controller.js';
import { PostDuties } from './post-duties.service.js';
import { PostsService } from './posts.service.js';
import { OrganizationDirectory } from './staff-directory.provider.js';
import { AbsencesController, CoverageController, PostsController } from './substitution.controller.js';
import { StaffDeactivation } from './staff-deactivation.js';
import { SubstitutionService } from './substitution.service.js';
import { WindowWarnings } from './window-warnings.service.js';
import { WindowWatch } from './window-watch.js';

/**
 * Units, offices, staff, posts, absences and the window watch. Global because it also provides the
 * platform's StaffDirectory port to the libraries below it (the violation registry, the catalogue).
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([Unit, Office, Staff]), CalendarModule, OversightModule],
  providers: [
    OrganizationService,
    LoginService,
    SubstitutionService,
    PendingWorkRegistry,
    PostDepartures,
    PostDuties,
    PostsService,
    WindowWarnings,
    AbsenceReading,
    AbsenceRequests,
    Handovers,
    WindowWatch,
    StaffDeactivation,
    { provide: StaffDirectory, useClass: OrganizationDirectory },
  ],
  exports: [OrganizationService, LoginService, SubstitutionService, PendingWorkRegistry, PostDepartures, PostDuties, PostsService, AbsenceReading, AbsenceRequests, Handovers, WindowWatch, StaffDirectory],
})
export class OrganizationModule {}

@Module({
  imports: [OrganizationModule],
  controllers: [AuthController, OrganizationController, PostsController, PostDutiesController, AbsencesController, CoverageController],
})
export class OrganizationHttpModule {}

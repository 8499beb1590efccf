import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarModule } from '@app/calendar';
import { AbsencesService } from './absences.service.js';
import { LoginService } from './login.service.js';
import { AuthController, OrganizationController } from './organization.controller.js';
import { Office, Staff, Unit } from './organization.entities.js';
import { OrganizationService } from './organization.service.js';
import { PendingWorkRegistry } from './pending-work.registry.js';
import { PostsService } from './posts.service.js';
import { AbsencesController, CoverageController, PostsController } from './substitution.controller.js';
import { SubstitutionService } from './substitution.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Unit, Office, Staff]), CalendarModule],
  controllers: [AuthController, OrganizationController, PostsController, AbsencesController, CoverageController],
  providers: [OrganizationService, LoginService, SubstitutionService, PendingWorkRegistry, PostsService, AbsencesService],
  exports: [OrganizationService, SubstitutionService, PendingWorkRegistry],
})
export class OrganizationModule {}

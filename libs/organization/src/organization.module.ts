import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoginService } from './login.service.js';
import { AuthController, OrganizationController } from './organization.controller.js';
import { Office, Staff, Unit } from './organization.entities.js';
import { OrganizationService } from './organization.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Unit, Office, Staff])],
  controllers: [AuthController, OrganizationController],
  providers: [OrganizationService, LoginService],
  exports: [OrganizationService],
})
export class OrganizationModule {}

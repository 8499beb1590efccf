import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { StaffDirectory, type DirectoryOffice, type DirectoryStaff, type DirectoryUnit } from '@app/platform';
import { DataSource, In, type EntityManager } from 'typeorm';
import { Unit } from './organization.entities.js';
import { OrganizationService } from './organization.service.js';

/** The organization's answer to the platform's StaffDirectory port. */
@Injectable()
export class OrganizationDirectory extends StaffDirectory {
  constructor(
    private readonly organization: OrganizationService,
    @InjectDataSource() private readonly db: DataSource,
  ) {
    super();
  }

  async staff(ids: readonly string[], m?: EntityManager): Promise<Map<string, DirectoryStaff>> {
    const { staff } = await this.organization.directory([...ids], [], m);
    return new Map(
      [...staff].map(([id, s]) => [id, { id, unitId: s.unitId, officeId: s.officeId, name: s.name, badgeNo: s.badgeNo, roles: s.roles, active: s.active }]),
    );
  }

  async offices(ids: readonly string[], m?: EntityManager): Promise<Map<string, DirectoryOffice>> {
    const { offices } = await this.organization.directory([], [...ids], m);
    return new Map([...offices].map(([id, o]) => [id, { id, unitId: o.unitId, name: o.name, phone: o.phone }]));
  }

  async units(ids: readonly string[], m?: EntityManager): Promise<Map<string, DirectoryUnit>> {
    if (ids.length === 0) return new Map();
    const units = await (m ?? this.db.manager).getRepository(Unit).findBy({ id: In([...new Set(ids)]) });
    return new Map(units.map((u) => [u.id, { id: u.id, code: u.code, name: u.name }]));
  }
}

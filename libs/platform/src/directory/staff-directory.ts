import type { Role } from '@app/core';
import type { EntityManager } from 'typeorm';

/** A staff member as the libraries below the organization may know them. */
export interface DirectoryStaff {
  id: string;
  unitId: string;
  officeId: string | null;
  name: string;
  badgeNo: string;
  roles: Role[];
  active: boolean;
}

export interface DirectoryUnit {
  id: string;
  code: string;
  name: string;
}

export interface DirectoryOffice {
  id: string;
  unitId: string;
  name: string;
  phone: string | null;
}

/**
 * Who is who, for libraries that sit below the organization library (the violation registry, the
 * catalogue, the reports): they name units, offices and staff without importing it. The organization library provides
 * it. Inside a transaction pass its manager (a second pool connection while one is held can deadlock).
 */
export abstract class StaffDirectory {
  abstract staff(ids: readonly string[], m?: EntityManager): Promise<Map<string, DirectoryStaff>>;
  abstract offices(ids: readonly string[], m?: EntityManager): Promise<Map<string, DirectoryOffice>>;
  abstract units(ids: readonly string[], m?: EntityManager): Promise<Map<string, DirectoryUnit>>;
}

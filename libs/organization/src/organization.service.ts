import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, maskPhone, type Actor, type Role } from '@app/core';
import { AuditService, PasswordHasher, readRows, rowMapper, uniqueOr } from '@app/platform';
import { DataSource, In, type EntityManager } from 'typeorm';
import { Office, Staff, Unit } from './organization.entities.js';
import type { CreateOfficeDto, CreateStaffDto, CreateUnitDto, UpdateOfficeDto, UpdateStaffDto } from './organization.dto.js';

const idRow = rowMapper('staff', { id: 'text' });

/** What other libs may know of a staff member (never the password hash). */
export interface StaffView {
  id: string;
  unitId: string;
  officeId: string | null;
  username: string;
  name: string;
  badgeNo: string;
  phone: string | null;
  roles: Role[];
  active: boolean;
}

export function staffView(s: Staff, mask = false): StaffView {
  return {
    id: s.id,
    unitId: s.unitId,
    officeId: s.officeId,
    username: s.username,
    name: s.name,
    badgeNo: s.badgeNo,
    phone: mask ? maskPhone(s.phone) : s.phone,
    roles: s.roles,
    active: s.active,
  };
}

/** Units, offices and staff. Admins manage their own unit; everyone else reads the directory. */
@Injectable()
export class OrganizationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly hasher: PasswordHasher,
  ) {}

  // --- units -------------------------------------------------------------------------------------

  async createUnit(actor: Actor | null, dto: CreateUnitDto): Promise<Unit> {
    return this.db.transaction(async (m) => {
      const unit = await uniqueOr(m.save(m.create(Unit, dto)), { code: ['UNIT.CODE_TAKEN', 'code'] });
      await this.audit.record(m, { actor, unitId: unit.id, action: 'unit.create', entity: 'unit', entityId: unit.id, after: unit });
      return unit;
    });
  }

  async getUnit(id: string): Promise<Unit> {
    const unit = await this.db.getRepository(Unit).findOneBy({ id });
    if (!unit) throw DomainError.notFound('unit', id);
    return unit;
  }

  listUnits(): Promise<Unit[]> {
    return this.db.getRepository(Unit).find({ order: { code: 'ASC' } });
  }

  // --- offices -----------------------------------------------------------------------------------

  listOffices(unitId: string): Promise<Office[]> {
    return this.db.getRepository(Office).find({ where: { unitId }, order: { name: 'ASC' } });
  }

  /** An office of the given unit, or a not-found error naming the field that referred to it. */
  async getOffice(unitId: string, id: string, field = 'officeId', m: EntityManager = this.db.manager): Promise<Office> {
    const office = await m.getRepository(Office).findOneBy({ id, unitId });
    if (!office) throw DomainError.notFound('office', id, field);
    return office;
  }

  async createOffice(actor: Actor | null, unitId: string, dto: CreateOfficeDto): Promise<Office> {
    return this.db.transaction(async (m) => {
      const office = m.create(Office, { unitId, name: dto.name, phone: dto.phone ?? null });
      await uniqueOr(m.save(office), { name: ['OFFICE.NAME_TAKEN', 'name'] });
      await this.audit.record(m, { actor, unitId, action: 'office.create', entity: 'office', entityId: office.id, after: office });
      return office;
    });
  }

  async updateOffice(actor: Actor, id: string, dto: UpdateOfficeDto): Promise<Office> {
    return this.db.transaction(async (m) => {
      const office = await m.findOne(Office, { where: { id, unitId: actor.unitId }, lock: { mode: 'pessimistic_write' } });
      if (!office) throw DomainError.notFound('office', id, 'id');
      const before = { ...office };
      Object.assign(office, dto);
      await uniqueOr(m.save(office), { name: ['OFFICE.NAME_TAKEN', 'name'] });
      await this.audit.record(m, { actor, unitId: actor.unitId, action: 'office.update', entity: 'office', entityId: id, before, after: office });
      return office;
    });
  }

  // --- staff -------------------------------------------------------------------------------------

  async listStaff(actor: Actor, officeId?: string): Promise<StaffView[]> {
    const rows = await this.db.getRepository(Staff).find({
      where: { unitId: actor.unitId, ...(officeId ? { officeId } : {}) },
      order: { badgeNo: 'ASC' },
    });
    return rows.map((s) => staffView(s, !actor.roles.includes('admin')));
  }

  /** A staff member of any unit, or not found. */
  async getStaff(id: string, field = 'staffId'): Promise<StaffView> {
    const staff = await this.db.getRepository(Staff).findOneBy({ id });
    if (!staff) throw DomainError.notFound('staff', id, field);
    return staffView(staff);
  }

  async createStaff(actor: Actor | null, unitId: string, dto: CreateStaffDto): Promise<StaffView> {
    if (dto.officeId) await this.getOffice(unitId, dto.officeId);
    const passwordHash = await this.hasher.hash(dto.password);
    return this.db.transaction(async (m) => {
      const staff = m.create(Staff, {
        unitId,
        officeId: dto.officeId ?? null,
        username: dto.username,
        passwordHash,
        name: dto.name,
        badgeNo: dto.badgeNo,
        phone: dto.phone ?? null,
        roles: dto.roles,
        active: true,
      });
      await uniqueOr(m.save(staff), {
        username: ['STAFF.USERNAME_TAKEN', 'username'],
        badge_no: ['STAFF.BADGE_TAKEN', 'badgeNo'],
      });
      const view = staffView(staff);
      await this.audit.record(m, { actor, unitId, action: 'staff.create', entity: 'staff', entityId: staff.id, after: view });
      return view;
    });
  }

  async updateStaff(actor: Actor, id: string, dto: UpdateStaffDto): Promise<StaffView> {
    if (dto.officeId) await this.getOffice(actor.unitId, dto.officeId);
    const passwordHash = dto.password ? await this.hasher.hash(dto.password) : undefined;
    return this.db.transaction(async (m) => {
      const staff = await m.findOne(Staff, { where: { id, unitId: actor.unitId }, lock: { mode: 'pessimistic_write' } });
      if (!staff) throw DomainError.notFound('staff', id, 'id');
      if (id === actor.id && ((dto.roles && !dto.roles.includes('admin')) || dto.active === false)) {
        throw new DomainError('STAFF.SELF_LOCKOUT', 'an admin cannot remove their own admin role or deactivate themselves', 'invalid', dto.roles ? 'roles' : 'active');
      }
      const before = staffView(staff);
      const { password: _password, ...fields } = dto;
      Object.assign(staff, fields, passwordHash ? { passwordHash } : {});
      await m.save(staff);
      const after = staffView(staff);
      await this.audit.record(m, {
        actor,
        unitId: actor.unitId,
        action: passwordHash ? 'staff.update+password' : 'staff.update',
        entity: 'staff',
        entityId: id,
        before,
        after,
      });
      return after;
    });
  }

  /**
   * Staff and offices by id, in one query each, for lists that show names. Inside a transaction, pass its
   * manager: a second pool connection taken while one is held can deadlock a busy pool.
   */
  async directory(
    staffIds: string[],
    officeIds: string[],
    m: EntityManager = this.db.manager,
  ): Promise<{ staff: Map<string, StaffView>; offices: Map<string, Office> }> {
    const staff = staffIds.length ? await m.getRepository(Staff).findBy({ id: In([...new Set(staffIds)]) }) : [];
    const offices = officeIds.length ? await m.getRepository(Office).findBy({ id: In([...new Set(officeIds)]) }) : [];
    return {
      staff: new Map(staff.map((s) => [s.id, staffView(s)])),
      offices: new Map(offices.map((o) => [o.id, o])),
    };
  }

  /** Active staff of a unit holding a role, optionally in one office: who receives an escalation. */
  async staffWithRole(unitId: string, role: Role, officeId?: string, m: EntityManager = this.db.manager): Promise<string[]> {
    const rows = readRows(
      idRow,
      await m.query(
        `SELECT id FROM staff WHERE unit_id = $1 AND active AND $2 = ANY (roles) AND ($3::uuid IS NULL OR office_id = $3) ORDER BY badge_no`,
        [unitId, role, officeId ?? null],
      ),
    );
    return rows.map((r) => r.id);
  }

  /** The account for a login name, with its password hash; null when there is none or it is inactive. */
  async findLogin(username: string): Promise<(StaffView & { passwordHash: string }) | null> {
    const staff = await this.db
      .getRepository(Staff)
      .createQueryBuilder('s')
      .addSelect('s.passwordHash')
      .where('lower(s.username) = lower(:username)', { username })
      .andWhere('s.active')
      .getOne();
    return staff ? { ...staffView(staff), passwordHash: staff.passwordHash } : null;
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, maskPhone, parseIsoWithOffset, ROLES, type Actor, type Role } from '@app/core';
import { AuditService, PasswordHasher, passwordWeakness, pgPool, ReadCache, readRows, rowMapper, SESSION_CHECK_MS, SessionService, subsetOf, uniqueOr } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { Office, Staff, Unit } from './organization.entities.js';
import { readDirectory, type Directory } from './directory-lookup.js';
import { StaffDeactivation, type StaffHandoverView } from './staff-deactivation.js';
import type { CreateOfficeDto, CreateStaffDto, CreateUnitDto, UpdateOfficeDto, UpdateStaffDto, UpdateUnitDto } from './organization.dto.js';
import { PostDepartures } from './post-departures.registry.js';

const idRow = rowMapper('staff', { id: 'text' });
const staffRow = rowMapper('staff', {
  id: 'text',
  unit_id: 'text',
  office_id: 'text?',
  username: 'text',
  name: 'text',
  badge_no: 'text',
  phone: 'text?',
  roles: subsetOf(ROLES),
  active: 'bool',
  employed_from: 'timestamp?',
});

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
  /** 入职, when recorded. */
  employedFrom?: string;
}

/** A line of the staff directory: the username only for those who manage staff (it is half a login). */
export type DirectoryEntry = Omit<StaffView, 'username'> & { username?: string };

/** What a login puts in its tokens: read fresh at every login and refresh. */
export interface AccountClaims {
  id: string;
  unitId: string;
  roles: Role[];
  mustChangePassword: boolean;
}

/** A new password that is too weak: 422 naming the field. */
function checkPassword(password: string, username: string, field: string): void {
  const weakness = passwordWeakness(password, username);
  if (weakness) throw new DomainError('PASSWORD.TOO_WEAK', weakness, 'invalid', field);
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
    ...(s.employedFrom ? { employedFrom: s.employedFrom.toISOString() } : {}),
  };
}

/** Units, offices and staff. Admins manage their own unit; everyone else reads the directory. */
@Injectable()
export class OrganizationService {
  /** Signed-in staff members' records (actorStaff), kept as long as the guard trusts a session check. */
  private readonly actors = new ReadCache<Readonly<StaffView>>(SESSION_CHECK_MS);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionService,
    private readonly deactivation: StaffDeactivation,
    private readonly clock: Clock,
    private readonly departures: PostDepartures,
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

  /** A unit by its code (the public bulletin's address), or null. */
  unitByCode(code: string): Promise<Unit | null> {
    return this.db.getRepository(Unit).findOneBy({ code });
  }

  listUnits(): Promise<Unit[]> {
    return this.db.getRepository(Unit).find({ order: { code: 'ASC' } });
  }

  /** An admin names the principal leader (主要领导) of their own unit. */
  async updateUnit(actor: Actor, id: string, dto: UpdateUnitDto): Promise<Unit> {
    return this.db.transaction(async (m) => {
      const unit = await m.findOne(Unit, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!unit || id !== actor.unitId) throw DomainError.notFound('unit', id, 'id');
      const before = { ...unit };
      if (dto.principalId !== undefined) unit.principalId = dto.principalId && (await this.activeLeader(m, actor.unitId, dto.principalId, 'principalId'));
      await m.save(unit);
      await this.audit.record(m, { actor, unitId: actor.unitId, action: 'unit.update', entity: 'unit', entityId: id, before, after: unit });
      return unit;
    });
  }

  /** The unit's principal leader when one is named and still an active leader. */
  async principalOf(unitId: string, m: EntityManager = this.db.manager): Promise<string | null> {
    const [row] = readRows(
      idRow,
      await m.query(`SELECT s.id FROM unit u JOIN staff s ON s.id = u.principal_id AND s.active AND 'leader' = ANY (s.roles) WHERE u.id = $1`, [unitId]),
    );
    return row?.id ?? null;
  }

  /** The office's leader in charge (分管领导) when one is named and still an active leader. */
  async leaderInCharge(officeId: string | null, m: EntityManager = this.db.manager): Promise<string | null> {
    if (!officeId) return null;
    const [row] = readRows(
      idRow,
      await m.query(`SELECT s.id FROM office o JOIN staff s ON s.id = o.leader_id AND s.active AND 'leader' = ANY (s.roles) WHERE o.id = $1`, [officeId]),
    );
    return row?.id ?? null;
  }

  private async activeLeader(m: EntityManager, unitId: string, staffId: string, field: string): Promise<string> {
    const [row] = readRows(idRow, await m.query(`SELECT id FROM staff WHERE id = $1 AND unit_id = $2 AND active AND 'leader' = ANY (roles)`, [staffId, unitId]));
    if (!row) throw new DomainError('ORGANIZATION.NOT_A_LEADER', `no active leader ${staffId} in this unit`, 'invalid', field);
    return row.id;
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
      const { leaderId, ...rest } = dto;
      Object.assign(office, rest);
      if (leaderId !== undefined) office.leaderId = leaderId && (await this.activeLeader(m, actor.unitId, leaderId, 'leaderId'));
      await uniqueOr(m.save(office), { name: ['OFFICE.NAME_TAKEN', 'name'] });
      await this.audit.record(m, { actor, unitId: actor.unitId, action: 'office.update', entity: 'office', entityId: id, before, after: office });
      return office;
    });
  }

  // --- staff -------------------------------------------------------------------------------------

  /** The unit's directory: names, badges and offices for everyone; usernames and full phones for admins. */
  async listStaff(actor: Actor, officeId?: string): Promise<DirectoryEntry[]> {
    const rows = await this.db.getRepository(Staff).find({
      where: { unitId: actor.unitId, ...(officeId ? { officeId } : {}) },
      order: { badgeNo: 'ASC' },
    });
    if (actor.roles.includes('admin')) return rows.map((s) => staffView(s));
    return rows.map((s) => {
      const { username: _username, ...entry } = staffView(s, true);
      return entry;
    });
  }

  /** Staff of the unit employed at some time in [from, to): leaders and admins included, the caller filters. */
  async employedBetween(unitId: string, from: Date, to: Date): Promise<StaffView[]> {
    const rows = await this.db
      .getRepository(Staff)
      .createQueryBuilder('s')
      .where('s.unit_id = :unitId', { unitId })
      .andWhere('(s.employed_from IS NULL OR s.employed_from < :to)', { to })
      .andWhere('(s.active OR s.deactivated_at > :from)', { from })
      .orderBy('s.badge_no')
      .getMany();
    return rows.map((s) => staffView(s));
  }

  /**
   * The signed-in staff member's own record (who-am-I, intake): read at most once every SESSION_CHECK_MS, as
   * their session is; a change here is seen at once, one through another replica within that. Read-only.
   */
  async actorStaff(actor: Actor): Promise<Readonly<StaffView>> {
    return (await this.actors.get(actor.id, async () => Object.freeze(await this.getStaff(actor.id))))!;
  }

  /** A staff member of any unit, or not found. */
  async getStaff(id: string, field = 'staffId'): Promise<StaffView> {
    // Asked by most commands (the handler named, scope checks): one prepared statement, straight through the pool.
    const { rows } = await pgPool(this.db).query({
      name: 'staff-view',
      text: 'SELECT id, unit_id, office_id, username, name, badge_no, phone, roles, active, employed_from FROM staff WHERE id = $1',
      values: [id],
    });
    const [s] = readRows(staffRow, rows);
    if (!s) throw DomainError.notFound('staff', id, field);
    const { unit_id: unitId, office_id: officeId, username, name, badge_no: badgeNo, phone, roles, active } = s;
    return { id: s.id, unitId, officeId, username, name, badgeNo, phone, roles, active, ...(s.employed_from ? { employedFrom: s.employed_from.toISOString() } : {}) };
  }

  /**
   * `demoPassword`: the demo seed's accounts keep the published demo password, which the policy refuses;
   * outside development they must replace it at first login (`mustChangePassword`).
   */
  async createStaff(
    actor: Actor | null,
    unitId: string,
    dto: CreateStaffDto,
    options: { demoPassword?: { mustChangePassword: boolean } } = {},
  ): Promise<StaffView> {
    if (!options.demoPassword) checkPassword(dto.password, dto.username, 'password');
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
        employedFrom: dto.employedFrom ? parseIsoWithOffset(dto.employedFrom) : null,
        mustChangePassword: options.demoPassword?.mustChangePassword ?? false,
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

  /**
   * Deactivating someone with open cases is refused (409 listing them) unless `reassignTo: 'substitute'`
   * hands them to the post's substitute: the answer then carries the handover.
   */
  async updateStaff(actor: Actor, id: string, dto: UpdateStaffDto): Promise<StaffView & { handover?: StaffHandoverView }> {
    if (dto.officeId) await this.getOffice(actor.unitId, dto.officeId);
    const passwordHash = dto.password ? await this.hasher.hash(dto.password) : undefined;
    return this.actors.writing(id, () =>
      this.db.transaction(async (m) => {
        const staff = await m.findOne(Staff, { where: { id, unitId: actor.unitId }, lock: { mode: 'pessimistic_write' } });
        if (!staff) throw DomainError.notFound('staff', id, 'id');
        if (id === actor.id && ((dto.roles && !dto.roles.includes('admin')) || dto.active === false)) {
          throw new DomainError('STAFF.SELF_LOCKOUT', 'an admin cannot remove their own admin role or deactivate themselves', 'invalid', dto.roles ? 'roles' : 'active');
        }
        if (dto.password) checkPassword(dto.password, staff.username, 'password');
        const before = staffView(staff);
        const handover = dto.active === false && staff.active ? await this.deactivation.handOver(m, actor, id, dto.reassignTo) : null;
        const { password: _password, reassignTo: _reassignTo, ...fields } = dto;
        Object.assign(staff, fields, passwordHash ? { passwordHash } : {});
        if (dto.active !== undefined && dto.active !== before.active) staff.deactivatedAt = dto.active ? null : this.clock.now();
        await m.save(staff);
        const after = staffView(staff);
        // What the staff member's tokens say (roles, being active, knowing the password) is no longer so.
        const ended = endReason(before, after, passwordHash !== undefined);
        if (ended) await this.sessions.endAll(id, ended, m);
        if (before.active && !after.active) await this.departures.notify(m, { staffId: id, postId: null, reason: 'deactivated' });
        else if (before.officeId !== after.officeId) await this.departures.notify(m, { staffId: id, postId: null, reason: 'post_changed' });
        await this.audit.record(m, {
          actor,
          unitId: actor.unitId,
          action: passwordHash ? 'staff.update+password' : 'staff.update',
          entity: 'staff',
          entityId: id,
          before,
          after: handover ? { ...after, handover } : after,
        });
        return handover ? { ...after, handover } : after;
      }),
    );
  }

  /**
   * Staff and offices by id, for lists that show names: one statement whatever a page holds. Inside a
   * transaction, pass its manager: a second pool connection taken while one is held can deadlock a busy pool.
   */
  async directory(staffIds: string[], officeIds: string[], m: EntityManager = this.db.manager): Promise<{ staff: Map<string, StaffView>; offices: Map<string, Office> }> {
    const { staff, offices } = await readDirectory(m, staffIds, officeIds, []);
    return { staff, offices };
  }

  /** Staff, offices and units by id in one statement (a view that also names the unit, as a receipt does). */
  lookup(ids: { staff?: string[]; offices?: string[]; units?: string[] }, m: EntityManager = this.db.manager): Promise<Directory> {
    return readDirectory(m, ids.staff ?? [], ids.offices ?? [], ids.units ?? []);
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

  /** The staff member's own new password: it must not be the current one, and every other session ends. */
  async changeOwnPassword(actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
    const account = await this.accountWithHash(actor.id);
    if (!account || !(await this.hasher.verify(account.passwordHash, currentPassword))) {
      throw new DomainError('AUTH.WRONG_PASSWORD', 'the current password is not right', 'invalid', 'currentPassword');
    }
    checkPassword(newPassword, account.username, 'newPassword');
    if (await this.hasher.verify(account.passwordHash, newPassword)) {
      throw new DomainError('PASSWORD.UNCHANGED', 'the new password must differ from the current one', 'invalid', 'newPassword');
    }
    const passwordHash = await this.hasher.hash(newPassword);
    await this.db.transaction(async (m) => {
      await m.update(Staff, { id: actor.id }, { passwordHash, mustChangePassword: false });
      await this.sessions.endAll(actor.id, 'password_changed', m);
      await this.audit.record(m, { actor, unitId: account.unitId, action: 'staff.password_change', entity: 'staff', entityId: actor.id });
    });
  }

  /** What a login of this staff member puts in its tokens; null when the account is gone or inactive. */
  async accountClaims(staffId: string): Promise<AccountClaims | null> {
    const staff = await this.db.getRepository(Staff).findOneBy({ id: staffId, active: true });
    return staff ? { id: staff.id, unitId: staff.unitId, roles: staff.roles, mustChangePassword: staff.mustChangePassword } : null;
  }

  private async accountWithHash(staffId: string): Promise<(StaffView & { passwordHash: string }) | null> {
    const staff = await this.db
      .getRepository(Staff)
      .createQueryBuilder('s')
      .addSelect('s.passwordHash')
      .where('s.id = :staffId', { staffId })
      .andWhere('s.active')
      .getOne();
    return staff ? { ...staffView(staff), passwordHash: staff.passwordHash } : null;
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

/** Why a change to a staff member ends their sessions, or null when their tokens still tell the truth. */
function endReason(before: StaffView, after: StaffView, newPassword: boolean): 'deactivated' | 'roles_changed' | 'password_changed' | null {
  if (before.active && !after.active) return 'deactivated';
  if ([...before.roles].sort().join() !== [...after.roles].sort().join()) return 'roles_changed';
  return newPassword ? 'password_changed' : null;
}

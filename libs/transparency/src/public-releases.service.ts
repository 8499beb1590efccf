import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, type Actor } from '@app/core';
import type { PrintedDocument } from '@app/documents';
import { EvaluationService, OfficeEvaluationService, periodBounds } from '@app/evaluation';
import { OrganizationService } from '@app/organization';
import { AuditService, oneOf, readRows, rowMapper, uniqueOr } from '@app/platform';
import { BulletinService } from '@app/reports';
import { DataSource } from 'typeorm';
import { MONTH_PATTERN, RELEASE_KINDS, type ReleaseDto, type ReleaseKind } from './public-release.dto.js';
import { publicOfficeResults, publicStaffResults, type PublicOfficeResult, type PublicStaffResult } from './public-views.js';

const releaseRow = rowMapper('public_release', { id: 'text', unit_id: 'text', kind: oneOf(RELEASE_KINDS), period: 'text', released_by: 'text', released_at: 'timestamp' });
type ReleaseRow = ReturnType<typeof releaseRow>;

export interface ReleaseView {
  id: string;
  kind: ReleaseKind;
  period: string;
  releasedBy: string;
  releasedAt: string;
}

export interface PublicUnit {
  code: string;
  name: string;
}

const view = (r: ReleaseRow): ReleaseView => ({ id: r.id, kind: r.kind, period: r.period, releasedBy: r.released_by, releasedAt: r.released_at.toISOString() });

/** What the public may not see answers as if it did not exist: a unit code or period is not confirmed. */
const notPublic = (what: string) => new DomainError('PUBLIC.NOT_PUBLISHED', `${what} is not public`, 'not_found');

/**
 * 政务公开: an admin chooses, item by item, what of their unit is public: a month's efficiency bulletin, a
 * period's published evaluation of staff or of offices. The public pages read only what was released.
 */
@Injectable()
export class PublicReleasesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly organization: OrganizationService,
    private readonly bulletins: BulletinService,
    private readonly staffEvaluation: EvaluationService,
    private readonly officeEvaluation: OfficeEvaluationService,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor): Promise<ReleaseView[]> {
    return readRows(releaseRow, await this.db.query('SELECT * FROM public_release WHERE unit_id = $1 ORDER BY kind, period DESC', [actor.unitId])).map(view);
  }

  /** A bulletin once its month is over; an evaluation once it is published. Each is released once. */
  async release(actor: Actor, dto: ReleaseDto): Promise<ReleaseView> {
    if (dto.kind === 'bulletin') {
      if (!MONTH_PATTERN.test(dto.period)) throw new DomainError('PUBLIC.BAD_PERIOD', 'a bulletin is monthly: period must be YYYY-MM', 'invalid', 'period');
      if (periodBounds(dto.period).to.getTime() > this.clock.now().getTime()) {
        throw new DomainError('PUBLIC.MONTH_NOT_OVER', "a month's bulletin is made public once the month is over", 'invalid', 'period');
      }
    } else {
      const published = await (dto.kind === 'staff_evaluation' ? this.staffEvaluation : this.officeEvaluation).published(actor.unitId, dto.period);
      if (!published) throw new DomainError('PUBLIC.NOT_PUBLISHED', 'only a published evaluation is made public', 'conflict', 'period');
    }
    return this.db.transaction(async (m) => {
      const [row] = readRows(
        releaseRow,
        await uniqueOr(
          m.query(`INSERT INTO public_release (unit_id, kind, period, released_by, released_at) VALUES ($1, $2, $3, $4, $5) RETURNING *`, [
            actor.unitId,
            dto.kind,
            dto.period,
            actor.id,
            this.clock.now(),
          ]),
          { period: ['PUBLIC.RELEASED', 'period'] },
        ),
      );
      await this.audit.record(m, { actor, unitId: actor.unitId, action: 'public_release.release', entity: 'public_release', entityId: row!.id, after: { kind: dto.kind, period: dto.period } });
      return view(row!);
    });
  }

  /** Takes an item off the public page (the audit trail keeps that it was public, and when). */
  async withdraw(actor: Actor, id: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const [row] = readRows(releaseRow, await m.query('DELETE FROM public_release WHERE id = $1 AND unit_id = $2 RETURNING *', [id, actor.unitId]));
      if (!row) throw DomainError.notFound('public_release', id, 'id');
      await this.audit.record(m, { actor, unitId: actor.unitId, action: 'public_release.withdraw', entity: 'public_release', entityId: id, before: view(row) });
    });
  }

  /** The unit's public page: what it has released, newest first; a unit with nothing public is not found. */
  async index(code: string): Promise<{ unit: PublicUnit; releases: Array<{ kind: ReleaseKind; period: string; releasedAt: string }> }> {
    const unit = await this.organization.unitByCode(code);
    const rows = unit ? readRows(releaseRow, await this.db.query('SELECT * FROM public_release WHERE unit_id = $1 ORDER BY released_at DESC, kind, period DESC', [unit.id])) : [];
    if (!unit || rows.length === 0) throw notPublic(`unit ${code}`);
    return { unit: { code: unit.code, name: unit.name }, releases: rows.map((r) => ({ kind: r.kind, period: r.period, releasedAt: r.released_at.toISOString() })) };
  }

  async bulletin(code: string, month: string): Promise<{ unit: PublicUnit; month: string; document: PrintedDocument }> {
    const unit = await this.released(code, 'bulletin', month);
    return { unit: { code: unit.code, name: unit.name }, month, document: await this.bulletins.publicDocument(unit.id, month) };
  }

  async staffResults(code: string, period: string): Promise<{ unit: PublicUnit; period: string; results: PublicStaffResult[] }> {
    const unit = await this.released(code, 'staff_evaluation', period);
    const ev = await this.staffEvaluation.published(unit.id, period);
    if (!ev) throw notPublic(`evaluation ${period}`);
    const offices = await this.organization.listOffices(unit.id);
    return { unit: { code: unit.code, name: unit.name }, period, results: publicStaffResults(ev, offices) };
  }

  async officeResults(code: string, period: string): Promise<{ unit: PublicUnit; period: string; results: PublicOfficeResult[] }> {
    const unit = await this.released(code, 'office_evaluation', period);
    const ev = await this.officeEvaluation.published(unit.id, period);
    if (!ev) throw notPublic(`evaluation ${period}`);
    return { unit: { code: unit.code, name: unit.name }, period, results: publicOfficeResults(ev) };
  }

  private async released(code: string, kind: ReleaseKind, period: string): Promise<{ id: string; code: string; name: string }> {
    const unit = await this.organization.unitByCode(code);
    const [row] = unit ? readRows(releaseRow, await this.db.query('SELECT * FROM public_release WHERE unit_id = $1 AND kind = $2 AND period = $3', [unit.id, kind, period])) : [];
    if (!unit || !row) throw notPublic(`${kind} ${period}`);
    return unit;
  }
}

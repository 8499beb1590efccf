import { Injectable } from '@nestjs/common';
import { pageOf, parseIsoWithOffset, shanghaiDate, type Actor, type OfficeRef, type StaffRef } from '@app/core';
import { StaffDirectory } from '@app/platform';
import { supervisionScope, VIOLATION_CATALOGUE, VIOLATION_TYPES, ViolationReports, type SupervisionScope, type ViolationFilter, type ViolationItem, type ViolationStatus, type ViolationType } from '@app/oversight';
import { CaseNumbers } from './case-numbers.js';
import { FiguresRollup } from './figures-rollup.service.js';
import { FiguresSources } from './figures-sources.service.js';
import { addCounts, mergeKeyed, ratesOf, splitPeriod, zeroCounts, type Counts, type KeyedCounts, type Rates } from './figures.js';
import type { EfficiencyQuery, Grouping, PeriodQuery, ViolationItemsQuery, ViolationReportQuery } from './report.dto.js';

type Ref = OfficeRef;

export interface StatusCounts {
  total: number;
  detected: number;
  confirmed: number;
  dismissed: number;
}

export interface ViolationReport {
  period: { from: string; to: string };
  filter: { unitId: string | null; officeId: string | null; staffId: string | null; type: ViolationType | null };
  total: StatusCounts;
  byOffice: Array<StatusCounts & { office: Ref | null }>;
  byStaff: Array<StatusCounts & { staff: StaffRef; office: Ref | null }>;
  byType: Array<StatusCounts & { type: ViolationType; code: string; name: string }>;
}

export interface ViolationItemView extends Omit<ViolationItem, 'responsible' | 'actions'> {
  typeName: string;
  staff: StaffRef;
  office: Ref | null;
  /** The case's receipt number (null: no case, or not accepted). */
  receiptNo: string | null;
  responsible: Array<StaffRef & { role: ViolationItem['responsible'][number]['role'] }>;
  actions: Array<Omit<ViolationItem['actions'][number], 'staffId'> & { staff: StaffRef | null }>;
}

export type EfficiencyRow = {
  unit: Ref;
  office: Ref | null;
  staff: StaffRef | null;
} & Counts &
  Rates;

export interface EfficiencyReport {
  period: { from: string; to: string };
  by: Grouping;
  filter: { unitId: string | null; officeId: string | null; staffId: string | null };
  rows: EfficiencyRow[];
  total: Counts & Rates;
  /** How the period was read: whole days from the daily rollup, the rest live. */
  source: { rolledUpDays: number; liveIntervals: number };
}

/**
 * Reports composed from the figures each lib keeps of its own records: the violation report with its
 * drill-down, and the efficiency figures per office or staff member (绩效考评).
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly directory: StaffDirectory,
    private readonly violations: ViolationReports,
    private readonly sources: FiguresSources,
    private readonly rollup: FiguresRollup,
    private readonly caseNumbers: CaseNumbers,
  ) {}

  async violationReport(actor: Actor, q: ViolationReportQuery): Promise<ViolationReport> {
    return this.violationReportIn(await this.scope(actor, q.office), q);
  }

  async violationReportIn(scope: SupervisionScope, q: ViolationReportQuery): Promise<ViolationReport> {
    const filter = violationFilter(scope, q);
    const counts = await this.violations.counts(filter);
    const [staff, offices] = await Promise.all([this.directory.staff(counts.map((c) => c.staffId)), this.directory.offices(counts.map((c) => c.officeId).filter((x): x is string => !!x))]);
    const officeRef = (id: string | null): Ref | null => (id ? { id, name: offices.get(id)?.name ?? '' } : null);
    const staffRef = (id: string): StaffRef => ({ id, name: staff.get(id)?.name ?? '', badgeNo: staff.get(id)?.badgeNo ?? '' });
    const tally = <K>(key: (c: (typeof counts)[number]) => K) => {
      const out = new Map<K, StatusCounts>();
      for (const c of counts) {
        const k = key(c);
        const t = out.get(k) ?? { total: 0, detected: 0, confirmed: 0, dismissed: 0 };
        t.total += c.count;
        t[c.status] += c.count;
        out.set(k, t);
      }
      return [...out.entries()].sort((a, b) => b[1].total - a[1].total);
    };
    const officeOfStaff = new Map(counts.map((c) => [c.staffId, c.officeId]));
    return {
      period: { from: filter.from.toISOString(), to: filter.to.toISOString() },
      filter: { unitId: filter.unitId, officeId: filter.officeId ?? null, staffId: filter.staffId ?? null, type: filter.type ?? null },
      total: tally(() => 'all')[0]?.[1] ?? { total: 0, detected: 0, confirmed: 0, dismissed: 0 },
      byOffice: tally((c) => c.officeId).map(([id, t]) => ({ office: officeRef(id), ...t })),
      byStaff: tally((c) => c.staffId).map(([id, t]) => ({ staff: staffRef(id), office: officeRef(officeOfStaff.get(id) ?? null), ...t })),
      byType: tally((c) => c.type).map(([type, t]) => ({ type, code: VIOLATION_TYPES[type], name: VIOLATION_CATALOGUE[type]?.name ?? type, ...t })),
    };
  }

  /** Each violation with its evidence, newest first, a page at a time. */
  async violationItems(actor: Actor, q: ViolationItemsQuery) {
    const filter = violationFilter(await this.scope(actor, q.office), q);
    const { page, pageSize } = pageOf(q, 50);
    const { items, total } = await this.violations.items(filter, page, pageSize);
    const people = items.flatMap((i) => [i.staffId, ...i.responsible.map((r) => r.staffId), ...i.actions.flatMap((a) => (a.staffId ? [a.staffId] : []))]);
    const [staff, offices, numbers] = await Promise.all([
      this.directory.staff(people),
      this.directory.offices(items.map((i) => i.officeId).filter((x): x is string => !!x)),
      this.caseNumbers.of(items.map((i) => i.caseId).filter((x): x is string => !!x)),
    ]);
    const ref = (id: string): StaffRef => ({ id, name: staff.get(id)?.name ?? '', badgeNo: staff.get(id)?.badgeNo ?? '' });
    return {
      period: { from: filter.from.toISOString(), to: filter.to.toISOString() },
      items: items.map(
        (i): ViolationItemView => ({
          ...i,
          typeName: VIOLATION_CATALOGUE[i.type]?.name ?? i.type,
          staff: ref(i.staffId),
          office: i.officeId ? { id: i.officeId, name: offices.get(i.officeId)?.name ?? '' } : null,
          receiptNo: i.caseId ? (numbers.get(i.caseId) ?? null) : null,
          responsible: i.responsible.map((r) => ({ ...ref(r.staffId), role: r.role })),
          actions: i.actions.map(({ staffId, ...a }) => ({ ...a, staff: staffId ? ref(staffId) : null })),
        }),
      ),
      total,
      page,
      pageSize,
    };
  }

  async efficiency(actor: Actor, q: EfficiencyQuery): Promise<EfficiencyReport> {
    return this.efficiencyIn(await this.scope(actor, q.office), q);
  }

  async efficiencyIn(scope: SupervisionScope, q: EfficiencyQuery): Promise<EfficiencyReport> {
    const { from, to } = period(q);
    const by = q.by ?? 'office';
    const { rows, source } = await this.figures(scope.unitId, from, to);
    const staffFilter = q.staff ?? null;
    const kept = rows.filter((r) => (!scope.officeId || r.officeId === scope.officeId) && (!staffFilter || r.staffId === staffFilter));
    const grouped = mergeKeyed(kept.map((r) => (by === 'office' ? { ...r, staffId: '' } : r)));
    const [staff, offices] = await Promise.all([this.directory.staff(kept.map((r) => r.staffId)), this.directory.offices(kept.map((r) => r.officeId).filter((x): x is string => !!x))]);
    const units = new Map<string, Ref>();
    for (const u of (await this.directory.units([...new Set(grouped.map((g) => g.unitId))])).values()) units.set(u.id, { id: u.id, name: u.name });
    const total = kept.reduce((acc, r) => addCounts(acc, r.counts), zeroCounts());
    const out = grouped
      .map(
        (g): EfficiencyRow => ({
          unit: units.get(g.unitId)!,
          office: g.officeId ? { id: g.officeId, name: offices.get(g.officeId)?.name ?? '' } : null,
          staff: g.staffId ? { id: g.staffId, name: staff.get(g.staffId)?.name ?? '', badgeNo: staff.get(g.staffId)?.badgeNo ?? '' } : null,
          ...g.counts,
          ...ratesOf(g.counts),
        }),
      )
      .sort(
        (a, b) =>
          a.unit.name.localeCompare(b.unit.name, 'zh') ||
          (a.office?.name ?? '\uffff').localeCompare(b.office?.name ?? '\uffff', 'zh') ||
          (a.staff?.badgeNo ?? '').localeCompare(b.staff?.badgeNo ?? ''),
      );
    return {
      period: { from: from.toISOString(), to: to.toISOString() },
      by,
      filter: { unitId: scope.unitId, officeId: scope.officeId, staffId: staffFilter },
      rows: out,
      total: { ...total, ...ratesOf(total) },
      source,
    };
  }

  /**
   * The figures of [from, to) per unit, office and staff member: whole days already rolled up are read
   * from the rollup, the rest is computed live by the owning libs; violations are always live. A record
   * without an office (a notice by staff in no office) is placed in its staff member's office.
   */
  async figures(unitId: string | null, from: Date, to: Date): Promise<{ rows: Array<KeyedCounts & { counts: Counts }>; source: EfficiencyReport['source'] }> {
    const rolled = await this.rollup.rolledDays(shanghaiDate(from), shanghaiDate(to));
    const { rolledDays, live } = splitPeriod(from, to, rolled);
    const parts = await Promise.all([
      this.rollup.read(unitId, rolledDays),
      ...live.map(([a, b]) => this.sources.rollable(unitId, a, b)),
      this.sources.violationCounts(unitId, from, to),
    ]);
    const all = parts.flat();
    const unplaced = all.filter((r) => !r.officeId).map((r) => r.staffId);
    if (unplaced.length > 0) {
      const staff = await this.directory.staff(unplaced);
      for (const r of all) if (!r.officeId) r.officeId = staff.get(r.staffId)?.officeId ?? null;
    }
    return { rows: mergeKeyed(all), source: { rolledUpDays: rolledDays.length, liveIntervals: live.length } };
  }

  /** A unit's own reports (the bulletin): an office head's are their office's. */
  async unitScope(actor: Actor): Promise<SupervisionScope> {
    if (actor.roles.includes('inspector') || actor.roles.includes('leader')) return { unitId: actor.unitId, officeId: null };
    return this.scope(actor, undefined);
  }

  /** Inspectors read every unit; leaders their unit; office heads their own office only (as the violation registry). */
  scope(actor: Actor, office: string | undefined): Promise<SupervisionScope> {
    return supervisionScope(this.directory, actor, office, { code: 'REPORT', records: 'reports', field: 'office' });
  }
}

function violationFilter(scope: SupervisionScope, q: ViolationReportQuery): ViolationFilter {
  const { from, to } = period(q);
  return { unitId: scope.unitId, from, to, officeId: scope.officeId ?? undefined, staffId: q.staff, type: q.type };
}

function period(q: PeriodQuery): { from: Date; to: Date } {
  return { from: parseIsoWithOffset(q.from)!, to: parseIsoWithOffset(q.to)! };
}

export type { ViolationStatus };

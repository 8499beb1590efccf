import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ViolationReports } from '@app/oversight';
import type { KeyedCounts } from './figures.js';

/** The libraries that own records the efficiency figures count. Each registers its source at start-up. */
export const FIGURE_SOURCES = ['enquiries', 'cases', 'notices', 'rejections', 'ratings'] as const;
export type FigureSourceName = (typeof FIGURE_SOURCES)[number];

/** One library's aggregate of its own records in [from, to), per unit, office and staff member (unit null: all). */
export type FigureSource = (unitId: string | null, from: Date, to: Date) => Promise<KeyedCounts[]>;

/**
 * The efficiency figures of a period straight from the libs that own the records, each with its own
 * aggregate query. The owners register here (the first-contact log, cases and extensions, one-time
 * notices, rejection filings, citizen ratings), so reports sit below them in the graph; violations come
 * from the registry below. Start-up fails when a source is missing or doubled: a report must never
 * silently count zero cases because a module was left out.
 */
@Injectable()
export class FiguresSources implements OnApplicationBootstrap {
  private readonly sources = new Map<FigureSourceName, FigureSource>();

  constructor(private readonly violations: ViolationReports) {}

  register(name: FigureSourceName, source: FigureSource): void {
    if (this.sources.has(name)) throw new Error(`figures source ${name} is registered twice`);
    this.sources.set(name, source);
  }

  onApplicationBootstrap(): void {
    const missing = FIGURE_SOURCES.filter((n) => !this.sources.has(n));
    if (missing.length > 0) throw new Error(`figures sources missing: ${missing.join(', ')} (import their modules)`);
  }

  /** The counts that a daily rollup may keep (everything but violations). */
  async rollable(unitId: string | null, from: Date, to: Date): Promise<KeyedCounts[]> {
    const all = await Promise.all(FIGURE_SOURCES.map((n) => this.sources.get(n)!(unitId, from, to)));
    return all.flat();
  }

  /** Violations by when they occurred, always live: an inspector's decision changes them after the day. */
  async violationCounts(unitId: string | null, from: Date, to: Date): Promise<KeyedCounts[]> {
    const rows = await this.violations.counts({ unitId, from, to });
    return rows
      .filter((r) => r.status !== 'dismissed')
      .map((r) => ({
        unitId: r.unitId,
        officeId: r.officeId,
        staffId: r.staffId,
        counts: { violations: r.count, violationsConfirmed: r.status === 'confirmed' ? r.count : 0 },
      }));
  }
}

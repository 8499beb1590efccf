import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** One piece of a staff member's unfinished work, as a handover list shows it. */
export interface PendingWorkItem {
  kind: 'case' | 'approval' | 'transfer' | 'rectification' | 'complaint';
  id: string;
  title: string;
  dueAt: string | null;
}

export type PendingWorkSource = (m: EntityManager, staffId: string) => Promise<PendingWorkItem[]>;

/**
 * Where a handover list comes from. Organization cannot read other libs' tables, so the libs that own
 * pending work (cases, approvals, transfers) register a source here at start-up.
 */
@Injectable()
export class PendingWorkRegistry {
  private readonly sources: PendingWorkSource[] = [];

  register(source: PendingWorkSource): void {
    this.sources.push(source);
  }

  /** Every source's items for this staff member, read through the caller's transaction. */
  async collect(m: EntityManager, staffId: string): Promise<PendingWorkItem[]> {
    const items: PendingWorkItem[] = [];
    // One after another: they share the caller's connection.
    for (const source of this.sources) items.push(...(await source(m, staffId)));
    return items;
  }
}

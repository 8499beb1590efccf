import { Injectable } from '@nestjs/common';
import type { Actor } from '@app/core';
import type { EntityManager } from 'typeorm';

/** One piece of a staff member's unfinished work, as a handover list shows it. */
export interface PendingWorkItem {
  kind: 'case' | 'approval' | 'transfer' | 'rectification' | 'complaint' | 'internal_task';
  id: string;
  title: string;
  dueAt: string | null;
}

export type PendingWorkSource = (m: EntityManager, staffId: string) => Promise<PendingWorkItem[]>;

/** Moves one kind of a staff member's open work to a colleague, in the caller's transaction. */
export type PendingWorkReassigner = (m: EntityManager, actor: Actor, fromId: string, toId: string) => Promise<void>;

/**
 * Where a handover list comes from. Organization cannot read other libs' tables, so the libs that own
 * pending work (cases, approvals, transfers) register a source here at start-up.
 */
@Injectable()
export class PendingWorkRegistry {
  private readonly sources: PendingWorkSource[] = [];
  private readonly reassigners = new Map<PendingWorkItem['kind'], PendingWorkReassigner>();

  register(source: PendingWorkSource): void {
    this.sources.push(source);
  }

  /** The lib owning a kind of work says how to move it (a deactivated staff member's cases). */
  registerReassigner(kind: PendingWorkItem['kind'], reassigner: PendingWorkReassigner): void {
    if (this.reassigners.has(kind)) throw new Error(`a reassigner of ${kind} is registered twice`);
    this.reassigners.set(kind, reassigner);
  }

  /** Whether a kind of work moves with a deactivated staff member (its lib registered a reassigner). */
  movable(kind: PendingWorkItem['kind']): boolean {
    return this.reassigners.has(kind);
  }

  async reassign(m: EntityManager, actor: Actor, kind: PendingWorkItem['kind'], fromId: string, toId: string): Promise<void> {
    const reassigner = this.reassigners.get(kind);
    if (!reassigner) throw new Error(`nothing reassigns ${kind}`);
    await reassigner(m, actor, fromId, toId);
  }

  /** Every source's items for this staff member, read through the caller's transaction. */
  async collect(m: EntityManager, staffId: string): Promise<PendingWorkItem[]> {
    const items: PendingWorkItem[] = [];
    // One after another: they share the caller's connection.
    for (const source of this.sources) items.push(...(await source(m, staffId)));
    return items;
  }
}

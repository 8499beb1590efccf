import { Injectable } from '@nestjs/common';
import { Clock, DomainError, type Actor } from '@app/core';
import { json, readRows, rowMapper } from '@app/platform';
import type { EntityManager } from 'typeorm';
import { PendingWorkRegistry, type PendingWorkItem } from './pending-work.registry.js';
import { SubstitutionService } from './substitution.service.js';

/** What a deactivation handed over, to whom (同岗替代制). */
export interface StaffHandoverView {
  id: string;
  substituteId: string;
  items: PendingWorkItem[];
  createdAt: string;
}

const handoverRow = rowMapper('staff_handover', { id: 'text', substitute_id: 'text', items: json<PendingWorkItem[]>(), created_at: 'timestamp' });

/**
 * A staff member is not deactivated with open cases or internal tasks left on their desk: the admin is
 * refused with the list, or names reassignment through the post's substitute (B 角), who gets them with a
 * handover record, in the deactivation's transaction.
 */
@Injectable()
export class StaffDeactivation {
  constructor(
    private readonly clock: Clock,
    private readonly pendingWork: PendingWorkRegistry,
    private readonly substitution: SubstitutionService,
  ) {}

  /** Null when nothing was open; the handover when the open cases went to the substitute. */
  async handOver(m: EntityManager, actor: Actor, staffId: string, reassignTo: 'substitute' | undefined): Promise<StaffHandoverView | null> {
    // Work held in their own name (cases, internal tasks), not decisions or transfers that route by role.
    const open = (await this.pendingWork.collect(m, staffId)).filter((i) => this.pendingWork.movable(i.kind));
    if (open.length === 0) return null;
    if (!reassignTo) {
      throw new DomainError('STAFF.HAS_OPEN_CASES', `${open.length} open case(s) or task(s) are still with this staff member: reassign them, or name reassignTo: substitute`, 'conflict', 'active', {
        openCases: open,
      });
    }
    const substitute = (await this.substitution.candidates(m, staffId)).find((c) => c.via === 'substitute');
    if (!substitute) throw new DomainError('STAFF.NO_SUBSTITUTE', 'this staff member holds no post with an active substitute to take the cases', 'conflict', 'reassignTo');
    for (const kind of new Set(open.map((i) => i.kind))) await this.pendingWork.reassign(m, actor, kind, staffId, substitute.id);
    const [row] = readRows(
      handoverRow,
      await m.query(
        `INSERT INTO staff_handover (unit_id, staff_id, substitute_id, reason, items, created_by, created_at)
         VALUES ($1, $2, $3, 'deactivation', $4, $5, $6) RETURNING id, substitute_id, items, created_at`,
        [actor.unitId, staffId, substitute.id, JSON.stringify(open), actor.id, this.clock.now()],
      ),
    );
    return { id: row!.id, substituteId: row!.substitute_id, items: row!.items, createdAt: row!.created_at.toISOString() };
  }
}

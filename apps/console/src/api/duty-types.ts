import type { StaffRef } from './types';

/** Posts, who covers them, absences and their handovers (同岗替代制), as the console uses them. */

export interface Post {
  id: string;
  name: string;
  kind: 'staff' | 'leader';
  officeId: string | null;
  window: boolean;
  holder: StaffRef;
  substitute: (StaffRef & { active: boolean }) | null;
  active: boolean;
}

interface PersonRef {
  id: string;
  name: string;
}

export interface Coverage {
  post: { id: string; name: string; kind: 'staff' | 'leader'; officeId: string | null };
  holder: PersonRef & { present: boolean };
  substitute: (PersonRef & { present: boolean; active: boolean }) | null;
  coveredBy: (PersonRef & { staffId: string; as: 'holder' | 'stand_in' | 'substitute' | 'office_head' | 'leader' }) | null;
  window: boolean;
}

export type AbsenceType = 'meeting' | 'trip' | 'leave' | 'other';
export type AbsenceStatus = 'requested' | 'approved' | 'rejected' | 'cancelled';

export interface Absence {
  id: string;
  staff: StaffRef;
  type: AbsenceType;
  startsAt: string;
  endsAt: string;
  /** Working time the absence covers, on the server's calendar. */
  workingMinutes: number;
  reason: string;
  standIn: StaffRef | null;
  status: AbsenceStatus;
  requestedBy: StaffRef;
  decidedBy: StaffRef | null;
  decisionNote: string | null;
  /** More than one working day away: approved only once the handover list is acknowledged. */
  handoverRequired: boolean;
  /** The handover list (one absence read on its own only). */
  handover?: Handover | null;
  /** Service windows the absence would leave unattended. */
  warnings?: Array<{ code: string; postName: string; from: string; to: string; message: string }>;
}

/** 交接清单: the absentee's pending work, snapshotted, for the colleague who takes it over. */
export interface Handover {
  items: Array<{ kind: 'case' | 'approval' | 'transfer' | 'rectification'; id: string; title: string; dueAt: string | null }>;
  notes: string;
  substitute: StaffRef;
  createdAt: string;
  acknowledgedBy: StaffRef | null;
  acknowledgedAt: string | null;
}

export interface AbsenceInput {
  staffId?: string;
  type: AbsenceType;
  startsAt: string;
  endsAt: string;
  reason: string;
  standInId?: string;
}

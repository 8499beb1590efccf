import { STEPS, type Step } from '@app/core';
import { json, nullable, oneOf, rowMapper } from '../database/rows.js';

/** How loud an alert is: yellow for a warning, red past a due time, info for news on one's desk. */
export const ALERT_LEVELS = ['info', 'yellow', 'red'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

/**
 * What an alert tells its recipient. Stored with every alert: never rename one.
 * - escalation: a step of a clock fired (warning, due, overdue up the ladder);
 * - assigned: work was put on one's desk (a transfer to acknowledge, a decision waiting, a rectification);
 * - due_moved: the due time of one's work moved (a calendar change, an approved extension);
 * - decided: one's request was decided (an extension, a refusal);
 * - violation_confirmed: an inspector confirmed a violation one is held responsible for.
 */
export const ALERT_EVENTS = ['escalation', 'assigned', 'due_moved', 'decided', 'violation_confirmed'] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];

/** What a person reads at a glance about the subject (personal data masked). */
export interface AlertSummary {
  /** 收件〔2026〕0001号, or an enquiry's ZX10000001. */
  number?: string;
  serviceItem?: string;
  /** The applicant's or citizen's name, masked (张*). */
  applicant?: string;
  /** A line of free text: the enquiry's subject, the reason asked for. */
  text?: string;
}

export interface NewAlert {
  recipientId: string;
  /** Whom the recipient stands in for while they are away (同岗替代制). */
  actingFor?: string | null;
  unitId: string;
  /** What the alert is about: 'case', 'enquiry', 'rejection_decision', 'extension_decision', 'rectification', 'violation', … */
  kind: string;
  subjectId: string;
  event: AlertEvent;
  level: AlertLevel;
  title: string;
  step?: Step | null;
  dueAt?: Date | null;
  summary?: AlertSummary;
  /** Where the console shows the subject, e.g. /cases/{id}. */
  link?: string | null;
}

export interface AlertView {
  id: string;
  recipientId: string;
  actingFor: string | null;
  kind: string;
  event: AlertEvent;
  subjectId: string;
  /** The case, for an alert about a case. */
  caseId: string | null;
  step: Step | null;
  level: AlertLevel;
  title: string;
  summary: AlertSummary;
  link: string | null;
  dueAt: string | null;
  createdAt: string;
  readAt: string | null;
}

export const alertRow = rowMapper('alert', {
  id: 'text',
  recipient_id: 'text',
  acting_for: 'text?',
  kind: 'text',
  event: oneOf(ALERT_EVENTS),
  subject_id: 'text',
  step: nullable(oneOf(STEPS)),
  level: oneOf(ALERT_LEVELS),
  title: 'text',
  summary: json<AlertSummary | null>(),
  link: 'text?',
  due_at: 'timestamp?',
  created_at: 'timestamp',
  read_at: 'timestamp?',
});
export type AlertRow = ReturnType<typeof alertRow>;

export function alertView(r: AlertRow): AlertView {
  return {
    id: r.id,
    recipientId: r.recipient_id,
    actingFor: r.acting_for,
    kind: r.kind,
    event: r.event,
    subjectId: r.subject_id,
    caseId: r.kind === 'case' ? r.subject_id : null,
    step: r.step,
    level: r.level,
    title: r.title,
    summary: r.summary ?? {},
    link: r.link,
    dueAt: r.due_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
    readAt: r.read_at?.toISOString() ?? null,
  };
}

/** The Redis channel, or PostgreSQL NOTIFY channel, the alerts of an installation (a queue prefix) go on. */
export function alertChannel(prefix: string): string {
  return `${prefix}:alerts`;
}

/** Alert ids per NOTIFY: 36 characters and a comma each, under PostgreSQL's 8000-byte payload limit. */
const IDS_PER_NOTIFY = 200;

/**
 * NOTIFY of the alerts' ids on the PostgreSQL backend, in the caller's transaction: delivered when it
 * commits, never if it rolls back. Ids only: a listener reads the rows, so the payload stays small.
 */
export async function notifyAlerts(m: { query(sql: string, params: unknown[]): Promise<unknown> }, prefix: string, ids: string[]): Promise<void> {
  const chunks: string[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_NOTIFY) chunks.push(ids.slice(i, i + IDS_PER_NOTIFY).join(','));
  if (chunks.length > 0) await m.query('SELECT pg_notify($1, chunk) FROM unnest($2::text[]) AS chunk', [alertChannel(prefix), chunks]);
}

/** The alert ids of one NOTIFY payload, or null when it is not what notifyAlerts sends. */
export function parseAlertIds(payload: string | undefined): string[] | null {
  const ids = (payload ?? '').split(',');
  return ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) ? ids : null;
}

/**
 * The rungs of the escalation ladder of every time limit (限时办结制 and the clocks built like it): a
 * warning (yellow), the due time (red), then overdue to the office head, the leader and the inspector.
 * Step names are stored in the database and in queued jobs: never rename one.
 */
export const STEPS = ['warning', 'due', 'overdue_office_head', 'overdue_leader', 'overdue_inspector'] as const;
export type Step = (typeof STEPS)[number];

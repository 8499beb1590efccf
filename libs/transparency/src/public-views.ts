import type { EvaluationView, OfficeEvaluationView } from '@app/evaluation';

/** A published staff result as the public reads it: the name, the office and the grade, nothing else. */
export interface PublicStaffResult {
  name: string;
  office: string | null;
  gradeLabel: string;
}

/** A published office result: both parts (领导评议、群众评议), the total and the grade. */
export interface PublicOfficeResult {
  office: string;
  leadersScore: number | null;
  citizensScore: number | null;
  ratings: number;
  total: number | null;
  gradeLabel: string | null;
}

/** No staff id, badge number, figures or scores: a grade per name, in the order of the office and name. */
export function publicStaffResults(ev: EvaluationView, offices: Array<{ id: string; name: string }>): PublicStaffResult[] {
  const officeName = new Map(offices.map((o) => [o.id, o.name]));
  return ev.results
    .map((r) => ({ name: r.staff.name, office: r.staff.officeId ? (officeName.get(r.staff.officeId) ?? null) : null, gradeLabel: r.gradeLabel ?? '' }))
    .sort((a, b) => (a.office ?? '').localeCompare(b.office ?? '', 'zh-CN') || a.name.localeCompare(b.name, 'zh-CN'));
}

/** No leader's name, no verification: the office's parts, total and grade. */
export function publicOfficeResults(ev: OfficeEvaluationView): PublicOfficeResult[] {
  return ev.results.map((r) => ({
    office: r.office.name,
    leadersScore: r.leaders.score,
    citizensScore: r.citizens.score,
    ratings: r.citizens.ratings,
    total: r.total,
    gradeLabel: r.gradeLabel,
  }));
}

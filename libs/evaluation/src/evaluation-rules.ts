/**
 * 绩效考评制 as plain functions: a quantitative score from recorded figures, leaders' qualitative scores
 * on 德、能、勤、绩、廉, one total, and a grade by thresholds with an optional cap on the share of 优秀.
 */

export const GRADES = ['excellent', 'competent', 'basically_competent', 'incompetent'] as const;
export type Grade = (typeof GRADES)[number];
export const GRADE_LABELS: Record<Grade, string> = {
  excellent: '优秀',
  competent: '称职',
  basically_competent: '基本称职',
  incompetent: '不称职',
};

export const QUALITIES = ['de', 'neng', 'qin', 'ji', 'lian'] as const;
export type Quality = (typeof QUALITIES)[number];
export type QualitativeScores = Record<Quality, number>;

/** What the evaluation reads of a staff member's recorded work in the period. Null: nothing to measure. */
export interface StaffFigures {
  casesCompleted: number;
  /** Completed within the time in force (0..1). */
  onTimeRate: number | null;
  /** Completed at least a working day early (0..1). */
  earlyRate: number | null;
  /** Mean working time used over the committed working time (1 = all of it). */
  meanHandlingRatio: number | null;
  /** Mean citizen rating, 非常满意 = 1 … 非常不满意 = 0. */
  satisfaction: number | null;
  /** Violations confirmed by an inspector in the period. */
  confirmedViolations: number;
}

export interface EvaluationScheme {
  /** Weights of the quantitative components; those a staff member has no figure for are left out. */
  weights: { onTime: number; early: number; handling: number; satisfaction: number };
  /** Points off the quantitative score (0..100) per confirmed violation. */
  violationPenalty: number;
  /** Share of the total from the quantitative score; the rest is the leaders' qualitative score. */
  quantitativeShare: number;
  qualitativeWeights: QualitativeScores;
  /** Lowest total for each grade; below `basicallyCompetent` is 不称职. */
  thresholds: { excellent: number; competent: number; basicallyCompetent: number };
  /** At most this share of the staff evaluated is 优秀 (e.g. 0.2); null: no cap. */
  excellentCap: number | null;
}

export const DEFAULT_SCHEME: EvaluationScheme = {
  weights: { onTime: 0.4, early: 0.1, handling: 0.2, satisfaction: 0.3 },
  violationPenalty: 5,
  quantitativeShare: 0.6,
  qualitativeWeights: { de: 0.2, neng: 0.2, qin: 0.2, ji: 0.2, lian: 0.2 },
  thresholds: { excellent: 90, competent: 75, basicallyCompetent: 60 },
  excellentCap: 0.2,
};

const round2 = (x: number) => Math.round(x * 100) / 100;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** The scheme's problems, by field; empty when it is usable. */
export function schemeProblems(s: EvaluationScheme): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = [];
  const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
  if (Math.abs(sum(s.weights) - 1) > 1e-9) problems.push({ field: 'weights', message: 'the quantitative weights must add up to 1' });
  if (Math.abs(sum(s.qualitativeWeights) - 1) > 1e-9) problems.push({ field: 'qualitativeWeights', message: 'the qualitative weights must add up to 1' });
  const t = s.thresholds;
  if (!(t.excellent > t.competent && t.competent > t.basicallyCompetent)) {
    problems.push({ field: 'thresholds', message: 'thresholds must fall: excellent > competent > basicallyCompetent' });
  }
  return problems;
}

/**
 * 0..100 from the figures, or null when there is nothing to measure (no completed case, no rating).
 * Handling: no time used scores 1, all the committed time 0.5, twice it 0.
 */
export function quantitativeScore(f: StaffFigures, s: EvaluationScheme): number | null {
  const parts: Array<[number, number | null]> = [
    [s.weights.onTime, f.casesCompleted > 0 ? f.onTimeRate : null],
    [s.weights.early, f.casesCompleted > 0 ? f.earlyRate : null],
    [s.weights.handling, f.meanHandlingRatio === null ? null : clamp(1 - f.meanHandlingRatio / 2, 0, 1)],
    [s.weights.satisfaction, f.satisfaction],
  ];
  const present = parts.filter((p): p is [number, number] => p[1] !== null && p[0] > 0);
  const weight = present.reduce((a, [w]) => a + w, 0);
  if (weight === 0) return null;
  const raw = (100 * present.reduce((a, [w, v]) => a + w * v, 0)) / weight;
  return round2(clamp(raw - s.violationPenalty * f.confirmedViolations, 0, 100));
}

export function qualitativeScore(q: QualitativeScores, s: EvaluationScheme): number {
  return round2(QUALITIES.reduce((a, k) => a + s.qualitativeWeights[k] * q[k], 0));
}

/** The total: the shares of both scores; with nothing measured, the qualitative score less the penalties. */
export function totalScore(quantitative: number | null, qualitative: number, f: StaffFigures, s: EvaluationScheme): number {
  if (quantitative === null) return round2(clamp(qualitative - s.violationPenalty * f.confirmedViolations, 0, 100));
  return round2(s.quantitativeShare * quantitative + (1 - s.quantitativeShare) * qualitative);
}

export function gradeOf(total: number, s: Pick<EvaluationScheme, 'thresholds'>): Grade {
  const t = s.thresholds;
  if (total >= t.excellent) return 'excellent';
  if (total >= t.competent) return 'competent';
  if (total >= t.basicallyCompetent) return 'basically_competent';
  return 'incompetent';
}

export interface Scored {
  staffId: string;
  /** Orders ties deterministically (the badge number). */
  tieBreak: string;
  total: number;
  quantitative: number | null;
}

export interface Graded {
  staffId: string;
  grade: Grade;
  /** True when the total reached 优秀 but the cap left no place: graded 称职. */
  capped: boolean;
}

/**
 * Grades by threshold, then applies the cap: at most floor(n × cap) of the n staff are 优秀, the highest
 * totals first (ties: higher quantitative score, then badge number). Those left out are 称职.
 */
export function grade(scored: Scored[], s: EvaluationScheme): Graded[] {
  const graded = new Map(scored.map((x) => [x.staffId, { staffId: x.staffId, grade: gradeOf(x.total, s), capped: false }]));
  if (s.excellentCap !== null) {
    const places = Math.floor(scored.length * s.excellentCap + 1e-9);
    const candidates = scored
      .filter((x) => graded.get(x.staffId)!.grade === 'excellent')
      .sort((a, b) => b.total - a.total || (b.quantitative ?? -1) - (a.quantitative ?? -1) || a.tieBreak.localeCompare(b.tieBreak));
    for (const x of candidates.slice(places)) graded.set(x.staffId, { staffId: x.staffId, grade: 'competent', capped: true });
  }
  return scored.map((x) => graded.get(x.staffId)!);
}

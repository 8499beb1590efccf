import { gradeOf, type EvaluationScheme, type Grade } from './evaluation-rules.js';

/**
 * 对机关各部门的绩效考评 (seed 002, 八): an office is scored on 年度工作目标、履行职责、廉政建设、工作效率
 * by the leaders (领导评议: each leader's weighted score, averaged), and by the citizens who rated its
 * service (群众评议: their mean satisfaction on 0..100). The two stay separate parts of the result; the
 * total weighs them, and an office below the pass mark (不合格) is verified by the organisation (组织核查).
 */

export const ASPECTS = ['goals', 'duties', 'integrity', 'efficiency'] as const;
export type Aspect = (typeof ASPECTS)[number];
export type AspectScores = Record<Aspect, number>;
export const ASPECT_LABELS: Record<Aspect, string> = { goals: '年度工作目标', duties: '履行职责', integrity: '廉政建设', efficiency: '工作效率' };

/** An office's grades read 优秀、良好、合格、不合格 (the staff scheme's thresholds). */
export const OFFICE_GRADE_LABELS: Record<Grade, string> = {
  excellent: '优秀',
  competent: '良好',
  basically_competent: '合格',
  incompetent: '不合格',
};

/** What a unit sets for its offices' evaluation. */
export interface OfficeWeights {
  aspectWeights: AspectScores;
  /** Share of the total from the leaders' part; the rest is the citizens'. */
  leadersShare: number;
}

export const DEFAULT_OFFICE_WEIGHTS: OfficeWeights = { aspectWeights: { goals: 0.25, duties: 0.25, integrity: 0.25, efficiency: 0.25 }, leadersShare: 0.7 };

/** The scheme an evaluation of offices is drafted with: the unit's weights, and its grade thresholds (the staff scheme's). */
export interface OfficeScheme extends OfficeWeights {
  thresholds: EvaluationScheme['thresholds'];
}

export function officeScheme(unit: EvaluationScheme, weights: OfficeWeights = DEFAULT_OFFICE_WEIGHTS): OfficeScheme {
  return { aspectWeights: { ...weights.aspectWeights }, leadersShare: weights.leadersShare, thresholds: { ...unit.thresholds } };
}

/** The weights' problems, by field; empty when usable. */
export function officeWeightsProblems(w: OfficeWeights): Array<{ field: string; message: string }> {
  const sum = ASPECTS.reduce((a, k) => a + w.aspectWeights[k], 0);
  return Math.abs(sum - 1) > 1e-9 ? [{ field: 'aspectWeights', message: 'the weights of the four aspects must add up to 1' }] : [];
}

/** What the evaluation reads of an office's recorded work in the period. */
export interface OfficeFigures {
  casesCompleted: number;
  onTimeRate: number | null;
  /** Citizens' ratings of the office's service that count (an upheld appeal takes one out). */
  ratings: number;
  /** Mean rating, 非常满意 = 1 … 非常不满意 = 0; null with no rating. */
  satisfaction: number | null;
  confirmedViolations: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** One leader's score of an office: the weighted aspects. */
export function aspectScore(scores: AspectScores, s: OfficeScheme): number {
  return round2(ASPECTS.reduce((a, k) => a + s.aspectWeights[k] * scores[k], 0));
}

/** 领导评议: the mean of the leaders' scores; null when no leader has scored. */
export function leadersScore(scores: AspectScores[], s: OfficeScheme): number | null {
  if (scores.length === 0) return null;
  return round2(scores.reduce((a, x) => a + aspectScore(x, s), 0) / scores.length);
}

/** 群众评议: mean satisfaction on 0..100; null when nobody rated the office. */
export function citizensScore(f: OfficeFigures): number | null {
  return f.satisfaction === null || f.ratings === 0 ? null : round2(f.satisfaction * 100);
}

/** The total: both parts by their shares; with no rating, the leaders' part alone. */
export function officeTotal(leaders: number, citizens: number | null, s: OfficeScheme): number {
  if (citizens === null) return leaders;
  return round2(s.leadersShare * leaders + (1 - s.leadersShare) * citizens);
}

export function officeGrade(total: number, s: OfficeScheme): Grade {
  return gradeOf(total, s);
}

/** 不合格: the office is verified by the organisation (组织核查). */
export const isFailing = (g: Grade): boolean => g === 'incompetent';

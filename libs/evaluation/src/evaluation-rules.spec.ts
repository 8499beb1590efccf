import { DEFAULT_SCHEME, grade, gradeOf, qualitativeScore, quantitativeScore, schemeProblems, totalScore, type StaffFigures } from './evaluation-rules.js';

const figures = (f: Partial<StaffFigures> = {}): StaffFigures => ({
  casesCompleted: 10,
  onTimeRate: 1,
  earlyRate: 0.5,
  meanHandlingRatio: 0.5,
  satisfaction: 0.9,
  confirmedViolations: 0,
  ...f,
});

describe('performance evaluation rules (绩效考评制)', () => {
  it('the quantitative score weighs each figure: 0.4×1 + 0.1×0.5 + 0.2×0.75 + 0.3×0.9 = 87', () => {
    expect(quantitativeScore(figures(), DEFAULT_SCHEME)).toBe(87);
  });

  it('each confirmed violation takes its penalty off, never below 0', () => {
    expect(quantitativeScore(figures({ confirmedViolations: 2 }), DEFAULT_SCHEME)).toBe(77);
    expect(quantitativeScore(figures({ confirmedViolations: 40 }), DEFAULT_SCHEME)).toBe(0);
  });

  it('a figure with nothing behind it is left out and the rest re-weighed; nothing at all gives null', () => {
    // No case completed, no handling time: satisfaction alone.
    expect(quantitativeScore(figures({ casesCompleted: 0, meanHandlingRatio: null, satisfaction: 0.8 }), DEFAULT_SCHEME)).toBe(80);
    expect(quantitativeScore(figures({ casesCompleted: 0, meanHandlingRatio: null, satisfaction: null }), DEFAULT_SCHEME)).toBeNull();
  });

  it('handling: no time used scores full, all the committed time half, twice it nothing', () => {
    const only = { ...DEFAULT_SCHEME, weights: { onTime: 0, early: 0, handling: 1, satisfaction: 0 } };
    expect([0, 1, 2, 3].map((r) => quantitativeScore(figures({ meanHandlingRatio: r }), only))).toEqual([100, 50, 0, 0]);
  });

  it('qualitative and total scores', () => {
    expect(qualitativeScore({ de: 90, neng: 80, qin: 100, ji: 70, lian: 60 }, DEFAULT_SCHEME)).toBe(80);
    expect(totalScore(87, 80, figures(), DEFAULT_SCHEME)).toBe(84.2); // 0.6×87 + 0.4×80
    expect(totalScore(null, 80, figures({ confirmedViolations: 1 }), DEFAULT_SCHEME)).toBe(75);
  });

  it.each([
    [100, 'excellent'],
    [90, 'excellent'],
    [89.99, 'competent'],
    [75, 'competent'],
    [74.99, 'basically_competent'],
    [60, 'basically_competent'],
    [59.99, 'incompetent'],
    [0, 'incompetent'],
  ])('a total of %s is %s (at and just under each threshold)', (total, expected) => {
    expect(gradeOf(total, DEFAULT_SCHEME)).toBe(expected);
  });

  it('the 优秀 cap: of 10 staff at most 2 are 优秀, the highest totals; the others who reached it are 称职, marked capped', () => {
    const scored = [95, 99, 91, 90, 92, 80, 70, 60, 50, 40].map((total, i) => ({ staffId: `s${i}`, tieBreak: `B${i}`, total, quantitative: total }));
    const byId = Object.fromEntries(grade(scored, DEFAULT_SCHEME).map((g) => [g.staffId, g]));
    expect(Object.values(byId).filter((g) => g.grade === 'excellent').map((g) => g.staffId).sort()).toEqual(['s0', 's1']);
    expect(['s2', 's3', 's4'].map((id) => byId[id])).toEqual(['s2', 's3', 's4'].map((staffId) => ({ staffId, grade: 'competent', capped: true })));
    expect(byId.s5).toEqual({ staffId: 's5', grade: 'competent', capped: false });
    expect([byId.s7!.grade, byId.s9!.grade]).toEqual(['basically_competent', 'incompetent']);
  });

  it('ties at the cap go to the higher quantitative score, then the badge number; fewer than 5 staff under a 20% cap leave no 优秀', () => {
    const tie = [
      { staffId: 'a', tieBreak: 'B2', total: 95, quantitative: 90 },
      { staffId: 'b', tieBreak: 'B1', total: 95, quantitative: 96 },
      { staffId: 'c', tieBreak: 'B0', total: 95, quantitative: 90 },
      ...Array.from({ length: 7 }, (_, i) => ({ staffId: `x${i}`, tieBreak: `C${i}`, total: 70, quantitative: 70 })),
    ];
    expect(grade(tie, DEFAULT_SCHEME).filter((g) => g.grade === 'excellent').map((g) => g.staffId)).toEqual(['b', 'c']);
    const four = tie.slice(0, 4);
    expect(grade(four, DEFAULT_SCHEME).filter((g) => g.grade === 'excellent')).toEqual([]);
    expect(grade(four, { ...DEFAULT_SCHEME, excellentCap: null }).filter((g) => g.grade === 'excellent')).toHaveLength(3);
  });

  it('a scheme whose weights do not add up or whose thresholds do not fall is refused, field by field', () => {
    expect(schemeProblems(DEFAULT_SCHEME)).toEqual([]);
    const bad = { ...DEFAULT_SCHEME, weights: { ...DEFAULT_SCHEME.weights, onTime: 0.5 }, thresholds: { excellent: 70, competent: 75, basicallyCompetent: 60 } };
    expect(schemeProblems(bad).map((p) => p.field)).toEqual(['weights', 'thresholds']);
  });
});

import { DEFAULT_SCHEME } from './evaluation-rules.js';
import { aspectScore, citizensScore, isFailing, leadersScore, officeGrade, officeScheme, officeTotal, officeWeightsProblems, type OfficeFigures } from './office-evaluation-rules.js';

const scheme = officeScheme(DEFAULT_SCHEME);
const figures = (f: Partial<OfficeFigures> = {}): OfficeFigures => ({ casesCompleted: 3, onTimeRate: 1, ratings: 4, satisfaction: 0.8, confirmedViolations: 0, ...f });

describe('evaluation of offices (对机关各部门的绩效考评)', () => {
  it('a leader scores the four aspects, weighed equally: (90 + 80 + 100 + 70) / 4 = 85', () => {
    expect(aspectScore({ goals: 90, duties: 80, integrity: 100, efficiency: 70 }, scheme)).toBe(85);
  });

  it('领导评议 is the mean of the leaders who scored; none scored gives null', () => {
    const a = { goals: 90, duties: 90, integrity: 90, efficiency: 90 };
    const b = { goals: 70, duties: 70, integrity: 70, efficiency: 70 };
    expect(leadersScore([a, b], scheme)).toBe(80);
    expect(leadersScore([], scheme)).toBeNull();
  });

  it('群众评议 is the mean satisfaction on 0..100, null when nobody rated the office', () => {
    expect(citizensScore(figures())).toBe(80);
    expect(citizensScore(figures({ ratings: 0, satisfaction: null }))).toBeNull();
  });

  it('the total weighs leaders 70% and citizens 30%; with no rating the leaders’ part alone', () => {
    expect(officeTotal(90, 60, scheme)).toBe(81);
    expect(officeTotal(90, null, scheme)).toBe(90);
  });

  it.each([
    [90, 'excellent', false],
    [75, 'competent', false],
    [60, 'basically_competent', false],
    [59.99, 'incompetent', true],
  ])('a total of %s is %s; failing: %s', (total, grade, failing) => {
    const g = officeGrade(total, scheme);
    expect(g).toBe(grade);
    expect(isFailing(g)).toBe(failing);
  });

  it('a unit weighs the aspects and the leaders’ share its own way; weights that do not add up to 1 are refused', () => {
    const own = officeScheme(DEFAULT_SCHEME, { aspectWeights: { goals: 0.4, duties: 0.3, integrity: 0.2, efficiency: 0.1 }, leadersShare: 0.5 });
    expect(aspectScore({ goals: 100, duties: 50, integrity: 50, efficiency: 0 }, own)).toBe(65);
    expect(officeTotal(90, 60, own)).toBe(75);
    expect(officeWeightsProblems(own)).toEqual([]);
    expect(officeWeightsProblems({ ...own, aspectWeights: { ...own.aspectWeights, goals: 0.5 } }).map((p) => p.field)).toEqual(['aspectWeights']);
  });

  it('the grade thresholds are the unit’s own', () => {
    const strict = officeScheme({ ...DEFAULT_SCHEME, thresholds: { excellent: 95, competent: 85, basicallyCompetent: 70 } });
    expect(officeGrade(65, strict)).toBe('incompetent');
  });
});

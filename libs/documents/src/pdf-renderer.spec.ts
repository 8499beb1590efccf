import { columnWidths } from './pdf-renderer.js';

describe('table column widths', () => {
  it('shares the width in proportion to the weights, filling it exactly', () => {
    const widths = columnWidths([1, 2, 1], 400);
    expect(widths).toEqual([100, 200, 100]);
    const odd = columnWidths([0.6, 5, 0.8, 0.8], 441.28);
    expect(odd.reduce((a, b) => a + b, 0)).toBe(441.28);
    expect(odd[1]! / odd[0]!).toBeCloseTo(5 / 0.6, 6);
  });

  it('refuses a table without columns or with a column of no width', () => {
    expect(() => columnWidths([], 100)).toThrow(RangeError);
    expect(() => columnWidths([1, 0], 100)).toThrow(RangeError);
    expect(() => columnWidths([1, Number.NaN], 100)).toThrow(RangeError);
  });
});

import { jsonDeeperThan } from './json-depth.js';

describe('the nesting limit of request bodies', () => {
  const nested = (n: number) => '['.repeat(n) + ']'.repeat(n);

  it('counts arrays and objects alike, up to the limit and no further', () => {
    expect(jsonDeeperThan(nested(32))).toBe(false);
    expect(jsonDeeperThan(nested(33))).toBe(true);
    expect(jsonDeeperThan('{"a":'.repeat(33) + '1' + '}'.repeat(33))).toBe(true);
    expect(jsonDeeperThan(nested(100_000))).toBe(true);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(jsonDeeperThan(JSON.stringify({ text: '['.repeat(100), quote: '"[[[[', tail: '\\' }))).toBe(false);
    expect(jsonDeeperThan(JSON.stringify({ a: '\\"' + '{'.repeat(50) }))).toBe(false);
  });

  it('siblings do not add up', () => {
    expect(jsonDeeperThan(JSON.stringify(Array.from({ length: 1000 }, () => [[{ a: [1] }]])))).toBe(false);
  });
});

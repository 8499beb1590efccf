import { newQueryCode, QUERY_CODE_ALPHABET } from './query-code.js';

describe('query codes', () => {
  it('has 32 distinct letters, none a citizen could misread', () => {
    expect(new Set(QUERY_CODE_ALPHABET).size).toBe(32);
    expect(QUERY_CODE_ALPHABET).not.toMatch(/[01OI]/);
  });

  it('is 8 letters of the alphabet, every letter about equally likely at every place, and never repeats', () => {
    const codes = Array.from({ length: 32_000 }, newQueryCode);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.filter((code) => !/^[A-HJ-NP-Z2-9]{8}$/.test(code))).toEqual([]);
    for (let place = 0; place < 8; place++) {
      const counts = new Map<string, number>();
      for (const code of codes) counts.set(code[place]!, (counts.get(code[place]!) ?? 0) + 1);
      // 1,000 expected for each letter, with a standard deviation of about 31: 190 is six of them.
      expect(counts.size).toBe(32);
      for (const n of counts.values()) expect(Math.abs(n - 1000)).toBeLessThan(190);
    }
  });
});

import type { Reply } from './test-app.js';

/**
 * An RFC 9457 problem+json answer with this status and, when given, this stable code and `field` among
 * its errors. On a mismatch Jest prints the whole answer.
 */
export function expectProblem(res: Reply, status: number, code?: string, field?: string): void {
  const context = JSON.stringify({ status: res.status, body: res.body });
  expect({ status: res.status, context }).toEqual({ status, context });
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.body).toMatchObject({ status, ...(code ? { code } : {}), type: expect.stringMatching(/^https?:\/\//), title: expect.any(String) });
  expect(typeof res.body.detail).toBe('string');
  if (field !== undefined) {
    expect(Array.isArray(res.body.errors)).toBe(true);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  }
}

/** A problem+json answer with this status naming `field`, whatever its code. */
export function expectFieldProblem(res: Reply, status: number, field: string): void {
  expectProblem(res, status, undefined, field);
}

/**
 * A broken business rule. `code` is stable (clients and tests match on it), `field` names the input at
 * fault when there is one. The HTTP layer maps `kind` to a status; domain code never knows about HTTP.
 */
export type DomainErrorKind =
  | 'invalid' // input that parses but breaks a rule (422)
  | 'not_found' // 404
  | 'conflict' // state does not allow it (409)
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'rate_limited' // 429
  | 'unavailable'; // a resource the service needs is missing, e.g. the PDF font (503)

export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: DomainErrorKind = 'invalid',
    readonly field?: string,
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static notFound(entity: string, id: string, field?: string): DomainError {
    return new DomainError(`${entity.toUpperCase()}.NOT_FOUND`, `${entity} ${id} does not exist`, 'not_found', field);
  }
}

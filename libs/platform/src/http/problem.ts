import { DomainError, type DomainErrorKind } from '@app/core';
import type { ValidationError } from 'class-validator';

/** One wrong field in a request. `field` is a dotted path into the body or query (e.g. citizen.phone). */
export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

/** RFC 9457 problem details, plus our stable `code` and the fields at fault. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: FieldProblem[];
  [extra: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const STATUS_OF_KIND: Record<DomainErrorKind, number> = {
  invalid: 422,
  not_found: 404,
  conflict: 409,
  unauthenticated: 401,
  forbidden: 403,
  rate_limited: 429,
  unavailable: 503,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problem(status: number, code: string, detail: string, errors?: FieldProblem[]): Problem {
  return {
    type: `https://service-window.example/problems/${code.toLowerCase().replace(/[._]/g, '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

export function problemFromDomainError(error: DomainError): Problem {
  const p = problem(
    STATUS_OF_KIND[error.kind],
    error.code,
    error.message,
    error.field ? [{ field: error.field, code: error.code, message: error.message }] : undefined,
  );
  // Extras add detail; they never replace the problem's own fields (an extra `status` once did).
  return { ...error.extra, ...p };
}

/** Raised by the validation pipe: the request's shape is wrong (400). */
export class RequestValidationError extends Error {
  constructor(readonly errors: FieldProblem[]) {
    super(`Invalid request: ${errors.map((e) => e.field).join(', ')}`);
    this.name = 'RequestValidationError';
  }
}

/** Flattens class-validator's tree into one entry per broken constraint, with dotted field paths. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    for (const [constraint, message] of Object.entries(e.constraints ?? {})) {
      out.push({
        field: field || '(body)',
        code: constraint === 'whitelistValidation' ? 'unknown_field' : constraint,
        message: constraint === 'whitelistValidation' ? `${field} is not an accepted field` : message,
      });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

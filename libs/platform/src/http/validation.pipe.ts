import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { flattenValidationErrors, RequestValidationError } from './problem.js';
import { keepValidationRules } from './validation-rules.js';

/**
 * Strict input: unknown fields are refused, types are checked, every error names its field.
 * A missing or non-object body is refused before validation (class-validator would skip it).
 */
export class StrictValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new RequestValidationError(flattenValidationErrors(errors)),
    });
    keepValidationRules();
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && this.toValidate(metadata)) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new RequestValidationError([
          { field: '(body)', code: 'body_object', message: 'the request body must be a JSON object' },
        ]);
      }
    }
    // PostgreSQL cannot store a NUL character in text: refused here, for every endpoint, by field.
    const nul = nulPath(value);
    if (nul !== null) throw new RequestValidationError([{ field: nul || '(body)', code: 'nul_character', message: 'text must not contain NUL characters' }]);
    return super.transform(value, metadata);
  }
}

/** The path (a.0.b) of the first string holding a NUL character, or null. */
function nulPath(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, v] of Object.entries(value)) {
    const found = nulPath(v, path ? `${path}.${key}` : key);
    if (found !== null) return found;
  }
  return null;
}

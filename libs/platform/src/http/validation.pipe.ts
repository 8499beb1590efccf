import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { flattenValidationErrors, RequestValidationError } from './problem.js';

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
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && this.toValidate(metadata)) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new RequestValidationError([
          { field: '(body)', code: 'body_object', message: 'the request body must be a JSON object' },
        ]);
      }
    }
    return super.transform(value, metadata);
  }
}

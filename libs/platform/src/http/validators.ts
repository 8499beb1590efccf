import { parseIsoWithOffset } from '@app/core';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/** An ISO-8601 time with an offset, on a date that exists. */
export function IsIsoWithOffset(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIsoWithOffset',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseIsoWithOffset(value) !== null,
        defaultMessage: (args) => `${args?.property} must be an ISO-8601 time with an offset on a real date, e.g. 2026-09-30T10:00:00+08:00`,
      },
    },
    options,
  );
}

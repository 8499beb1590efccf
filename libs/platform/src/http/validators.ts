import { parseIsoWithOffset } from '@app/core';
import { IsUUID, ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';

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

/**
 * The field may be left out, but not sent as null: a PATCH with {"name": null} must be a 400, not a
 * null written into a NOT NULL column. (class-validator's @IsOptional lets null through.)
 */
export function Omittable(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}

/** `:id` path parameters. */
export class IdParam {
  @IsUUID() id: string;
}

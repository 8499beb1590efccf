import { parseIsoWithOffset } from '@app/core';
import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIdentityCard, IsInt, IsOptional, IsPhoneNumber, IsString, IsUUID, Max, Min, ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';

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

/** Strips surrounding white space before validation, so that "  " is empty. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** A Chinese phone number, mobile or landline. */
export function IsCnPhone(): PropertyDecorator {
  return applyDecorators(IsString(), IsPhoneNumber('CN', { message: '$property must be a valid Chinese phone number' }));
}

/** A resident ID number (GB 11643: checksum and birth date), a trailing x upper-cased first. */
export function IsResidentIdNumber(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value)),
    IsString(),
    IsIdentityCard('zh-CN', { message: '$property must be a valid resident ID number (GB 11643)' }),
  );
}

/** `?page=&pageSize=` of every list (default 1 and 20; at most 100 a page). Lists' query DTOs extend it. */
export class PageQuery {
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100_000) page?: number;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
}

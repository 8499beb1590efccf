import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIsoWithOffset, Trim, PageQuery } from '@app/platform';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, ValidateBy } from 'class-validator';
import {
  CONTACT_RESULTS,
  RATING_LEVELS,
  RECTIFICATION_STATUSES,
  type ContactResult,
  type RatingLevel,
  type RectificationStatus,
} from './rating-rules.js';

function isControl(c: number, allowed: Set<number>): boolean {
  return (c < 0x20 || c === 0x7f) && !allowed.has(c);
}

/**
 * PostgreSQL refuses NUL in text and nothing else needs control characters: refused here, as a 400
 * naming the field, not a 500 from the database. Free text keeps tabs and line breaks.
 */
function NoControlCharacters(options: { freeText: boolean }): PropertyDecorator {
  const allowed = options.freeText ? new Set([0x09, 0x0a, 0x0d]) : new Set<number>();
  return ValidateBy({
    name: 'noControlCharacters',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || ![...value].some((ch) => isControl(ch.codePointAt(0)!, allowed)),
      defaultMessage: (args) => `${args?.property} must not contain control characters`,
    },
  });
}

/** A citizen rates the service of a case or an enquiry (好差评). No login: the number and code are the key. */
export class RateDto {
  @ApiProperty({ description: 'the receipt number of a case (收件〔2026〕0001号) or the public reference of an enquiry (ZX10000001)' })
  @IsString()
  @Trim()
  @Length(1, 40)
  @NoControlCharacters({ freeText: false })
  receiptNo: string;

  @ApiProperty({ description: 'the 8-character query code printed beside the number', example: 'ABCD2345' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsString()
  @Matches(/^[A-Z0-9]{8}$/, { message: 'code must be the 8-character query code given with the number' })
  code: string;

  @ApiProperty({ enum: RATING_LEVELS, description: '非常满意, 满意, 基本满意, 不满意, 非常不满意' })
  @IsIn(RATING_LEVELS)
  level: RatingLevel;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @Trim()
  @MaxLength(500)
  @NoControlCharacters({ freeText: true })
  comment?: string;
}

export class ListRectificationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: RECTIFICATION_STATUSES }) @IsOptional() @IsIn(RECTIFICATION_STATUSES) status?: RectificationStatus;
  @ApiPropertyOptional() @IsOptional() @IsUUID() officeId?: string;
}

/** A follow-up call to the citizen (回访). */
export class FollowUpDto {
  @ApiProperty({ example: '2026-03-05T10:00:00+08:00', description: 'when the call took place (ISO-8601 with offset)' })
  @IsIsoWithOffset()
  calledAt: string;

  @ApiProperty({ enum: CONTACT_RESULTS }) @IsIn(CONTACT_RESULTS) contactResult: ContactResult;

  @ApiProperty({ description: 'what was said', maxLength: 1000 })
  @IsString()
  @Trim()
  @Length(1, 1000)
  @NoControlCharacters({ freeText: true })
  note: string;
}

export class CompleteRectificationDto {
  @ApiProperty({ description: 'what was done about the complaint (整改措施)', maxLength: 2000 })
  @IsString()
  @Trim()
  @Length(1, 2000)
  @NoControlCharacters({ freeText: true })
  measures: string;

  @ApiPropertyOptional({ description: 'whether the citizen said they were satisfied with the rectification' })
  @IsOptional()
  @IsBoolean()
  citizenSatisfied?: boolean;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min, ValidateBy, type ValidationOptions } from 'class-validator';
import { parseIsoWithOffset } from '@app/core';
import { VIOLATION_TYPES, type ViolationType } from '@app/oversight';
import { IsIsoWithOffset } from '@app/platform';
import { EXPORT_FORMATS, type ExportFormat } from './export-formats.js';

/** The latest end of a report starting at `from`: one calendar year and a day later. */
export function latestPeriodEnd(from: Date): Date {
  const end = new Date(from.getTime());
  end.setUTCFullYear(end.getUTCFullYear() + 1);
  return new Date(end.getTime() + 86_400_000);
}

/** `to` comes after `from`, at most a year and a day later. A `from` that does not parse is reported on its own. */
function IsPeriodEnd(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPeriodEnd',
      validator: {
        validate: (value: unknown, args) => {
          const from = parseIsoWithOffset(String((args?.object as { from?: unknown }).from ?? ''));
          const to = typeof value === 'string' ? parseIsoWithOffset(value) : null;
          if (!from || !to) return true;
          return to.getTime() > from.getTime() && to.getTime() <= latestPeriodEnd(from).getTime();
        },
        defaultMessage: () => 'to must come after from, at most one year and a day later',
      },
    },
    options,
  );
}

export class PeriodQuery {
  @ApiProperty({ description: 'start of the period, included (ISO-8601 with offset)', example: '2026-03-01T00:00:00+08:00' })
  @IsIsoWithOffset()
  from: string;
  @ApiProperty({ description: 'end of the period, excluded; at most a year and a day after from', example: '2026-04-01T00:00:00+08:00' })
  @IsIsoWithOffset()
  @IsPeriodEnd()
  to: string;
  @ApiPropertyOptional({ description: 'one office' }) @IsOptional() @IsUUID() office?: string;
  @ApiPropertyOptional({ description: 'one staff member' }) @IsOptional() @IsUUID() staff?: string;
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'json', description: 'csv: UTF-8 with a BOM (Excel); xlsx: a workbook' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;
}

export class ViolationReportQuery extends PeriodQuery {
  @ApiPropertyOptional({ enum: Object.keys(VIOLATION_TYPES) }) @IsOptional() @IsIn(Object.keys(VIOLATION_TYPES)) type?: ViolationType;
}

export class ViolationItemsQuery extends ViolationReportQuery {
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100_000) page?: number;
  @ApiPropertyOptional({ default: 50, description: 'up to 1000 (an export takes the whole page)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  pageSize?: number;
}

export const GROUPINGS = ['office', 'staff'] as const;
export type Grouping = (typeof GROUPINGS)[number];

export class EfficiencyQuery extends PeriodQuery {
  @ApiPropertyOptional({ enum: GROUPINGS, default: 'office' }) @IsOptional() @IsIn(GROUPINGS) by?: Grouping;
}

export const BULLETIN_FORMATS = ['pdf', 'json'] as const;

export class BulletinQuery {
  @ApiProperty({ description: 'the month, Asia/Shanghai', example: '2026-03' })
  @Matches(/^(19|20)\d\d-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM, 1900-2099' })
  month: string;
  @ApiPropertyOptional({ enum: BULLETIN_FORMATS, default: 'pdf' }) @IsOptional() @IsIn(BULLETIN_FORMATS) format?: (typeof BULLETIN_FORMATS)[number];
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIsoWithOffset, Trim } from '@app/platform';
import { ArrayMaxSize, ArrayUnique, IsInt, IsNumber, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class DeadlineQuery {
  @ApiProperty({ example: '2026-09-30T10:00:00+08:00', description: 'ISO-8601 with an offset' })
  @IsIsoWithOffset()
  from: string;

  @ApiPropertyOptional({ example: 5 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  workingDays?: number;

  @ApiPropertyOptional({ example: 4, description: 'may be fractional, in whole minutes' })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1 / 60)
  @Max(100_000)
  workingHours?: number;
}

export class YearParam {
  @Type(() => Number) @IsInt() @Min(1992) @Max(2200) year: number;
}

/** A year's official arrangement as an admin enters it from the State Council's notice. */
export class YearScheduleDto {
  @ApiProperty({ example: ['2027-01-01'], description: 'official holidays (放假), YYYY-MM-DD' })
  @ArrayMaxSize(366)
  @ArrayUnique()
  @Matches(DATE, { each: true, message: 'each holiday must be a date YYYY-MM-DD' })
  holidays: string[];

  @ApiProperty({ example: ['2027-02-20'], description: 'weekend days that are workdays (调休上班), YYYY-MM-DD' })
  @ArrayMaxSize(60)
  @ArrayUnique()
  @Matches(DATE, { each: true, message: 'each make-up workday must be a date YYYY-MM-DD' })
  makeUpWorkdays: string[];
}

/** A unit's own day off, e.g. a local holiday or a closure ordered for a typhoon. */
export class ClosureDto {
  @ApiProperty({ example: '2027-03-15', description: 'YYYY-MM-DD in Asia/Shanghai, today or later' })
  @Matches(DATE, { message: 'date must be a date YYYY-MM-DD' })
  date: string;

  @ApiProperty({ example: '本地防汛停止对外办公' })
  @IsString()
  @Trim()
  @Length(1, 200)
  reason: string;
}

export class ClosuresQuery {
  @ApiPropertyOptional({ example: '2027-01-01', description: 'first date, inclusive' })
  @IsOptional()
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2027-12-31', description: 'last date, inclusive' })
  @IsOptional()
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;
}

export class ClosureDateParam {
  @Matches(DATE, { message: 'date must be a date YYYY-MM-DD' }) date: string;
}

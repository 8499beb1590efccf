import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIsoWithOffset } from '@app/platform';
import { ArrayMaxSize, ArrayUnique, IsInt, IsNumber, IsOptional, Matches, Max, Min } from 'class-validator';

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

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { WORKING_SPAN } from './alert-rule.js';

const SPAN = 'working time: 1d (working days), 4h (working hours) or 30m (working minutes)';

/** A unit's 电子监察 thresholds: a warning rule (a share of the limit, a time before due, or both) and the overdue ladder. */
export class AlertRuleDto {
  @ApiPropertyOptional({ example: 0.9, description: 'the warning fires once this share of the limit is used (null: not by share)', nullable: true })
  @IsOptional()
  @IsNumber()
  @Min(0.01)
  @Max(0.99)
  warningShare?: number | null;

  @ApiPropertyOptional({ example: '1d', description: `the warning fires this long before the due time (null: not by time); ${SPAN}`, nullable: true })
  @IsOptional()
  @IsString()
  @Matches(WORKING_SPAN, { message: `warningBeforeDue must be ${SPAN}` })
  warningBeforeDue?: string | null;

  @ApiProperty({ example: '0d', description: `after the due time, the office head hears of it; ${SPAN}` })
  @IsString()
  @Matches(WORKING_SPAN, { message: `overdueOfficeHead must be ${SPAN}` })
  overdueOfficeHead: string;

  @ApiProperty({ example: '1d', description: `after the due time, the leader in charge hears of it; ${SPAN}` })
  @IsString()
  @Matches(WORKING_SPAN, { message: `overdueLeader must be ${SPAN}` })
  overdueLeader: string;

  @ApiProperty({ example: '2d', description: `after the due time, the inspector hears of it; ${SPAN}` })
  @IsString()
  @Matches(WORKING_SPAN, { message: `overdueInspector must be ${SPAN}` })
  overdueInspector: string;
}

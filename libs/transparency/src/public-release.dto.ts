import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches } from 'class-validator';
import { PERIOD_PATTERN } from '@app/evaluation';

export const RELEASE_KINDS = ['bulletin', 'staff_evaluation', 'office_evaluation'] as const;
export type ReleaseKind = (typeof RELEASE_KINDS)[number];
export const MONTH_PATTERN = /^(19|20)\d\d-(0[1-9]|1[0-2])$/;
const UNIT_CODE = /^[A-Za-z0-9-]{2,32}$/;

/** An admin makes one thing public: a month's bulletin, or a period's published evaluation. */
export class ReleaseDto {
  @ApiProperty({ enum: RELEASE_KINDS, description: 'bulletin: 效能通报; staff_evaluation / office_evaluation: 考评结果' })
  @IsIn(RELEASE_KINDS)
  kind: ReleaseKind;

  @ApiProperty({ example: '2026-03', description: 'a bulletin: its month; an evaluation: its period (2026-03, 2026-Q1, 2026)' })
  @IsString()
  @Matches(PERIOD_PATTERN, { message: 'period must be a month (2026-03), a quarter (2026-Q1) or a year (2026)' })
  period: string;
}

export class PublicUnitParams {
  @Matches(UNIT_CODE, { message: 'code must be a unit code' }) code: string;
}

export class PublicBulletinParams extends PublicUnitParams {
  @Matches(MONTH_PATTERN, { message: 'month must be YYYY-MM' }) month: string;
}

export class PublicEvaluationParams extends PublicUnitParams {
  @Matches(PERIOD_PATTERN, { message: 'period must be a month (2026-03), a quarter (2026-Q1) or a year (2026)' }) period: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Trim } from '@app/platform';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { BADGE_REASONS, POLITICAL_STATUSES, type BadgeReason, type PoliticalStatus } from './badge-rules.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** 制发上岗证: to a post holder, a new arrival, or staff seconded for more than six months. */
export class IssueBadgeDto {
  @ApiProperty({ description: 'the holder: active staff of the unit' }) @IsUUID() staffId: string;
  @ApiProperty({ example: 'SZJ-2026-001', description: 'the number printed on the card, unique in the unit' })
  @IsString()
  @Trim()
  @Length(1, 40)
  number: string;
  @ApiPropertyOptional({ description: 'the post the holder holds (A post); its name is the position unless one is given' })
  @IsOptional()
  @IsUUID()
  postId?: string;
  @ApiPropertyOptional({ example: '登记窗口受理员', description: '职务 as printed; required without a post' })
  @IsOptional()
  @IsString()
  @Trim()
  @Length(1, 60)
  position?: string;
  @ApiProperty({ enum: POLITICAL_STATUSES, description: '政治面貌' }) @IsIn(POLITICAL_STATUSES) politicalStatus: PoliticalStatus;
  @ApiProperty({ enum: BADGE_REASONS }) @IsIn(BADGE_REASONS) reason: BadgeReason;
  @ApiPropertyOptional({ example: '2026-11-01', description: 'seconded only: first day of the secondment (YYYY-MM-DD)' })
  @IsOptional()
  @Matches(DATE)
  @IsISO8601({ strict: true })
  secondedFrom?: string;
  @ApiPropertyOptional({ example: '2027-10-31', description: 'seconded only: last day, more than six months on' })
  @IsOptional()
  @Matches(DATE)
  @IsISO8601({ strict: true })
  secondedUntil?: string;
}

export class WithdrawBadgeDto {
  @ApiProperty({ example: '持证人调离本单位，证件已收回' }) @IsString() @Trim() @Length(1, 500) reason: string;
}

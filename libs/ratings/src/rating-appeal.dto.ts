import { ApiProperty } from '@nestjs/swagger';
import { Trim } from '@app/platform';
import { IsBoolean, IsIn, IsInt, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { APPEAL_GROUNDS, type AppealGround } from './rating-rules.js';

/** 申诉: an office holds a rating mistaken or malicious. */
export class FileAppealDto {
  @ApiProperty() @IsUUID() ratingId: string;
  @ApiProperty({ enum: APPEAL_GROUNDS, description: 'mistaken (误评) or malicious (恶意差评)' }) @IsIn(APPEAL_GROUNDS) ground: AppealGround;
  @ApiProperty({ example: '评价人并非本件申请人，经调取窗口录像核实' }) @IsString() @Trim() @Length(1, 2000) reason: string;
}

export class DecideAppealDto {
  @ApiProperty({ description: 'true: the appeal is upheld and the rating leaves the figures' }) @IsBoolean() upheld: boolean;
  @ApiProperty() @IsString() @Trim() @Length(1, 2000) reason: string;
}

/** A unit's own rectification limit (整改时限). */
export class RatingSettingsDto {
  @ApiProperty({ example: 15, minimum: 1, maximum: 60 }) @IsInt() @Min(1) @Max(60) rectificationWorkingDays: number;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIsoWithOffset, PageQuery, Trim } from '@app/platform';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';

export const COMPLAINT_STATUSES = ['assigned', 'replied', 'closed'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
export const REPLY_CHANNELS = ['phone', 'sms', 'letter', 'visit', 'online'] as const;
export type ReplyChannel = (typeof REPLY_CHANNELS)[number];

export class AssignComplaintDto {
  @ApiProperty({ description: 'the registered complaint or report (enquiry)' }) @IsUUID() enquiryId: string;
  @ApiProperty({ description: 'the staff member who handles it and replies to the citizen' }) @IsUUID() handlerId: string;
}

export class ReplyDto {
  @ApiProperty({ example: '经核查，已督促窗口整改并向您致歉' }) @IsString() @Trim() @Length(1, 2000) text: string;
  @ApiProperty({ enum: REPLY_CHANNELS }) @IsIn(REPLY_CHANNELS) channel: ReplyChannel;
  @ApiPropertyOptional({ description: 'when the citizen was answered (default now; not in the future)' }) @IsOptional() @IsIsoWithOffset() repliedAt?: string;
}

export class CallbackDto {
  @ApiProperty({ description: 'when the citizen was called back (回访)' }) @IsIsoWithOffset() calledAt: string;
  @ApiProperty({ description: 'the citizen is satisfied with the reply' }) @IsBoolean() satisfied: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) note?: string;
}

export class ListComplaintsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: COMPLAINT_STATUSES }) @IsOptional() @IsIn(COMPLAINT_STATUSES) status?: ComplaintStatus;
  @ApiPropertyOptional() @IsOptional() @IsUUID() handlerId?: string;
}

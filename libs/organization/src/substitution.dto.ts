import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { IsIsoWithOffset, Omittable, Trim, PageQuery } from '@app/platform';

export const POST_KINDS = ['staff', 'leader'] as const;
export type PostKind = (typeof POST_KINDS)[number];
export const ABSENCE_TYPES = ['meeting', 'trip', 'leave', 'other'] as const;
export type AbsenceType = (typeof ABSENCE_TYPES)[number];
export const ABSENCE_STATUSES = ['requested', 'approved', 'rejected', 'cancelled'] as const;
export type AbsenceStatus = (typeof ABSENCE_STATUSES)[number];

/** A post (岗位) and its substitute (B 角). A leader post: the principal names a deputy. */
export class CreatePostDto {
  @ApiProperty({ example: '综合受理窗口 1 号' }) @IsString() @Trim() @Length(1, 60) name: string;
  @ApiProperty({ enum: POST_KINDS }) @IsIn(POST_KINDS) kind: PostKind;
  @ApiPropertyOptional({ description: 'required for a staff post; a leader post has none' }) @IsOptional() @IsUUID() officeId?: string;
  @ApiPropertyOptional({ default: false, description: 'a service window, never to be left unattended' })
  @IsOptional()
  @IsBoolean()
  window?: boolean;
  @ApiProperty({ description: 'A: who holds the post' }) @IsUUID() holderId: string;
  @ApiProperty({ description: 'B: who acts when the holder is away' }) @IsUUID() substituteId: string;
}

export class UpdatePostDto {
  @ApiPropertyOptional() @Omittable() @IsString() @Trim() @Length(1, 60) name?: string;
  @ApiPropertyOptional() @Omittable() @IsUUID() holderId?: string;
  @ApiPropertyOptional() @Omittable() @IsUUID() substituteId?: string;
  @ApiPropertyOptional() @Omittable() @IsBoolean() window?: boolean;
  @ApiPropertyOptional() @Omittable() @IsBoolean() active?: boolean;
}

export class ListPostsQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() officeId?: string;
}

export class CreateAbsenceDto {
  @ApiPropertyOptional({ description: 'who will be away; yourself when left out' }) @IsOptional() @IsUUID() staffId?: string;
  @ApiProperty({ enum: ABSENCE_TYPES }) @IsIn(ABSENCE_TYPES) type: AbsenceType;
  @ApiProperty({ example: '2026-03-09T09:00:00+08:00', description: 'ISO-8601 with an offset; not in the past' })
  @IsIsoWithOffset()
  startsAt: string;
  @ApiProperty({ example: '2026-03-09T12:00:00+08:00', description: 'ISO-8601 with an offset; after startsAt' })
  @IsIsoWithOffset()
  endsAt: string;
  @ApiProperty({ example: '参加全市登记业务培训' }) @IsString() @Trim() @Length(1, 500) reason: string;
  @ApiPropertyOptional({ description: 'a present colleague at the window meanwhile (required for a window holder away part of a day)' })
  @IsOptional()
  @IsUUID()
  standInId?: string;
}

export class AbsenceDecisionDto {
  @ApiProperty() @IsBoolean() approve: boolean;
  @ApiPropertyOptional({ description: 'required when refusing' }) @IsOptional() @IsString() @Trim() @Length(1, 500) note?: string;
}

export class HandoverDto {
  @ApiProperty({ example: '两件待补材料的案件已电话告知申请人' }) @IsString() @Trim() @Length(1, 2000) notes: string;
}

export class ListAbsencesQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() staffId?: string;
  @ApiPropertyOptional({ description: 'absences still running at or after this time (ISO-8601 with offset)' })
  @IsOptional()
  @IsIsoWithOffset()
  from?: string;
  @ApiPropertyOptional({ description: 'absences starting before this time (ISO-8601 with offset)' })
  @IsOptional()
  @IsIsoWithOffset()
  to?: string;
  @ApiPropertyOptional({ enum: ABSENCE_STATUSES }) @IsOptional() @IsIn(ABSENCE_STATUSES) status?: AbsenceStatus;
}

export class CoverageQuery {
  @ApiPropertyOptional({ description: 'the moment (ISO-8601 with offset); now when left out' }) @IsOptional() @IsIsoWithOffset() at?: string;
}

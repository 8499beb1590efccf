import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery, Trim } from '@app/platform';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { TASK_SCOPES, TASK_STATUSES, type TaskScope, type TaskStatus } from './work-standards.js';

/** 公文流转 and similar internal work, under the unit's work standard of its kind. */
export class CreateInternalTaskDto {
  @ApiProperty({ example: 'document', description: 'a kind the unit has a work standard for (document, minutes…)' })
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{1,39}$/, { message: 'kind is a work standard kind, like document or minutes' })
  kind: string;

  @ApiProperty({ example: '关于开展2026年度效能建设自查的通知' }) @IsString() @Trim() @Length(1, 200) title: string;
  @ApiPropertyOptional({ example: '示市监发〔2026〕12号', description: 'the document’s reference number (文号)' }) @IsOptional() @IsString() @Trim() @Length(1, 60) reference?: string;
  @ApiProperty({ description: 'who holds it first' }) @IsUUID() handlerId: string;
  @ApiPropertyOptional({ description: '急件: the urgent standard of its kind applies', default: false }) @IsOptional() @IsBoolean() urgent?: boolean;
}

/** 转交: the next handler takes it over; the clock keeps running. */
export class HandOverTaskDto {
  @ApiProperty() @IsUUID() toId: string;
  @ApiPropertyOptional({ example: '已拟办，转分管领导阅批' }) @IsOptional() @IsString() @Trim() @MaxLength(500) note?: string;
}

/** 办结. */
export class CompleteTaskDto {
  @ApiPropertyOptional({ example: '已分发各股室' }) @IsOptional() @IsString() @Trim() @MaxLength(500) note?: string;
}

export class ListInternalTasksQuery extends PageQuery {
  @ApiPropertyOptional({ enum: TASK_SCOPES, default: 'mine', description: 'mine: held by me; office: my office’s (office head); unit: the unit’s (leader, inspector)' })
  @IsOptional()
  @IsIn(TASK_SCOPES)
  scope?: TaskScope;

  @ApiPropertyOptional({ enum: TASK_STATUSES }) @IsOptional() @IsIn(TASK_STATUSES) status?: TaskStatus;
}

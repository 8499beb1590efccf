import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIsoWithOffset, PageQuery, Trim } from '@app/platform';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  ValidateNested,
} from 'class-validator';
import { VIOLATION_SOURCES, VIOLATION_STATUSES, VIOLATION_TYPE_NAMES, type ViolationType } from './violations.service.js';

/** 问责方式: what an inspector decides on a confirmed violation. */
export const ACCOUNTABILITY_ACTIONS = ['reminder_talk', 'written_self_examination', 'circulated_criticism', 'discipline_referral'] as const;
export type AccountabilityAction = (typeof ACCOUNTABILITY_ACTIONS)[number];
/** direct: the person at fault; supervisor: held responsible for lax supervision (监管不力). */
export const RESPONSIBLE_ROLES = ['direct', 'supervisor'] as const;
export type ResponsibleRole = (typeof RESPONSIBLE_ROLES)[number];
/** Where the evidence of a hand-registered violation comes from. */
export const EVIDENCE_SOURCES = ['citizen_complaint', 'spot_check', 'supervisor_report', 'other'] as const;
export type EvidenceSource = (typeof EVIDENCE_SOURCES)[number];

const TYPES = VIOLATION_TYPE_NAMES;

export class ListViolationsQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() caseId?: string;
  @ApiPropertyOptional({ description: 'the staff member the violation was recorded against' }) @IsOptional() @IsUUID() staffId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() officeId?: string;
  @ApiPropertyOptional({ enum: TYPES }) @IsOptional() @IsIn(TYPES) type?: ViolationType;
  @ApiPropertyOptional({ enum: VIOLATION_STATUSES }) @IsOptional() @IsIn(VIOLATION_STATUSES) status?: (typeof VIOLATION_STATUSES)[number];
  @ApiPropertyOptional({ enum: VIOLATION_SOURCES }) @IsOptional() @IsIn(VIOLATION_SOURCES) source?: (typeof VIOLATION_SOURCES)[number];
  @ApiPropertyOptional({ description: 'occurred at or after (ISO-8601 with offset)' }) @IsOptional() @IsIsoWithOffset() from?: string;
  @ApiPropertyOptional({ description: 'occurred before (ISO-8601 with offset)' }) @IsOptional() @IsIsoWithOffset() to?: string;
}

export class ActionDto {
  @ApiProperty({ enum: ACCOUNTABILITY_ACTIONS }) @IsIn(ACCOUNTABILITY_ACTIONS) type: AccountabilityAction;
  @ApiProperty({ description: 'when the action was decided (ISO-8601 with offset), not in the future' }) @IsIsoWithOffset() decidedAt: string;
  @ApiPropertyOptional({ description: 'by when it is to be done, e.g. a written self-examination handed in' })
  @IsOptional()
  @IsIsoWithOffset()
  dueAt?: string;
  @ApiPropertyOptional({ description: 'whom it applies to: one of the persons held responsible; default all of them' })
  @IsOptional()
  @IsUUID()
  staffId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Trim() @Length(1, 2000) note?: string;
}

export class ResponsibleDto {
  @ApiProperty() @IsUUID() staffId: string;
  @ApiProperty({ enum: RESPONSIBLE_ROLES, description: 'direct, or supervisor for lax supervision (监管不力)' })
  @IsIn(RESPONSIBLE_ROLES)
  role: ResponsibleRole;
}

export class ConfirmViolationDto {
  @ApiProperty({ description: 'why the inspector confirms it' }) @IsString() @Trim() @Length(1, 2000) reason: string;
  @ApiProperty({ type: [ActionDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ActionDto)
  actions: ActionDto[];
  @ApiProperty({ type: [ResponsibleDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ResponsibleDto)
  responsible: ResponsibleDto[];
}

export class DismissViolationDto {
  @ApiProperty({ description: 'why the inspector dismisses it' }) @IsString() @Trim() @Length(1, 2000) reason: string;
}

export class EvidenceDto {
  @ApiProperty({ example: '群众来电投诉窗口人员态度生硬，经调取录像核实' }) @IsString() @Trim() @Length(1, 2000) summary: string;
  @ApiProperty({ enum: EVIDENCE_SOURCES }) @IsIn(EVIDENCE_SOURCES) source: EvidenceSource;
  @ApiPropertyOptional({ description: 'e.g. the complaint letter number', example: '投诉〔2026〕12号' })
  @IsOptional()
  @IsString()
  @Trim()
  @Length(1, 200)
  reference?: string;
  @ApiPropertyOptional({ type: [String], description: 'references to attached files (document ids, archive numbers)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 500, { each: true })
  attachments?: string[];
}

/** A violation an inspector registers by hand (e.g. a verified complaint about conduct). */
export class RegisterViolationDto {
  @ApiProperty({ enum: TYPES }) @IsIn(TYPES) type: ViolationType;
  @ApiProperty({ description: 'the staff member at fault' }) @IsUUID() staffId: string;
  @ApiPropertyOptional({ description: "default the staff member's office" }) @IsOptional() @IsUUID() officeId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() caseId?: string;
  @ApiProperty({ type: EvidenceDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => EvidenceDto)
  evidence: EvidenceDto;
  @ApiProperty({ description: 'when it happened (ISO-8601 with offset), not in the future' }) @IsIsoWithOffset() occurredAt: string;
}

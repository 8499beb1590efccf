import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCnPhone, IsResidentIdNumber, Trim, PageQuery } from '@app/platform';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsDefined,
  IsObject,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { parsePeriod } from '@app/core';
import { CASE_STATUSES, type CaseStatus } from './case-lifecycle.js';

export class ApplicantDto {
  @ApiProperty({ example: '张三' }) @IsString() @Trim() @Length(1, 50) name: string;
  @ApiProperty({ example: '13800138000' }) @IsCnPhone() phone: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsResidentIdNumber()
  idNumber?: string;
}

const CHECKLIST_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** A material handed in: a ticked checklist item by its id, or a name for what the checklist lacks; pages and copies. */
export class ReceivedMaterialDto {
  @ApiPropertyOptional({ description: "the checklist item's id (service item materials[].id)", example: 'M1' })
  @IsOptional()
  @IsString()
  @Matches(CHECKLIST_ID, { message: 'itemId must be a checklist id such as M1' })
  itemId?: string;
  @ApiPropertyOptional({ description: 'only for a material the checklist lacks (required without itemId)', example: '租赁合同' })
  @ValidateIf((o: ReceivedMaterialDto) => o.itemId === undefined || o.name !== undefined)
  @IsString()
  @Trim()
  @Length(1, 100)
  name?: string;
  @ApiProperty({ example: 2 }) @IsInt() @Min(1) @Max(10_000) pages: number;
  @ApiProperty({ example: 1 }) @IsInt() @Min(1) @Max(100) copies: number;
}

/** A notice item: a checklist item by its id, or a name for what the checklist lacks; with the reason. */
export class NoticeItemDto {
  @ApiPropertyOptional({ description: "the checklist item's id", example: 'M3' })
  @IsOptional()
  @IsString()
  @Matches(CHECKLIST_ID, { message: 'itemId must be a checklist id such as M1' })
  itemId?: string;
  @ApiPropertyOptional({ description: 'only for an item the checklist lacks (required without itemId)', example: '租赁合同' })
  @ValidateIf((o: NoticeItemDto) => o.itemId === undefined || o.name !== undefined)
  @IsString()
  @Trim()
  @Length(1, 100)
  name?: string;
  @ApiProperty({ example: '未提交' }) @IsString() @Trim() @Length(1, 500) reason: string;
  @ApiPropertyOptional({ description: 'an item that became required after the first notice' }) @IsOptional() @IsBoolean() newlyRequired?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) justification?: string;
}

export class CreateCaseDto {
  @ApiProperty({ example: 'DEMO-001' }) @IsString() @Matches(/^[A-Za-z0-9-]{2,32}$/, { message: 'serviceItemCode must be 2-32 letters, digits or -' }) serviceItemCode: string;
  @ApiPropertyOptional({ description: 'the open enquiry this case comes from' }) @IsOptional() @IsUUID() enquiryId?: string;
  @ApiProperty({ type: ApplicantDto }) @IsDefined() @IsObject() @ValidateNested() @Type(() => ApplicantDto) applicant: ApplicantDto;
  @ApiPropertyOptional({ description: 'the handler; the caller when omitted and a handler' }) @IsOptional() @IsUUID() handlerId?: string;
  @ApiProperty({ type: [ReceivedMaterialDto] })
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ReceivedMaterialDto)
  materials: ReceivedMaterialDto[];
  @ApiPropertyOptional({ type: [NoticeItemDto], description: 'for a notice: reasons for checklist items and further items' })
  @IsOptional()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => NoticeItemDto)
  noticeItems?: NoticeItemDto[];
  @ApiPropertyOptional({ description: 'issue the one-time notice when materials are missing (after the preview); without it such an intake is 422 CASE.MATERIALS_MISSING' })
  @IsOptional()
  @IsBoolean()
  issueNotice?: boolean;
}

export class SupplementDto {
  @ApiProperty({ type: [ReceivedMaterialDto] })
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ReceivedMaterialDto)
  materials: ReceivedMaterialDto[];
}

export class IssueNoticeDto {
  @ApiProperty({ type: [NoticeItemDto] })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => NoticeItemDto)
  items: NoticeItemDto[];
}

export class ReasonDto {
  @ApiProperty() @IsString() @Trim() @Length(1, 500) reason: string;
}

export class CompleteDto {
  @ApiProperty({ example: '准予登记，已发放营业执照' }) @IsString() @Trim() @Length(1, 2000) result: string;
}

export class ReassignDto {
  @ApiProperty() @IsUUID() handlerId: string;
}

export class ExtensionRequestDto {
  @ApiProperty({ example: 3 }) @IsInt() @Min(1) @Max(60) workingDays: number;
  @ApiProperty({ example: '需现场核查' }) @IsString() @Trim() @Length(1, 500) reason: string;
}

export class ExtensionDecisionDto {
  @ApiProperty() @IsBoolean() approve: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) note?: string;
}

export class ExtensionParams {
  @IsUUID() id: string;
  @IsUUID() extensionId: string;
}

/** A period as people write it: a day, month, quarter, year or an ISO-8601 time with offset (parsePeriod). */
function IsPeriodText(): PropertyDecorator {
  return ValidateBy({
    name: 'isPeriodText',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && parsePeriod(value) !== null,
      defaultMessage: (args) => `${args?.property} must be a day (2026-03-02), month (2026-03), quarter (2026-Q1), year (2026) or an ISO-8601 time with offset`,
    },
  });
}

/** Finding a case (a returning citizen): every filter optional, combined with AND; received time for the period. */
export class ListCasesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CASE_STATUSES }) @IsOptional() @IsIn(CASE_STATUSES) status?: CaseStatus;
  @ApiPropertyOptional() @IsOptional() @IsUUID() handlerId?: string;
  @ApiPropertyOptional({ example: '收件〔2026〕0001号' }) @IsOptional() @IsString() @Length(1, 40) receiptNo?: string;
  @ApiPropertyOptional({ description: "part of the applicant's name" }) @IsOptional() @IsString() @Trim() @Length(1, 50) applicantName?: string;
  @ApiPropertyOptional({ description: "the applicant's phone, exact (masked in the answer)" }) @IsOptional() @IsString() @Length(1, 20) phone?: string;
  @ApiPropertyOptional({ example: 'DEMO-001' }) @IsOptional() @IsString() @Matches(/^[A-Za-z0-9-]{2,32}$/, { message: 'serviceItemCode must be 2-32 letters, digits or -' }) serviceItemCode?: string;
  @ApiPropertyOptional({ description: "the case's office" }) @IsOptional() @IsUUID() officeId?: string;
  @ApiPropertyOptional({ description: 'received from (included): 2026-03-02, 2026-03, 2026-Q1, 2026 or an ISO-8601 time with offset' }) @IsOptional() @IsPeriodText() from?: string;
  @ApiPropertyOptional({ description: 'received until: to the end of that day, month, quarter or year, or before that instant' }) @IsOptional() @IsPeriodText() to?: string;
  @ApiPropertyOptional({ description: 'received in that day, month, quarter or year (2026-Q1)' }) @IsOptional() @IsPeriodText() period?: string;
}

export class PublicLookupParams {
  @IsString() @Length(1, 40) receiptNo: string;
}

export class PublicLookupQuery {
  @IsString() @Matches(/^[A-Z0-9]{8}$/, { message: 'code must be the 8-character query code on the receipt' }) code: string;
}

export class PublicNoticeParams {
  @IsString() @Length(1, 40) number: string;
}

export class PublicNoticeQuery {
  @IsString() @Matches(/^[A-Z0-9]{8}$/, { message: 'code must be the 8-character query code on the notice' }) code: string;
}

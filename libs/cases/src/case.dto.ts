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
  ValidateNested,
} from 'class-validator';
import { CASE_STATUSES, type CaseStatus } from './case-lifecycle.js';

export class ApplicantDto {
  @ApiProperty({ example: '张三' }) @IsString() @Trim() @Length(1, 50) name: string;
  @ApiProperty({ example: '13800138000' }) @IsCnPhone() phone: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsResidentIdNumber()
  idNumber?: string;
}

/** A material handed in: the checklist name (or another), page count and copies. */
export class ReceivedMaterialDto {
  @ApiProperty({ example: '营业执照' }) @IsString() @Trim() @Length(1, 100) name: string;
  @ApiProperty({ example: 2 }) @IsInt() @Min(1) @Max(10_000) pages: number;
  @ApiProperty({ example: 1 }) @IsInt() @Min(1) @Max(100) copies: number;
}

export class NoticeItemDto {
  @ApiProperty({ example: '经营场所使用证明' }) @IsString() @Trim() @Length(1, 100) name: string;
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

export class ListCasesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CASE_STATUSES }) @IsOptional() @IsIn(CASE_STATUSES) status?: CaseStatus;
  @ApiPropertyOptional() @IsOptional() @IsUUID() handlerId?: string;
}

export class PublicLookupParams {
  @IsString() @Length(1, 40) receiptNo: string;
}

export class PublicLookupQuery {
  @IsString() @Matches(/^[A-Z0-9]{8}$/, { message: 'code must be the 8-character query code on the receipt' }) code: string;
}

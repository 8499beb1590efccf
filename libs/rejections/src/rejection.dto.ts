import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCnPhone, IsIsoWithOffset, IsResidentIdNumber, Trim, PageQuery } from '@app/platform';
import { applyDecorators } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import {
  isIdentityCard,
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { ID_NUMBER_PATTERNS, ID_TYPES, type IdType } from './rejection-rules.js';

export const FILING_STATUSES = ['pending_decision', 'registered', 'approved', 'denied'] as const;
export type FilingStatus = (typeof FILING_STATUSES)[number];

export class LegalCitationDto {
  @ApiProperty({ example: '《市场主体登记管理条例》' }) @IsString() @Trim() @Length(1, 200) law: string;
  @ApiProperty({ example: '第二十六条' }) @IsString() @Trim() @Length(1, 100) article: string;
}

export class CitizenDto {
  @ApiProperty({ example: '张三' }) @IsString() @Trim() @Length(1, 50) name: string;
  @ApiPropertyOptional({ example: '13800138000' }) @IsOptional() @IsCnPhone() phone?: string;
  @ApiPropertyOptional() @IsOptional() @IsResidentIdNumber() idNumber?: string;
}

/** A refusal of a case, or of an enquiry refused at the window: exactly one of caseId and enquiryId. */
export class CreateFilingDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() caseId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() enquiryId?: string;
  @ApiProperty({ example: '申请人不符合法定条件' }) @IsString() @Trim() @Length(1, 2000) reason: string;
  @ApiProperty({ type: [LegalCitationDto], description: 'the articles the refusal rests on' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => LegalCitationDto)
  legalBasis: LegalCitationDto[];
  @ApiProperty({ description: "the handler's contact number for the citizen", example: '0851-12345678' }) @IsCnPhone() contactPhone: string;
  @ApiPropertyOptional({ description: "the leader who decides a refusal beyond the handler's authority; default the unit's first leader" })
  @IsOptional()
  @IsUUID()
  approverId?: string;
  @ApiPropertyOptional({ type: CitizenDto, description: 'for an enquiry that did not record the citizen' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CitizenDto)
  citizen?: CitizenDto;
}

export class DecisionDto {
  @ApiProperty({ description: 'approve: the refusal takes effect; deny: the case goes back to its handler' }) @IsBoolean() approve: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @Trim() @Length(1, 1000) note?: string;
}

export class ReturnItemDto {
  @ApiProperty({ example: '营业执照' }) @IsString() @Trim() @Length(1, 100) name: string;
  @ApiProperty({ example: 1 }) @IsInt() @Min(1) @Max(100) copies: number;
}

export class ReturnRequestDto {
  @ApiProperty({ type: [ReturnItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ReturnItemDto)
  items: ReturnItemDto[];
  @ApiProperty({ enum: ['visit', 'phone', 'online', 'letter'] }) @IsIn(['visit', 'phone', 'online', 'letter']) channel: 'visit' | 'phone' | 'online' | 'letter';
}

export class AuthorizationDto {
  @ApiProperty({ description: '授权委托书 reference' }) @IsString() @Trim() @Length(1, 100) reference: string;
  @ApiProperty({ description: "the applicant's ID number on the authorization" }) @IsResidentIdNumber() principalIdNumber: string;
}

/** The number fits the document type named beside it (`idType`, a resident ID card when absent). */
function IsIdDocumentNumber(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value)),
    IsString(),
    ValidateBy({
      name: 'isIdDocumentNumber',
      validator: {
        validate: (value: unknown, args) => {
          const type = ((args?.object as RecipientDto).idType ?? 'resident_id') as IdType;
          if (typeof value !== 'string') return false;
          return type === 'resident_id' ? isIdentityCard(value, 'zh-CN') : (ID_NUMBER_PATTERNS[type]?.test(value) ?? false);
        },
        defaultMessage: () => '$property must be a valid number of the ID document named by idType',
      },
    }),
  );
}

export class RecipientDto {
  @ApiProperty({ enum: ['applicant', 'agent'] }) @IsIn(['applicant', 'agent']) kind: 'applicant' | 'agent';
  @ApiProperty() @IsString() @Trim() @Length(1, 50) name: string;
  @ApiPropertyOptional({ enum: ID_TYPES, default: 'resident_id', description: 'the ID document shown at the counter' })
  @IsOptional()
  @IsIn(ID_TYPES)
  idType?: IdType;
  @ApiProperty({ description: 'its number, checked against the type' }) @IsIdDocumentNumber() idNumber: string;
  @ApiPropertyOptional({ type: AuthorizationDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => AuthorizationDto) authorization?: AuthorizationDto;
}

export class SignatureDto {
  @ApiProperty({ enum: ['handwritten', 'electronic'] }) @IsIn(['handwritten', 'electronic']) method: 'handwritten' | 'electronic';
  @ApiProperty({ description: 'the name as signed' }) @IsString() @Trim() @Length(1, 50) signedName: string;
  @ApiPropertyOptional({ description: 'scan or signature-pad reference' }) @IsOptional() @IsString() @Length(1, 200) reference?: string;
}

export class ReturnHandOverDto {
  @ApiProperty({ type: RecipientDto }) @IsDefined() @IsObject() @ValidateNested() @Type(() => RecipientDto) recipient: RecipientDto;
  @ApiProperty({ type: SignatureDto }) @IsDefined() @IsObject() @ValidateNested() @Type(() => SignatureDto) signature: SignatureDto;
}

export class ReturnParams {
  @IsUUID() id: string;
  @IsUUID() returnId: string;
}

export class ListFilingsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'filed at or after (ISO-8601 with offset)' }) @IsOptional() @IsIsoWithOffset() from?: string;
  @ApiPropertyOptional({ description: 'filed before (ISO-8601 with offset)' }) @IsOptional() @IsIsoWithOffset() to?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() officeId?: string;
  @ApiPropertyOptional({ description: 'who filed it' }) @IsOptional() @IsUUID() staffId?: string;
  @ApiPropertyOptional({ enum: FILING_STATUSES }) @IsOptional() @IsIn(FILING_STATUSES) status?: FilingStatus;
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(/^[A-Za-z0-9-]{2,32}$/, { message: 'serviceItemCode must be 2-32 letters, digits or -' }) serviceItemCode?: string;
}

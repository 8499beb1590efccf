import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsCnPhone, IsIsoWithOffset, IsResidentIdNumber, Trim, PageQuery } from '@app/platform';
import {
  IsBoolean,
  IsDefined,
  IsIn,
  
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  
  
  ValidateNested,
} from 'class-validator';

export const CHANNELS = ['visit', 'phone', 'online', 'letter'] as const;
export type EnquiryChannel = (typeof CHANNELS)[number];
export const KINDS = ['consultation', 'application', 'report', 'complaint'] as const;
export type EnquiryKind = (typeof KINDS)[number];
export const OUTCOME_TYPES = ['answered', 'transferred', 'referred', 'registered', 'open'] as const;
export type OutcomeType = (typeof OUTCOME_TYPES)[number];

export class CitizenDto {
  @ApiPropertyOptional({ example: '张三' }) @IsOptional() @IsString() @Trim() @Length(1, 50) name?: string;
  @ApiPropertyOptional({ example: '13800138000' })
  @IsOptional()
  @IsCnPhone()
  phone?: string;
  @ApiPropertyOptional({ description: 'resident ID number (GB 11643)' })
  @IsOptional()
  @IsResidentIdNumber()
  idNumber?: string;
}

/** How the enquiry was dealt with. Every outcome routes it somewhere: none drops it. */
export class OutcomeDto {
  @ApiProperty({ enum: OUTCOME_TYPES }) @IsIn(OUTCOME_TYPES) type: OutcomeType;
}

export class AnsweredOutcomeDto extends OutcomeDto {
  @ApiProperty({ description: 'the answer given on the spot' }) @IsString() @Trim() @Length(1, 2000) answer: string;
  @ApiPropertyOptional({ description: 'the answer was "cannot be done": a refusal, to be filed (否定报备制)', default: false })
  @IsOptional()
  @IsBoolean()
  refused?: boolean;
}

export class TransferredOutcomeDto extends OutcomeDto {
  @ApiProperty() @IsUUID() officeId: string;
  @ApiProperty({ description: 'the named staff member who takes it over' }) @IsUUID() staffId: string;
}

export class ReferredOutcomeDto extends OutcomeDto {
  @ApiProperty({ example: '县人力资源和社会保障局' }) @IsString() @Trim() @Length(1, 100) agency: string;
  @ApiProperty({ example: '人民路 1 号' }) @IsString() @Trim() @Length(1, 200) address: string;
  @ApiProperty({ example: '0851-12345678' }) @IsCnPhone() phone: string;
}

export class EmptyOutcomeDto extends OutcomeDto {}

export class CreateEnquiryDto {
  @ApiProperty({ enum: CHANNELS }) @IsIn(CHANNELS) channel: EnquiryChannel;
  @ApiProperty({ enum: KINDS }) @IsIn(KINDS) kind: EnquiryKind;
  @ApiProperty({ example: '咨询个体工商户设立登记所需材料' }) @IsString() @Trim() @Length(1, 200) subject: string;
  @ApiPropertyOptional({ example: 'SCJ-001' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9-]{2,32}$/, { message: 'serviceItemCode must be 2-32 letters, digits or -' })
  serviceItemCode?: string;
  @ApiPropertyOptional({ type: CitizenDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CitizenDto)
  citizen?: CitizenDto;
  @ApiProperty({
    description: 'answered {answer} | transferred {officeId, staffId} | referred {agency, address, phone} | registered | open',
  })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => OutcomeDto, {
    keepDiscriminatorProperty: true,
    discriminator: {
      property: 'type',
      subTypes: [
        { value: AnsweredOutcomeDto, name: 'answered' },
        { value: TransferredOutcomeDto, name: 'transferred' },
        { value: ReferredOutcomeDto, name: 'referred' },
        { value: EmptyOutcomeDto, name: 'registered' },
        { value: EmptyOutcomeDto, name: 'open' },
      ],
    },
  })
  outcome: AnsweredOutcomeDto | TransferredOutcomeDto | ReferredOutcomeDto | EmptyOutcomeDto;
}

export class ListEnquiriesQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'received at or after (ISO-8601 with offset)' })
  @IsOptional()
  @IsIsoWithOffset()
  from?: string;
  @ApiPropertyOptional({ description: 'received before (ISO-8601 with offset)' })
  @IsOptional()
  @IsIsoWithOffset()
  to?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() firstResponderId?: string;
  @ApiPropertyOptional({ description: "the first responder's office or the office it was transferred to" })
  @IsOptional()
  @IsUUID()
  officeId?: string;
  @ApiPropertyOptional({ enum: KINDS }) @IsOptional() @IsIn(KINDS) kind?: EnquiryKind;
  @ApiPropertyOptional({ enum: CHANNELS }) @IsOptional() @IsIn(CHANNELS) channel?: EnquiryChannel;
  @ApiPropertyOptional({ enum: OUTCOME_TYPES }) @IsOptional() @IsIn(OUTCOME_TYPES) outcome?: OutcomeType;
  @ApiPropertyOptional({ description: 'only open enquiries not turned into a case within a working day of their receipt (for the office head), oldest first' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  stale?: boolean;
}

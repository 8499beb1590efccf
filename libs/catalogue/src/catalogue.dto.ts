import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Trim } from '@app/platform';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
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
import { LIMIT_UNITS, type LimitUnit } from '@app/core';
import { SERVICE_ITEM_KINDS, type ServiceItemKind } from './service-item.entity.js';

export class TimeLimitDto {
  @ApiProperty({ example: 5 }) @IsInt() @Min(1) @Max(3650) amount: number;
  @ApiProperty({ enum: LIMIT_UNITS }) @IsIn(LIMIT_UNITS) unit: LimitUnit;
}

export class RequiredMaterialDto {
  @ApiPropertyOptional({ description: 'the checklist id; kept from the item of the same name, or the next free M<n>, when omitted', example: 'M1' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'id must be 1-32 letters, digits, _ or -' })
  id?: string;
  @ApiProperty({ example: '营业执照' }) @IsString() @Trim() @Length(1, 100) name: string;
  @ApiProperty({ enum: ['original', 'copy', 'original_and_copy'] })
  @IsIn(['original', 'copy', 'original_and_copy'])
  form: 'original' | 'copy' | 'original_and_copy';
  @ApiProperty({ example: 1 }) @IsInt() @Min(1) @Max(20) copies: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) notes?: string;
}

export class RejectionRuleDto {
  @ApiProperty({ description: 'a handler may refuse on their own authority', default: false }) @IsBoolean() withinAuthority: boolean;
  @ApiProperty({ description: "working hours a leader has to decide a refusal beyond the handler's authority", default: 8 })
  @IsInt()
  @Min(1)
  @Max(80)
  decisionWorkingHours: number;
}

export class ServiceItemDto {
  @ApiProperty({ example: 'SCJ-001' }) @IsString() @Matches(/^[A-Za-z0-9-]{2,32}$/) code: string;
  @ApiProperty({ example: '个体工商户设立登记' }) @IsString() @Trim() @Length(1, 100) name: string;
  @ApiProperty() @IsUUID() officeId: string;
  @ApiProperty({ example: '《促进个体工商户发展条例》第八条' }) @IsString() @Trim() @Length(1, 2000) legalBasis: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) conditions?: string;
  @ApiProperty({ type: TimeLimitDto }) @ValidateNested() @Type(() => TimeLimitDto) statutoryLimit: TimeLimitDto;
  @ApiProperty({ type: TimeLimitDto }) @ValidateNested() @Type(() => TimeLimitDto) committedLimit: TimeLimitDto;
  @ApiProperty({ type: [RequiredMaterialDto] })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => RequiredMaterialDto)
  materials: RequiredMaterialDto[];
  @ApiProperty({ example: ['申请', '受理', '审核', '决定'] })
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  procedure: string[];
  @ApiProperty({ description: 'fee in fen (分), 0 when free', example: 0 }) @IsInt() @Min(0) @Max(100_000_000) feeFen: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) feeBasis?: string;
  @ApiPropertyOptional({ type: RejectionRuleDto, description: 'refusals (否定报备制); default: a leader decides within 8 working hours' })
  @IsOptional()
  @ValidateNested()
  @Type(() => RejectionRuleDto)
  rejection?: RejectionRuleDto;
  @ApiPropertyOptional({ enum: SERVICE_ITEM_KINDS, description: '行政许可 (licensing) or another service; titles a refusal after acceptance (不予许可 / 不予办理)' })
  @IsOptional()
  @IsIn(SERVICE_ITEM_KINDS)
  kind?: ServiceItemKind;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}

export class ServiceItemCodeParam {
  @IsString() @Matches(/^[A-Za-z0-9-]{2,32}$/, { message: 'code must be 2-32 letters, digits or -' }) code: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';
import { ROLES, type Role } from '@app/core';
import { IsCnPhone, IsIsoWithOffset, Omittable, Trim } from '@app/platform';

export class CreateUnitDto {
  @ApiProperty({ example: 'ZY-SCJ' }) @IsString() @Matches(/^[A-Za-z0-9-]{2,32}$/) code: string;
  @ApiProperty({ example: '遵义市市场监督管理局' }) @IsString() @Trim() @Length(1, 100) name: string;
}

export class CreateOfficeDto {
  @ApiProperty({ example: '登记注册股' }) @IsString() @Trim() @Length(1, 60) name: string;
  @ApiPropertyOptional({ example: '0851-28888888' }) @IsOptional() @IsCnPhone() phone?: string;
}

export class UpdateOfficeDto {
  @ApiPropertyOptional() @Omittable() @IsString() @Trim() @Length(1, 60) name?: string;
  @ApiPropertyOptional() @Omittable() @IsCnPhone() phone?: string;
  @ApiPropertyOptional({ nullable: true, description: 'the leader in charge (分管领导): an active leader of the unit; null clears it' })
  @IsOptional()
  @IsUUID()
  leaderId?: string | null;
}

export class UpdateUnitDto {
  @ApiPropertyOptional({ nullable: true, description: 'the principal leader (主要领导): an active leader of the unit; null clears it' })
  @IsOptional()
  @IsUUID()
  principalId?: string | null;
}

export class CreateStaffDto {
  @ApiProperty({ example: 'clerk02' }) @IsString() @Matches(/^[A-Za-z0-9._-]{3,40}$/) username: string;
  @ApiProperty({ minLength: 10 }) @IsString() @Length(10, 128) password: string;
  @ApiProperty({ example: '李四' }) @IsString() @Trim() @Length(1, 50) name: string;
  @ApiProperty({ example: 'ZY0102' }) @IsString() @Matches(/^[A-Za-z0-9-]{1,20}$/) badgeNo: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() officeId?: string;
  @ApiPropertyOptional({ example: '13800138000' }) @IsOptional() @IsCnPhone() phone?: string;
  @ApiPropertyOptional({ example: '2026-07-01T00:00:00+08:00', description: '入职: evaluations of periods before it leave them out' })
  @IsOptional()
  @IsIsoWithOffset()
  employedFrom?: string;
  @ApiProperty({ enum: ROLES, isArray: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles: Role[];
}

export class UpdateStaffDto {
  @ApiPropertyOptional() @Omittable() @IsString() @Trim() @Length(1, 50) name?: string;
  @ApiPropertyOptional() @Omittable() @IsUUID() officeId?: string;
  @ApiPropertyOptional() @Omittable() @IsCnPhone() phone?: string;
  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @Omittable()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles?: Role[];
  @ApiPropertyOptional() @Omittable() @IsBoolean() active?: boolean;
  @ApiPropertyOptional() @Omittable() @IsString() @Length(10, 128) password?: string;
  @ApiPropertyOptional({ enum: ['substitute'], description: "deactivating someone with open cases: hand them to the post's substitute (else 409 listing them)" })
  @Omittable()
  @IsIn(['substitute'])
  reassignTo?: 'substitute';
}

/** The refresh token in the body (API clients); the browser console's comes in its cookie instead. */
export class RefreshDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) refreshToken?: string;
}

export class ChangePasswordDto {
  @ApiProperty() @IsString() @MaxLength(128) currentPassword: string;
  @ApiProperty({ minLength: 10 }) @IsString() @Length(10, 128) newPassword: string;
}

export class LoginDto {
  @ApiProperty({ example: 'clerk01' }) @IsString() @MaxLength(40) username: string;
  @ApiProperty({ example: 'ChangeMe-2026' }) @IsString() @MaxLength(128) password: string;
}

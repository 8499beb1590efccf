import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Trim } from '@app/platform';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Matches, Min } from 'class-validator';

export class CreateWorkStandardDto {
  @ApiProperty({ example: 'report', description: 'the kind of internal work (lower-case letters, digits, _)' })
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{1,39}$/, { message: 'kind is lower-case letters, digits and _, 2 to 40 of them' })
  kind: string;

  @ApiPropertyOptional({ description: 'the limit of urgent work of this kind (急件)', default: false }) @IsOptional() @IsBoolean() urgent?: boolean;
  @ApiProperty({ example: '信息报送' }) @IsString() @Trim() @Length(1, 100) name: string;
  @ApiProperty({ example: 420, description: 'the limit in working minutes (a working day is the calendar’s working hours)' }) @IsInt() @Min(1) limitWorkingMinutes: number;
}

/** A new version of a standard: tasks started on an earlier one keep its limit. */
export class UpdateWorkStandardDto {
  @ApiPropertyOptional({ example: '一般公文流转' }) @IsOptional() @IsString() @Trim() @Length(1, 100) name?: string;
  @ApiPropertyOptional({ example: 420 }) @IsOptional() @IsInt() @Min(1) limitWorkingMinutes?: number;
}

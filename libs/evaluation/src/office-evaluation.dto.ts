import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { Points, Share } from './evaluation.dto.js';

/** One leader's 领导评议 of an office, 0..100 on each aspect. */
export class AspectScoresDto {
  @ApiProperty({ description: '年度工作目标' }) @Points() goals: number;
  @ApiProperty({ description: '履行职责' }) @Points() duties: number;
  @ApiProperty({ description: '廉政建设' }) @Points() integrity: number;
  @ApiProperty({ description: '工作效率' }) @Points() efficiency: number;
}

export class OfficeResultParams {
  @IsUUID() id: string;
  @IsUUID() officeId: string;
}

/** 组织核查 of a failing office: what was found and what follows. */
export class VerificationDto {
  @ApiProperty({ example: '年度目标完成率偏低，窗口超期办件集中在第三季度' }) @IsString() @Length(2, 2000) finding: string;
  @ApiProperty({ example: '限期一个月整改，下季度复核' }) @IsString() @Length(2, 2000) followUp: string;
}

/** The weights of 年度工作目标、履行职责、廉政建设、工作效率 (0..1, adding up to 1). */
export class AspectWeightsDto {
  @ApiProperty({ example: 0.25 }) @Share() goals: number;
  @ApiProperty({ example: 0.25 }) @Share() duties: number;
  @ApiProperty({ example: 0.25 }) @Share() integrity: number;
  @ApiProperty({ example: 0.25 }) @Share() efficiency: number;
}

/** A unit's weights for its offices' evaluation; the grade thresholds are the staff scheme's. */
export class OfficeSchemeDto {
  @ApiProperty({ type: AspectWeightsDto }) @IsDefined() @IsObject() @ValidateNested() @Type(() => AspectWeightsDto) aspectWeights: AspectWeightsDto;
  @ApiProperty({ example: 0.7, description: 'share of the total from 领导评议; the rest from 群众评议' }) @Share() leadersShare: number;
}

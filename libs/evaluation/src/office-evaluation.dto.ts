import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, Length } from 'class-validator';
import { Points } from './evaluation.dto.js';

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

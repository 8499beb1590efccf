import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsIn, IsNumber, IsObject, IsOptional, IsUUID, Matches, Max, Min, ValidateNested } from 'class-validator';
import { PageQuery } from '@app/platform';

export const Share = () => (target: object, key: string) => {
  IsNumber({ allowNaN: false, allowInfinity: false })(target, key);
  Min(0)(target, key);
  Max(1)(target, key);
};
export const Points = () => (target: object, key: string) => {
  IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })(target, key);
  Min(0)(target, key);
  Max(100)(target, key);
};

export class WeightsDto {
  @ApiProperty({ example: 0.4 }) @Share() onTime: number;
  @ApiProperty({ example: 0.1 }) @Share() early: number;
  @ApiProperty({ example: 0.2 }) @Share() handling: number;
  @ApiProperty({ example: 0.3 }) @Share() satisfaction: number;
}

/** 德、能、勤、绩、廉 scores (0..100). */
export class QualitiesDto {
  @ApiProperty({ description: '德' }) @Points() de: number;
  @ApiProperty({ description: '能' }) @Points() neng: number;
  @ApiProperty({ description: '勤' }) @Points() qin: number;
  @ApiProperty({ description: '绩' }) @Points() ji: number;
  @ApiProperty({ description: '廉' }) @Points() lian: number;
}

/** 德、能、勤、绩、廉 weights (0..1, adding up to 1). */
export class QualityWeightsDto {
  @ApiProperty() @Share() de: number;
  @ApiProperty() @Share() neng: number;
  @ApiProperty() @Share() qin: number;
  @ApiProperty() @Share() ji: number;
  @ApiProperty() @Share() lian: number;
}

export class ThresholdsDto {
  @ApiProperty({ example: 90 }) @Points() excellent: number;
  @ApiProperty({ example: 75 }) @Points() competent: number;
  @ApiProperty({ example: 60 }) @Points() basicallyCompetent: number;
}

export class SchemeDto {
  @ApiProperty({ type: WeightsDto }) @IsDefined() @IsObject() @ValidateNested() @Type(() => WeightsDto) weights: WeightsDto;
  @ApiProperty({ example: 5 }) @Points() violationPenalty: number;
  @ApiProperty({ example: 0.6 }) @Share() quantitativeShare: number;
  @ApiProperty({ type: QualityWeightsDto }) @IsDefined() @IsObject() @ValidateNested() @Type(() => QualityWeightsDto) qualitativeWeights: QualityWeightsDto;
  @ApiProperty({ type: ThresholdsDto }) @IsDefined() @IsObject() @ValidateNested() @Type(() => ThresholdsDto) thresholds: ThresholdsDto;
  @ApiPropertyOptional({ example: 0.2, nullable: true, description: 'the largest share of 优秀; null: no cap' })
  @IsOptional()
  @Share()
  excellentCap: number | null;
}

export const PERIOD_PATTERN = /^((?:19|20)\d\d)(?:-(0[1-9]|1[0-2])|-Q([1-4]))?$/;

export class DraftDto {
  @ApiProperty({ example: '2026-03', description: 'a month (2026-03), a quarter (2026-Q1) or a year (2026)' })
  @Matches(PERIOD_PATTERN, { message: 'period must be a month (2026-03), a quarter (2026-Q1) or a year (2026)' })
  period: string;
}

export class ResultParams {
  @IsUUID() id: string;
  @IsUUID() staffId: string;
}

/** One staff member's 德、能、勤、绩、廉 in a batch. */
export class StaffQualitiesDto extends QualitiesDto {
  @ApiProperty() @IsUUID() staffId: string;
}

/** The qualitative scores of a whole office (or any several staff) at once: all written, or none. */
export class BatchQualitiesDto {
  @ApiProperty({ type: [StaffQualitiesDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => StaffQualitiesDto)
  scores: StaffQualitiesDto[];
}

export class ListEvaluationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['draft', 'reviewed', 'published'] }) @IsOptional() @IsIn(['draft', 'reviewed', 'published']) status?: 'draft' | 'reviewed' | 'published';
}

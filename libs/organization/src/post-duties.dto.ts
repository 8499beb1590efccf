import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Trim } from '@app/platform';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { POST_AUTHORITIES, type PostAuthority } from './post-duties.js';

/** A post's description (岗位职责); each PUT is a new version. */
export class PostDutiesDto {
  @ApiProperty({ example: ['负责公文的接收、登记、拟办、分办、传阅、催办工作'], description: 'specific tasks; vague entries such as 负责相关工作 are refused (422)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(2, 200, { each: true })
  duties: string[];
  @ApiProperty({ enum: POST_AUTHORITIES, isArray: true, description: '工作权限' })
  @IsArray()
  @ArrayMaxSize(4)
  @IsIn(POST_AUTHORITIES, { each: true })
  authority: PostAuthority[];
  @ApiPropertyOptional({ description: 'the post directly above (直接上级)' }) @IsOptional() @IsUUID() superiorPostId?: string;
  @ApiProperty({ type: [String], description: 'posts this one works with (协作关系)' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  collaboratorPostIds: string[];
  @ApiProperty({ example: '大专以上学历，熟悉公文处理规范', description: '任职资格' }) @IsString() @Trim() @Length(1, 1000) qualification: string;
}

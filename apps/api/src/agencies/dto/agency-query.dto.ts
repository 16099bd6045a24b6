import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { KIND_CODE, REGION_CODE } from '@domain/definition';

export class AgencyQueryDto {
  @ApiPropertyOptional({ enum: ['national', 'provincial', 'municipal'] })
  @IsOptional()
  @IsIn(['national', 'provincial', 'municipal'])
  level?: string;

  @ApiPropertyOptional({ example: 'HA' })
  @IsOptional()
  @Matches(REGION_CODE, { message: '$property must be a region code such as HA or CN' })
  region?: string;

  @ApiPropertyOptional({ example: 'CAST' })
  @IsOptional()
  @Matches(KIND_CODE, { message: '$property must be a kind such as CAST' })
  kind?: string;
}

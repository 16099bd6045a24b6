import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';

export class AgencyQueryDto {
  @ApiPropertyOptional({ enum: ['national', 'provincial', 'municipal'] })
  @IsOptional()
  @IsIn(['national', 'provincial', 'municipal'])
  level?: string;

  @ApiPropertyOptional({ example: 'HA' })
  @IsOptional()
  @Matches(/^[A-Z][A-Z0-9_]{0,15}$/, { message: '$property must be a region code such as HA or CN' })
  region?: string;

  @ApiPropertyOptional({ example: 'CAST' })
  @IsOptional()
  @Matches(/^[A-Z][A-Z0-9_]{0,31}$/, { message: '$property must be a kind such as CAST' })
  kind?: string;
}

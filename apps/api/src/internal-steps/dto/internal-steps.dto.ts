import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { MAX_STEP_PEOPLE, MAX_STEPS, STEP_ACTIONS, STEP_COMMENT_MAX, STEP_MODES, STEP_NAME_MAX } from '@domain/internal-steps';
import type { StepAction, StepMode } from '@domain/internal-steps';
import { IsName, Nested } from '@contract/validators';
import { SHA256_HEX } from '@domain/hashing';

/** One step of an agency's internal sign-off (内部审签). */
export class InternalStepDto {
  @ApiProperty({ example: '处室负责人', maxLength: STEP_NAME_MAX })
  @IsString()
  @MaxLength(STEP_NAME_MAX)
  @IsName()
  name: string;

  @ApiProperty({ enum: STEP_MODES, description: 'any: 或签 (one of the people takes it); all: 会签 (every one of them approves)' })
  @IsIn(STEP_MODES, { message: `$property must be one of ${STEP_MODES.join(', ')}` })
  mode: StepMode;

  @ApiProperty({ description: 'logins of active accounts of the agency who may take the step', example: ['moe.chuzhang', 'moe.fuchuzhang'] })
  @IsArray()
  @ArrayMaxSize(MAX_STEP_PEOPLE)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  people: string[];
}

/** PUT /agencies/:code/internal-steps: the steps in order; an empty list removes them. */
export class InternalStepsDto {
  @ApiProperty({ type: [InternalStepDto], description: 'in order: e.g. 经办 → 处室负责人 → 分管领导 (the last gives the agency’s decision); [] for none' })
  @IsArray()
  @ArrayMaxSize(MAX_STEPS)
  @Nested(() => InternalStepDto, { each: true })
  steps: InternalStepDto[];
}


/** POST /campaigns/:id/co-sign/internal/steps: the caller takes the step the item is at. */
export class StepActionDto {
  @ApiProperty({
    enum: STEP_ACTIONS,
    description: 'approve (the last step’s approve is the agency’s decision); return (to the previous step, with a reason); transfer (转办, to a colleague: `to`); reject (the last step only: the agency’s 不同意, with a reason)',
  })
  @IsIn(STEP_ACTIONS, { message: `$property must be one of ${STEP_ACTIONS.join(', ')}` })
  action: StepAction;

  @ApiPropertyOptional({ description: 'the opinion; required to return or reject', maxLength: STEP_COMMENT_MAX })
  @IsOptional()
  @IsString()
  @MaxLength(STEP_COMMENT_MAX)
  comment?: string;

  @ApiPropertyOptional({ description: 'transfer: the login of a colleague of the same agency' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  to?: string;

  @ApiPropertyOptional({ description: 'the SHA-256 of the text the caller read: when given, a revision meanwhile is a 409 STALE_NOTICE' })
  @IsOptional()
  @Matches(SHA256_HEX, { message: '$property must be the lowercase hex SHA-256 of the notice text (64 characters)' })
  noticeSha256?: string;
}

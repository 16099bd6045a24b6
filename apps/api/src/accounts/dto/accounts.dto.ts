import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { LOGIN, LOGIN_RULE, PASSWORD_MAX, PASSWORD_MIN, USER_NAME_MAX } from '@domain/account';
import { ROLES } from '@domain/auth';
import { EMAIL_MAX } from '@domain/contact';
import { AGENCY_CODE } from '@domain/definition';
import { EmptyBodyDto } from '@contract/empty-body.dto';
import { IsEmailAddress, IsName } from '@contract/validators';

const lowerCase = Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value));

export class LoginDto {
  @ApiProperty({ example: 'wangxm', maxLength: 64 })
  @IsString()
  @MinLength(1, { message: '$property is required' })
  @MaxLength(64)
  login: string;

  @ApiProperty({ maxLength: PASSWORD_MAX, format: 'password' })
  @IsString()
  @MinLength(1, { message: '$property is required' })
  @MaxLength(PASSWORD_MAX)
  password: string;
}

/** The refresh and the logout take their credential from the cookies: no body. */
export class RefreshDto extends EmptyBodyDto {}
export class LogoutDto extends EmptyBodyDto {}

const PASSWORD_RULES = [
  IsString(),
  MinLength(PASSWORD_MIN, { message: `$property must be at least ${PASSWORD_MIN} characters` }),
  MaxLength(PASSWORD_MAX, { message: `$property must be at most ${PASSWORD_MAX} characters` }),
];
const ROLE_RULES = [
  IsArray(),
  ArrayMinSize(1, { message: `$property must name at least one of ${ROLES.join(', ')}` }),
  ArrayMaxSize(ROLES.length),
  IsIn(ROLES, { each: true, message: `$property must each be one of ${ROLES.join(', ')}` }),
];
const apply = (decorators: PropertyDecorator[]): PropertyDecorator => (target, key) => decorators.forEach((d) => d(target, key));

/** POST /users: a new account. */
export class CreateUserDto {
  @ApiProperty({ example: 'wangxm', description: `lower-case; ${LOGIN_RULE}`, pattern: LOGIN.source })
  @lowerCase
  @IsString()
  @Matches(LOGIN, { message: `$property ${LOGIN_RULE}` })
  login: string;

  @ApiProperty({ example: '王晓萌', maxLength: USER_NAME_MAX })
  @IsString()
  @MinLength(1, { message: '$property is required' })
  @MaxLength(USER_NAME_MAX)
  @IsName()
  name: string;

  @ApiProperty({ example: 'CAST', description: 'the body this person acts for' })
  @IsString()
  @Matches(AGENCY_CODE, { message: '$property must be an agency code' })
  agency: string;

  @ApiProperty({ enum: ROLES, isArray: true, example: ['secretariat'] })
  @apply(ROLE_RULES)
  roles: string[];

  @ApiPropertyOptional({ example: 'kepuri@cast.org.cn', maxLength: EMAIL_MAX, nullable: true })
  @IsOptional()
  @IsString()
  @IsEmailAddress()
  email?: string | null;

  @ApiProperty({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX, format: 'password' })
  @apply(PASSWORD_RULES)
  password: string;
}

/** PATCH /users/:id: what is given changes; `active: false` deactivates (and logs the person out). */
export class UpdateUserDto {
  @ApiPropertyOptional({ maxLength: USER_NAME_MAX })
  @IsOptional()
  @IsString()
  @MinLength(1, { message: '$property is required' })
  @MaxLength(USER_NAME_MAX)
  @IsName()
  name?: string;

  @ApiPropertyOptional({ maxLength: EMAIL_MAX, nullable: true })
  @IsOptional()
  @IsString()
  @IsEmailAddress()
  email?: string | null;

  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @IsOptional()
  @apply(ROLE_RULES)
  roles?: string[];

  @ApiPropertyOptional({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX, format: 'password' })
  @IsOptional()
  @apply(PASSWORD_RULES)
  password?: string;

  @ApiPropertyOptional({ description: 'false deactivates the account and revokes its refresh tokens' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

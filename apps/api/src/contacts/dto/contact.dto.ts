import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { CONTACT_CHANNELS, CONTACT_NAME_MAX, CONTACT_ROLES, DEFAULT_LANGUAGE, EMAIL_MAX, LANGUAGES, PHONE_MAX } from '@domain/contact';
import { IsEmailAddress, IsName, IsPhoneNumber } from '@contract/validators';

/**
 * A person of a body, as POST /agencies/:code/contacts adds one and PUT …/:contactId replaces one
 * (every field: what is left out takes its default). The same rules as a row of the CSV import
 * (libs/domain/src/contact.ts).
 */
export class ContactDto {
  @ApiProperty({ example: '王晓萌', maxLength: CONTACT_NAME_MAX })
  @IsString()
  @MinLength(1, { message: '$property is required' })
  @MaxLength(CONTACT_NAME_MAX)
  @IsName()
  name: string;

  @ApiProperty({ description: 'the roles this person acts in for the body', enum: CONTACT_ROLES, isArray: true, example: ['secretariat'] })
  @IsArray()
  @ArrayMinSize(1, { message: `$property must name at least one of ${CONTACT_ROLES.join(', ')}` })
  @ArrayMaxSize(CONTACT_ROLES.length * 2)
  @IsIn(CONTACT_ROLES, { each: true, message: `$property must each be one of ${CONTACT_ROLES.join(', ')}` })
  roles: string[];

  @ApiPropertyOptional({ example: 'kepuri@cast.org.cn', maxLength: EMAIL_MAX, nullable: true })
  @IsOptional()
  @IsString()
  @IsEmailAddress()
  email?: string | null;

  @ApiPropertyOptional({ example: '010-68512519', maxLength: PHONE_MAX, nullable: true })
  @IsOptional()
  @IsString()
  @IsPhoneNumber()
  phone?: string | null;

  @ApiPropertyOptional({ enum: LANGUAGES, default: DEFAULT_LANGUAGE })
  @IsOptional()
  @IsIn(LANGUAGES, { message: `$property must be one of ${LANGUAGES.join(', ')}` })
  language?: string;

  @ApiPropertyOptional({ description: 'the channels this person wants (the inbox needs no wish)', enum: CONTACT_CHANNELS, isArray: true, default: ['email'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(CONTACT_CHANNELS.length * 2)
  @IsIn(CONTACT_CHANNELS, { each: true, message: `$property must each be one of ${CONTACT_CHANNELS.join(', ')}` })
  channels?: string[];
}

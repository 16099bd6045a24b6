import { LANGUAGES } from '@domain/contact';
import type { Language } from '@domain/contact';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import type { ValidationArguments } from 'class-validator';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, Matches, ValidateBy } from 'class-validator';
import { UUID } from '@domain/ids';
import type { NotificationKind } from '@domain/messages';
import { isNotificationKind, NOTIFICATION_KINDS } from '@domain/messages';
import { queryBoolean } from '@domain/query';
import { Paged } from '@contract/paging';

/** `?kind=a,b` (or `?kind=a&kind=b`) as a list; anything else is left for the validator to refuse. */
const kindList = ({ value }: { value: unknown }): unknown => {
  const parts = Array.isArray(value) ? value : [value];
  return parts.every((v) => typeof v === 'string') ? (parts as string[]).flatMap((v) => v.split(',')) : value;
};

const firstUnknownKind = (value: unknown): string | undefined =>
  Array.isArray(value) ? (value as unknown[]).map(String).find((k) => !isNotificationKind(k)) : String(value);

/** GET /api/v1/inbox: a page of the caller's inbox. A page of 500 can be marked read in one request. */
export class InboxQueryDto extends Paged(50, 500) {
  @ApiPropertyOptional({ type: String, description: `one notification kind, or several separated by commas: ${NOTIFICATION_KINDS.join(', ')}`, example: 'co-sign-request,reminder' })
  @IsOptional()
  @Transform(kindList)
  @ValidateBy({
    name: 'isNotificationKinds',
    validator: {
      validate: (value: unknown) => Array.isArray(value) && value.length > 0 && value.every(isNotificationKind),
      defaultMessage: (args?: ValidationArguments) =>
        `${args?.property} must be notification kinds separated by commas; ${JSON.stringify(firstUnknownKind(args?.value) ?? '')} is not one (${NOTIFICATION_KINDS.join(', ')})`,
    },
  })
  kind?: NotificationKind[];

  @ApiPropertyOptional({ format: 'uuid', description: 'only notifications about this campaign' })
  @IsOptional()
  @Matches(UUID, { message: '$property must be a campaign id (UUID)' })
  campaign?: string;

  @ApiPropertyOptional({ description: 'true: only unread ones; false: only read ones' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean({ message: '$property must be true or false' })
  unread?: boolean;

  @ApiPropertyOptional({ enum: LANGUAGES, default: 'zh-CN', description: 'the language subjects and texts are written in' })
  @IsOptional()
  @IsIn(LANGUAGES)
  lang?: Language;
}

/** The most ids one request marks: a whole page of the inbox. */
export const MAX_MARK_READ = 500;

/** POST /api/v1/inbox/read: notifications of the caller's inbox, marked read. */
export class MarkReadDto {
  @ApiProperty({ description: `notification ids (1–${MAX_MARK_READ}), as the inbox lists them`, type: [String], example: ['1024', '1025'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_MARK_READ)
  // Each id is checked by the service, so a 400 names its position (ids.3).
  ids: unknown[];
}

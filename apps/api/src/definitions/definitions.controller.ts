import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MAX_NOTICE_CHARS } from '@domain/notice-parse';
import { Consumes } from '../common/media-type';
import { DefinitionsService } from './definitions.service';

/** Where the parser is served: app.factory.ts reads its text/plain body as text. */
export const DEFINITION_PARSE_PATH = '/api/v1/definitions/parse';
export const NOTICE_TEXT_TYPES = ['text/plain'];

@ApiTags('definitions')
@ApiBearerAuth()
@Controller('api/v1/definitions')
export class DefinitionsController {
  constructor(private readonly definitions: DefinitionsService) {}

  @Post('parse')
  @HttpCode(200)
  @Consumes(...NOTICE_TEXT_TYPES)
  @ApiBody({
    schema: {
      type: 'string',
      maxLength: MAX_NOTICE_CHARS,
      description: 'the plain text of a notice as it is published (extracted from its PDF or page): title, body, signature block, date of writing, 主送, 抄送',
    },
  })
  @ApiOperation({
    summary:
      'Read a notice’s text into a draft campaign definition (any token): → { definition, warnings: [{ line, message }], facts }. ' +
      '`definition` has the shape of campaigns/*.yaml and of POST /api/v1/campaigns (what could not be read is left out); ' +
      '`warnings` name the line (1-based, null for what the notice does not print) of what could not be read or resolved against the directory; ' +
      '`facts` holds what a definition has no field for: docNumber, writtenOn, printedBy, printedOn, attachments [{ title, line }]. ' +
      'Nothing is stored.',
  })
  parse(@Body() body: unknown) {
    return this.definitions.parse(body);
  }
}

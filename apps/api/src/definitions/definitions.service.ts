import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { docNumberPrefixes } from '@db/doc-numbers/doc-number-prefix.queries';
import { MAX_NOTICE_CHARS, parseNotice } from '@domain/notice-parse';
import { textProblem } from '@domain/text';
import { ApiError } from '../common/api-error';
import { DirectoryCache } from '../campaigns/distribution';

/**
 * POST /api/v1/definitions/parse: a notice's text → a draft definition (libs/domain/src/notice-parse.ts),
 * resolved against the directory as launches see it (seeded and imported bodies) and the prefixes
 * agencies number under. Nothing is stored.
 */
@Injectable()
export class DefinitionsService {
  private readonly directory = new DirectoryCache();

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async parse(body: unknown) {
    if (typeof body !== 'string' || body.trim() === '') {
      throw ApiError.validation([{ field: 'body', message: 'must be the text of a notice (Content-Type: text/plain), not empty' }]);
    }
    if (body.length > MAX_NOTICE_CHARS) {
      throw ApiError.validation([{ field: 'body', message: `must be at most ${MAX_NOTICE_CHARS} characters; a notice is far shorter` }]);
    }
    // Line breaks of every kind (CR LF, pdftotext's form feeds) are the parser's to read; anything else must be text.
    const problem = textProblem(body.replace(/[\r\f]/g, '\n'));
    if (problem) throw ApiError.validation([{ field: 'body', message: problem }]);
    const [{ directory }, prefixes] = await Promise.all([this.directory.get(this.ds), docNumberPrefixes(this.ds)]);
    const byAgency = new Map<string, string[]>();
    for (const p of prefixes) byAgency.set(p.agency, [...(byAgency.get(p.agency) ?? []), p.prefix]);
    return parseNotice(body, directory, { prefixesOf: (agency) => byAgency.get(agency) ?? [] });
  }
}

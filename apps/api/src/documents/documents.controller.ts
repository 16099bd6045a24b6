import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiProduces, ApiTags, getSchemaPath, ApiExtraModels } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Principal } from '@domain/auth';
import type { NoticeFormat } from '@db/rendered-notices/rendered-notice.entity';
import { CurrentPrincipal, Public } from '../auth/auth';
import { ApiError } from '../common/api-error';
import { Consumes } from '../common/media-type';
import { NoticeFileQueryDto, VerifyDto } from './dto/documents.dto';
import { NoticeDocumentsService } from './notice-documents.service';
import { UploadInterceptor } from './upload.interceptor';
import { VERIFY_UPLOAD_LIMIT, VerificationService } from './verification.service';

/** The notice as a document (PDF, Word) for its parties, and verification for anyone holding one. */
@ApiTags('documents')
@Controller('api/v1')
export class DocumentsController {
  constructor(
    private readonly documents: NoticeDocumentsService,
    private readonly verification: VerificationService,
  ) {}

  @Get('campaigns/:id/notice.pdf')
  @ApiBearerAuth()
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'The notice as a PDF laid out as GB/T 9704-2012 says (a draft watermarked 草稿; ?version= for any version)' })
  pdf(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Query() q: NoticeFileQueryDto, @Res() res: Response) {
    return this.send(who, id, 'pdf', q, res);
  }

  @Get('campaigns/:id/notice.docx')
  @ApiBearerAuth()
  @ApiProduces('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
  @ApiOperation({ summary: 'The notice as a Word file (A4, GB/T 9704 margins and grid; ?version= for any version)' })
  docx(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Query() q: NoticeFileQueryDto, @Res() res: Response) {
    return this.send(who, id, 'docx', q, res);
  }

  private async send(who: Principal, id: string, format: NoticeFormat, q: NoticeFileQueryDto, res: Response): Promise<void> {
    const r = await this.documents.render(who, id, format, q.version);
    const ascii = r.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
    res.setHeader('Content-Type', r.contentType);
    res.setHeader('Content-Disposition', `${format === 'pdf' ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(r.fileName)}`);
    res.setHeader('X-File-SHA256', r.fileSha256);
    res.setHeader('X-Render-Cache', r.cached ? 'hit' : 'miss');
    res.setHeader('Cache-Control', 'private, no-cache');
    res.setHeader('ETag', `"${r.fileSha256}"`);
    res.status(200).end(r.bytes);
  }

  @Post('verify')
  @Public()
  @HttpCode(200)
  @Consumes('application/json', 'multipart/form-data')
  @UseInterceptors(UploadInterceptor)
  @ApiExtraModels(VerifyDto)
  @ApiBody({
    description: `JSON { sha256 } of the notice text, or multipart/form-data with one \`file\`: a PDF the system rendered (at most ${VERIFY_UPLOAD_LIMIT / 1024 / 1024} MB)`,
    schema: { $ref: getSchemaPath(VerifyDto) },
  })
  @ApiOperation({
    summary: 'Verify a notice (no token): by its text’s SHA-256 or a rendered PDF → { known, campaignId, version, approved, issued, docNumber, issuedAt }, or { known: false }',
  })
  verify(@Body() dto: VerifyDto, @Req() req: Request) {
    const file = (req as Request & { file?: { buffer: Buffer } }).file;
    if (file && dto.sha256) throw ApiError.validation([{ field: 'body', message: 'send either sha256 or a file, not both' }]);
    if (file) return this.verification.byFile(file.buffer);
    if (!dto.sha256) throw ApiError.validation([{ field: 'sha256', message: 'sha256 is required (or send a PDF as the multipart field file)' }]);
    return this.verification.byTextHash(dto.sha256);
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateNoticeCommentDto, NoticeCommentParamsDto, NoticeCommentReplyDto, NoticeCommentsQueryDto, ResolveNoticeCommentDto } from '@contract/notice-comment.dto';
import type { Principal } from '@domain/auth';
import { CurrentPrincipal, Roles } from '../auth/auth';
import { NoticeCommentsService } from './notice-comments.service';

const COMMENT_SHAPE =
  '{ id, version, start, end, quote, text, agency, by, createdAt, status: open|resolved, resolvedAt, resolvedBy, ' +
  'anchor: { version, start, end } | null, stale, replies: [{ id, agency, by, text, createdAt }] } (offsets in code points of the text)';

@ApiTags('notice comments')
@ApiBearerAuth()
@Controller('api/v1/campaigns/:id/notice/comments')
export class NoticeCommentsController {
  constructor(private readonly comments: NoticeCommentsService) {}

  @Get()
  @ApiOperation({
    summary:
      'Comments (意见) on the notice as a version shows them (?version=N, default the current): those made on it and those of earlier versions still open when it was made, ' +
      `each anchored where its passage is in that version’s text (anchor null and stale true where the passage was edited away). The lead’s side and the co-signers. { campaignId, version, currentVersion, offsetUnit: 'code-point', counts: { open, resolved, stale }, comments: [${COMMENT_SHAPE}] }`,
  })
  list(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Query() q: NoticeCommentsQueryDto) {
    return this.comments.list(who, id, q.version);
  }

  @Post()
  @Roles('signer', 'secretariat')
  @ApiOperation({
    summary:
      'A co-signer comments on a passage of a version without deciding: { version, start, end, quote, text }, start and end in code points of that version’s text and quote exactly the text there ' +
      `(400 naming quote, start or end otherwise). Before sign-off only (409). The lead’s secretariat is told. Answers ${COMMENT_SHAPE}`,
  })
  create(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Body() dto: CreateNoticeCommentDto) {
    return this.comments.create(who, id, dto);
  }

  @Post(':cid/replies')
  @Roles('signer', 'secretariat')
  @ApiOperation({
    summary:
      'A reply to a comment { text }: by the lead’s secretariat (the commenting agency is told) or by the commenting agency (the lead is told). Before sign-off only (409); a resolved comment takes none (409 COMMENT_RESOLVED). Answers the comment with its replies',
  })
  reply(@CurrentPrincipal() who: Principal, @Param() p: NoticeCommentParamsDto, @Body() dto: NoticeCommentReplyDto) {
    return this.comments.reply(who, p.id, p.cid, dto);
  }

  @Post(':cid/resolve')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOperation({
    summary:
      'The lead’s secretariat marks a comment resolved, with a closing reply { text? } or none; the commenting agency is told. A resolved comment is no longer carried to later versions (409 COMMENT_RESOLVED when it is already). Answers the comment',
  })
  resolve(@CurrentPrincipal() who: Principal, @Param() p: NoticeCommentParamsDto, @Body() dto: ResolveNoticeCommentDto) {
    return this.comments.resolve(who, p.id, p.cid, dto);
  }
}

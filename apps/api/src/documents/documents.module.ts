import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { DocumentsController } from './documents.controller';
import { FontBook } from './fonts';
import { NoticeDocumentsService } from './notice-documents.service';
import { VerificationService } from './verification.service';

/** The notice as a document: PDF and Word renderings (cached in rendered_notices) and their verification. */
@Module({
  imports: [CampaignsModule],
  controllers: [DocumentsController],
  providers: [NoticeDocumentsService, VerificationService, FontBook],
})
export class DocumentsModule {}

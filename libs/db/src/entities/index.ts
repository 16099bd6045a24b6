import { CampaignEventEntity } from '../campaign-events/campaign-event.entity';
import { ImportBatchEntity } from '../campaign-events/import-batch.entity';
import { AgencyEntity } from '../agencies/agency.entity';
import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { CampaignEntity } from '../campaigns/campaign.entity';
import { NoticeTextEntity, NoticeVersionEntity } from '../campaigns/notice.entity';
import { DocNumberPrefixEntity } from '../doc-numbers/doc-number-prefix.entity';
import { DocNumberSequenceEntity } from '../doc-numbers/doc-number-sequence.entity';
import { NominationEntity } from '../nominations/nomination.entity';
import { NotificationEntity } from '../notifications/notification.entity';
import { CampaignRecipientEntity } from '../recipients/recipient.entity';
import { SummaryReportEntity } from '../summaries/summary-report.entity';

export * from '../campaign-events/campaign-event.entity';
export * from '../campaign-events/import-batch.entity';
export * from '../agencies/agency.entity';
export * from '../audit/audit-entry.entity';
export * from '../campaigns/campaign.entity';
export * from '../campaigns/notice.entity';
export * from '../doc-numbers/doc-number-prefix.entity';
export * from '../doc-numbers/doc-number-sequence.entity';
export * from '../nominations/nomination.entity';
export * from '../notifications/notification.entity';
export * from '../recipients/recipient.entity';
export * from '../summaries/summary-report.entity';

/** Every table's entity: each mirrors its migrations exactly (libs/db/src/schema.spec.ts). */
export const ENTITIES = [
  AgencyEntity,
  CampaignEntity,
  NoticeTextEntity,
  NoticeVersionEntity,
  CampaignRecipientEntity,
  CampaignEventEntity,
  ImportBatchEntity,
  SummaryReportEntity,
  NominationEntity,
  NotificationEntity,
  AuditEntryEntity,
  DocNumberSequenceEntity,
  DocNumberPrefixEntity,
];

import { ActivityEntity } from './activities/activity.entity';
import { ImportBatchEntity } from './activities/import-batch.entity';
import { AgencyEntity } from './agencies/agency.entity';
import { AuditEntryEntity } from './audit/audit-entry.entity';
import { CampaignEntity } from './campaigns/campaign.entity';
import { NoticeTextEntity, NoticeVersionEntity } from './campaigns/notice.entity';
import { DocNumberPrefixEntity } from './doc-numbers/doc-number-prefix.entity';
import { DocNumberSequenceEntity } from './doc-numbers/doc-number-sequence.entity';
import { NominationEntity } from './nominations/nomination.entity';
import { NotificationEntity } from './notifications/notification.entity';
import { CampaignRecipientEntity } from './recipients/recipient.entity';
import { SummaryReportEntity } from './summaries/summary-report.entity';

/**
 * Every table's entity, listed for the DataSource (data-source.ts). Each aggregate's entity lives
 * beside its queries (`@db/campaigns/campaign.entity`, …): import it from there. `@db/entities`
 * re-exports them all for the call sites that still import from here.
 */
export * from './activities/activity.entity';
export * from './activities/import-batch.entity';
export * from './agencies/agency.entity';
export * from './audit/audit-entry.entity';
export * from './campaigns/campaign.entity';
export * from './campaigns/notice.entity';
export * from './doc-numbers/doc-number-prefix.entity';
export * from './doc-numbers/doc-number-sequence.entity';
export * from './nominations/nomination.entity';
export * from './notifications/notification.entity';
export * from './recipients/recipient.entity';
export * from './summaries/summary-report.entity';

/** Each mirrors its migrations exactly (libs/db/src/schema.spec.ts). */
export const ENTITIES = [
  AgencyEntity,
  CampaignEntity,
  NoticeTextEntity,
  NoticeVersionEntity,
  CampaignRecipientEntity,
  ActivityEntity,
  ImportBatchEntity,
  SummaryReportEntity,
  NominationEntity,
  NotificationEntity,
  AuditEntryEntity,
  DocNumberSequenceEntity,
  DocNumberPrefixEntity,
];

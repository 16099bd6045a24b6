import { AgencyEntity } from './agency.entity';
import { AuditEntryEntity } from './audit-entry.entity';
import { CampaignEntity } from './campaign.entity';
import { ActivityEntity, CampaignRecipientEntity, NominationEntity, SummaryReportEntity } from './campaign-year.entities';
import { DocNumberSequenceEntity } from './doc-number-sequence.entity';
import { NoticeTextEntity, NoticeVersionEntity } from './notice.entity';
import { NotificationEntity } from './notification.entity';

export * from './agency.entity';
export * from './audit-entry.entity';
export * from './campaign.entity';
export * from './campaign-year.entities';
export * from './doc-number-sequence.entity';
export * from './notice.entity';
export * from './notification.entity';

export const ENTITIES = [
  ActivityEntity,
  CampaignRecipientEntity,
  NominationEntity,
  SummaryReportEntity,
  AgencyEntity,
  AuditEntryEntity,
  CampaignEntity,
  DocNumberSequenceEntity,
  NoticeTextEntity,
  NoticeVersionEntity,
  NotificationEntity,
];

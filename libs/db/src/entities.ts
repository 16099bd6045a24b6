import { CampaignEventEntity } from './campaign-events/campaign-event.entity';
import { ImportBatchEntity } from './campaign-events/import-batch.entity';
import { AgencyEntity } from './agencies/agency.entity';
import { AuditEntryEntity } from './audit/audit-entry.entity';
import { CalendarFeedEntity } from './calendar-feeds/calendar-feed.entity';
import { CampaignEntity } from './campaigns/campaign.entity';
import { NoticeTextEntity, NoticeVersionEntity } from './campaigns/notice.entity';
import { DocNumberPrefixEntity } from './doc-numbers/doc-number-prefix.entity';
import { DocNumberSequenceEntity } from './doc-numbers/doc-number-sequence.entity';
import { NoticeCommentEntity, NoticeCommentReplyEntity } from './notice-comments/notice-comment.entity';
import { NominationEntity } from './nominations/nomination.entity';
import { NotificationEntity } from './notifications/notification.entity';
import { ContactEntity } from './contacts/contact.entity';
import { DeliveryAttemptEntity, DeliveryEntity } from './deliveries/delivery.entity';
import { CampaignRecipientEntity } from './recipients/recipient.entity';
import { SummaryReportEntity } from './summaries/summary-report.entity';
import { RenderedNoticeEntity } from './rendered-notices/rendered-notice.entity';
import { RefreshTokenEntity, UserEntity } from './users/user.entity';
import { InternalStepActionEntity, InternalStepEntity, InternalStepRunEntity } from './internal-steps/internal-step.entity';
import { WebhookEndpointEntity } from './webhooks/webhook-endpoint.entity';

/**
 * Every table's entity, for the DataSource (data-source.ts); each mirrors its migrations exactly
 * (libs/db/src/schema.spec.ts). Each aggregate's entity lives beside its queries: import it from
 * there (`@db/campaigns/campaign.entity`, …).
 */
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
  ContactEntity,
  WebhookEndpointEntity,
  DeliveryEntity,
  DeliveryAttemptEntity,
  CalendarFeedEntity,
  UserEntity,
  RefreshTokenEntity,
  RenderedNoticeEntity,
  NoticeCommentEntity,
  NoticeCommentReplyEntity,
  InternalStepEntity,
  InternalStepRunEntity,
  InternalStepActionEntity,
];

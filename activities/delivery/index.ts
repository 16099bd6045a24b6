import type { DataSource } from 'typeorm';
import type { AppConfig } from '@config/config';
import type { DeliveryChannel } from './channel';
import { createEmailChannel } from './channels/email';
import { createWebhookChannel } from './channels/webhook';

export type { DeliveryChannel, DueDelivery, DeliveryOutcome } from './channel';
export { createDeliveryActivities } from './dispatcher.activities';
export type { DispatchInput, DispatchResult } from './dispatcher.activities';

/**
 * Every delivery channel, built from configuration. A new channel (SMS, an OA push) is one module
 * under channels/ implementing DeliveryChannel, listed here.
 */
export function createChannels(ds: DataSource, config: Pick<AppConfig, 'smtp' | 'publicUrl' | 'webhooks'>): DeliveryChannel[] {
  return [createEmailChannel({ db: ds, smtp: config.smtp, publicUrl: config.publicUrl }), createWebhookChannel({ db: ds, allowPrivate: config.webhooks.allowPrivate })];
}

import type { QueryDeepPartialEntity } from 'typeorm';
import { deleteNotification, writeNotifications } from '../notifications/outbox';
import type { RecipientSeed } from '../recipients/recipient.queries';
import { insertRecipients, linkRelay, unlinkRelay } from '../recipients/recipient.queries';
import type { Db } from '../sql';
import { atomically } from '../sql';
import { CampaignEntity } from './campaign.entity';
import { recordNoticeVersion, saveNoticeText } from './notice.queries';

export interface LaunchRecord {
  campaign: Pick<
    CampaignEntity,
    'id' | 'workflowId' | 'title' | 'year' | 'leadAgency' | 'definition' | 'warnings' | 'noticeSha256' | 'coSign' | 'launchedBy' | 'parentId' | 'milestones' | 'calendarShiftDays'
  >;
  /** The notice text (stored content-addressed by its SHA-256, once). */
  body: string;
  recipients: readonly RecipientSeed[];
  /** A relay (转发): the parent's lead is told, and the relaying body's row points at it. */
  relay?: { parentId: string; parentLead: string; agency: string };
  at?: Date;
}

/**
 * Everything a launch stores before its workflow starts, atomically: the text, the campaign in
 * phase co-signing at notice version 1, the version, the recipients; for a relay, the link from
 * the parent's recipient row and the message to the parent's lead.
 */
export function insertLaunchedCampaign(db: Db, launch: LaunchRecord): Promise<void> {
  const { campaign: c, body, recipients, relay } = launch;
  const at = launch.at ?? new Date();
  return atomically(db, async (m) => {
    await saveNoticeText(m, c.noticeSha256, body);
    const row: Omit<CampaignEntity, 'docNumber' | 'docPrefix' | 'docYear' | 'docSequence' | 'issuedAt' | 'distributedAt' | 'commendationsPublishedAt' | 'createdAt' | 'updatedAt'> = {
      ...c,
      phase: 'co-signing',
      noticeVersion: 1,
      withdrawal: null,
      stateVersion: 0,
    };
    // (jsonb columns typed as records do not fit QueryDeepPartialEntity's recursion: the row is checked above.)
    await m.getRepository(CampaignEntity).insert(row as QueryDeepPartialEntity<CampaignEntity>);
    // Version 1 is known now; the workflow's own record of it (ON CONFLICT DO NOTHING) agrees.
    await recordNoticeVersion(m, { campaignId: c.id, version: 1, sha256: c.noticeSha256, note: null, createdBy: c.launchedBy, createdAt: at });
    await insertRecipients(m, c.id, recipients);
    if (relay) {
      await linkRelay(m, relay.parentId, relay.agency, c.id);
      await writeNotifications(m, relay.parentId, {
        kind: 'relay-launched',
        key: relayLaunchedKey(c.id),
        to: { agency: relay.parentLead, role: 'secretariat' },
        data: { relayCampaignId: c.id, relayLead: relay.agency, title: c.title },
        at,
      });
    }
  });
}

const relayLaunchedKey = (relayId: string) => `relay-launched:${relayId}`;

/** Undoes insertLaunchedCampaign when the workflow could not start: without it the row would be a lie. */
export function deleteLaunchedCampaign(db: Db, id: string, parentId: string | null): Promise<void> {
  return atomically(db, async (m) => {
    if (parentId) {
      await unlinkRelay(m, parentId, id);
      await deleteNotification(m, parentId, relayLaunchedKey(id));
    }
    await m.getRepository(CampaignEntity).delete({ id });
  });
}


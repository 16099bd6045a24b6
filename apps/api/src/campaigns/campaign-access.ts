import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CampaignEntity } from '@db/campaigns/campaign.entity';
import { findCampaignAsWritten, findCampaignForDecisions } from '@db/campaigns/campaign.queries';
import { isLedAbove } from '@db/campaigns/campaign-tree';
import type { CampaignRecipientEntity } from '@db/recipients/recipient.entity';
import { findRecipient } from '@db/recipients/recipient.queries';
import { isPlatformAdmin, Principal } from '@domain/auth';
import { isUuid } from '@domain/ids';
import { ApiError } from '../common/api-error';
import { AnsweredWrites } from './recorded';

type DecisionRead = Awaited<ReturnType<typeof findCampaignForDecisions>>;

/** A campaign id that can name one (else 404), as the database writes it: its key here and in recorded.ts. */
function campaignKey(id: string): string {
  if (!isUuid(id)) throw ApiError.notFound(`campaign ${id}`);
  return id.toLowerCase();
}

/**
 * Who may see and do what in a campaign. One place, so every feature asks the same questions:
 * an agency acts only for itself, the lead's secretariat runs its own campaign, a parent's lead
 * may read the relays under it, the platform's administrators read everything.
 */
@Injectable()
export class CampaignAccess {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly writes: AnsweredWrites,
  ) {}

  /**
   * The campaign, with what this process answered on it written (recorded.ts): every request reads
   * a campaign here. One read says both, in one snapshot; only while an answer's write is still
   * coming does it wait for it and read again.
   */
  async find(id: string, m: EntityManager = this.ds.manager): Promise<CampaignEntity> {
    const key = campaignKey(id);
    const found = await this.asWritten(key, () => findCampaignAsWritten(m, key));
    if (!found) throw ApiError.notFound(`campaign ${id}`);
    return found.campaign;
  }

  /**
   * The campaign as find() reads it, and whether `agency` decides through internal steps (内部审签),
   * in one query: what a co-signer's decision reads (the hot path of issue 12's bench). Decisions on
   * one campaign that ask while its read is running share the next one, which starts after they
   * asked: twenty co-signers at once are two reads, not twenty. The campaign they get is shared:
   * read it, never change it.
   */
  async findForDecision(id: string, agency: string): Promise<{ campaign: CampaignEntity; withSteps: boolean }> {
    const key = campaignKey(id);
    const found = await this.asWritten(key, () => this.decisionRead(key, agency));
    if (!found) throw ApiError.notFound(`campaign ${id}`);
    return { campaign: found.campaign, withSteps: found.withSteps.has(agency) };
  }

  /** `read`, and once more after waiting if it did not see this process's last answer on the campaign written (recorded.ts). */
  private async asWritten<R extends { auditSeq: number }>(key: string, read: () => Promise<R | null>): Promise<R | null> {
    const found = await read();
    if (!found || this.writes.sawWritten(key, found.auditSeq)) return found;
    await this.writes.caughtUp(key);
    return read();
  }

  /** Per campaign: the decision read running, and the one that starts after it for those who asked meanwhile. */
  private readonly decisionReads = new Map<string, { running: Promise<unknown>; next: { agencies: Set<string>; read: Promise<DecisionRead> } | null }>();

  private decisionRead(id: string, agency: string): Promise<DecisionRead> {
    const reads = this.decisionReads.get(id);
    if (!reads) return this.startDecisionRead(id, [agency]);
    if (!reads.next) {
      const agencies = new Set<string>();
      reads.next = { agencies, read: reads.running.then(() => this.startDecisionRead(id, [...agencies])) };
    }
    reads.next.agencies.add(agency);
    return reads.next.read;
  }

  private startDecisionRead(id: string, agencies: string[]): Promise<DecisionRead> {
    const read = findCampaignForDecisions(this.ds, id, agencies);
    const reads = { running: read.catch(() => undefined), next: null };
    this.decisionReads.set(id, reads);
    // Done: the next read (if anyone asked meanwhile) takes its place, else the campaign has none.
    void reads.running.then(() => {
      if (this.decisionReads.get(id) === reads && !reads.next) this.decisionReads.delete(id);
    });
    return read;
  }

  /** Parties: the lead, its co-signers, its recipients, the leads of campaigns above it, the platform's admins. */
  async visible(who: Principal, id: string): Promise<CampaignEntity> {
    const c = await this.find(id);
    if (await this.isParty(who, c)) return c;
    throw ApiError.forbidden(`${who.agency} is not a party to this campaign`);
  }

  async isParty(who: Principal, c: CampaignEntity): Promise<boolean> {
    if (isPlatformAdmin(who) || c.leadAgency === who.agency) return true;
    if (c.coSign.signers.some((s) => s.agency === who.agency)) return true;
    if (await this.recipient(c.id, who.agency)) return true;
    return this.leadsAbove(who, c);
  }

  /** May see everything about the campaign (not only the caller's own rows): lead, co-signers, ancestors' leads, the platform's admins. */
  async isOrganizerSide(who: Principal, c: CampaignEntity): Promise<boolean> {
    if (isPlatformAdmin(who) || c.leadAgency === who.agency) return true;
    if (c.coSign.signers.some((s) => s.agency === who.agency)) return true;
    return this.leadsAbove(who, c);
  }

  /** The lead, a lead above it (of a parent campaign), or the platform's admin: who reads delivery state and its phone list. */
  async isLeadSide(who: Principal, c: CampaignEntity): Promise<boolean> {
    return isPlatformAdmin(who) || c.leadAgency === who.agency || this.leadsAbove(who, c);
  }

  /** A parent's lead (at any level above) may read the relays under it: the one tree query decides. */
  private async leadsAbove(who: Principal, c: CampaignEntity): Promise<boolean> {
    return c.parentId !== null && isLedAbove(this.ds, c.id, who.agency);
  }

  /** Only the lead agency runs its own campaign. */
  async asLead(who: Principal, id: string, action: string): Promise<CampaignEntity> {
    const c = await this.find(id);
    if (c.leadAgency !== who.agency) throw ApiError.forbidden(`only the lead agency ${c.leadAgency} may ${action}`);
    return c;
  }

  async recipient(campaignId: string, agency: string): Promise<CampaignRecipientEntity | null> {
    return findRecipient(this.ds, campaignId, agency);
  }

  /**
   * The body an action is for: the caller's own agency. Naming another one is a 403, never a
   * silent substitution.
   */
  ownBody(who: Principal, named: string | undefined, field = 'agency'): string {
    if (named && named !== who.agency) throw ApiError.forbidden(`${field}: ${who.agency} cannot act for ${named}`);
    return who.agency;
  }
}

/**
 * The campaign a campaign page is about: loaded once by CampaignShell and shared with its tabs
 * (provide/inject), reloaded after every action that changes it. `isLead`: the signed-in body leads
 * it (its secretariat acts; the platform's admin reads).
 */
import type { InjectionKey, Ref } from 'vue';
import { computed, inject } from 'vue';
import { session } from '../session';
import type { Campaign } from '../types';

export interface CampaignContext {
  campaign: Ref<Campaign | null>;
  error: Ref<string>;
  reload: () => Promise<void>;
}

export const CAMPAIGN: InjectionKey<CampaignContext> = Symbol('campaign');

export function useCampaign() {
  const ctx = inject(CAMPAIGN);
  if (!ctx) throw new Error('useCampaign() outside a campaign page');
  const campaign = ctx.campaign;
  return {
    ...ctx,
    isLead: computed(() => !!campaign.value && campaign.value.leadAgency === session.me?.agency),
    isLeadSecretariat: computed(() => !!campaign.value && campaign.value.leadAgency === session.me?.agency && !!session.me?.roles.includes('secretariat')),
    mySigner: computed(() => campaign.value?.coSign.signers.find((s) => s.agency === session.me?.agency) ?? null),
  };
}

/** Moved to libs/db/src/campaigns/; this path stays until the call sites import from there. */
export * from '../campaigns/campaign.entity';

/**
 * Split into one file per aggregate; this path stays until apps/api/src/activities imports
 * ActivityResults from @db/activities/activity.entity (then delete this file and its folder).
 */
export * from '../activities/activity.entity';
export * from '../nominations/nomination.entity';
export * from '../recipients/recipient.entity';
export * from '../summaries/summary-report.entity';

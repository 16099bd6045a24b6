/** Split into one file per aggregate; this path stays until the call sites import from there. */
export * from '../campaign-events/campaign-event.entity';
export * from '../nominations/nomination.entity';
export * from '../recipients/recipient.entity';
export * from '../summaries/summary-report.entity';

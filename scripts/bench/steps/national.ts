/** Step 1: the national notice launched, co-signed by its 20 co-signers and signed off; distribution timed. */
import type { Driver } from '@harness/campaigns';
import { issueCampaign } from '@harness/campaigns';
import { seedDefinition } from '@harness/definitions';
import { shanghaiDate } from '@harness/time';
import type { DeliveryWatcher } from '../delivery-watcher';
import { fmtMs, round } from '../stats';
import { log } from '../system';

export interface NationalFigures {
  id: string;
  recipients: { main: number; cc: number };
  launchMs: number;
  coSign20Ms: number;
  signOffMs: number;
  /** POST sign-off sent → every recipient delivered. */
  distributeMs: number;
  /** performance.now() when the sign-off was sent: delivery to people is timed from here. */
  signOffSentAt: number;
}

export async function nationalStep(sys: Driver, watcher: DeliveryWatcher): Promise<NationalFigures> {
  const def = seedDefinition('national-2023');
  const rebaseTo = shanghaiDate(1);
  log(`   launching ${def.title} rebased to ${rebaseTo}; ${def.coSigners.length} co-signers approve; CAST signs off`);
  const r = await issueCampaign(sys, { ...def, rebaseTo });
  const deliveredAt = await watcher.watch(r.id, 10 * 60_000);
  log(`   ${r.docNumber}: ${r.recipients.main} 主送 + ${r.recipients.cc} 抄送 delivered ${fmtMs(deliveredAt - r.signOffSentAt)} after sign-off`);
  return {
    id: r.id,
    recipients: r.recipients,
    launchMs: round(r.launchMs),
    coSign20Ms: round(r.coSignMs),
    signOffMs: round(r.signOffMs),
    distributeMs: round(deliveredAt - r.signOffSentAt),
    signOffSentAt: r.signOffSentAt,
  };
}

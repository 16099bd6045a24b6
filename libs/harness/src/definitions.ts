/** Campaign definitions as clients send them: the seed files of campaigns/, and small ones of a spec's own. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { findRepoRoot } from '@config/temporal-binaries';

/** A seed definition from campaigns/, as the JSON body POST /api/v1/campaigns takes. */
export function seedDefinition(name: 'national-2023' | 'henan-2023'): Record<string, any> {
  const file = path.join(findRepoRoot(), 'campaigns', `${name}.yaml`);
  return yaml.load(readFileSync(file, 'utf8'), { schema: yaml.CORE_SCHEMA }) as Record<string, any>;
}

/** A small definition for specs that need many campaigns: one lead, a few co-signers, a prefix of its own. */
export function smallDefinition(over: Record<string, unknown> = {}): Record<string, any> {
  return {
    title: '测试通知',
    year: 2023,
    leadAgency: 'CAST',
    coSigners: ['CPD', 'CAC'],
    coSignDueAt: '2023-08-02T18:00:00+08:00',
    docNumberPrefix: '测试发',
    body: '各有关单位：请按通知要求开展活动。',
    recipients: { main: ['各省、自治区、直辖市科协'], cc: [] },
    milestones: {
      publicationOpensAt: '2023-08-21T00:00:00+08:00',
      concentratedWeek: { startsAt: '2023-09-17T00:00:00+08:00', endsAt: '2023-09-23T23:59:59+08:00' },
      summaryDueAt: '2023-10-10T00:00:00+08:00',
      closesAt: '2023-12-31T23:59:59+08:00',
    },
    ...over,
  };
}

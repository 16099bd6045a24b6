import 'reflect-metadata';
import { readFileSync } from 'fs';
import { join } from 'path';
import * as yaml from 'js-yaml';
import { plainToInstance } from 'class-transformer';
import type { ValidationError } from 'class-validator';
import { validate } from 'class-validator';
import { CampaignDefinitionDto } from '@contract/definition.dto';
import { AGENCIES } from '@domain/agencies.data';

const CAMPAIGNS = join(__dirname, '..', 'campaigns');
const CODES = new Set(AGENCIES.map((a) => a.code));

function load(file: string): CampaignDefinitionDto {
  const data = yaml.load(readFileSync(join(CAMPAIGNS, file), 'utf8'), { schema: yaml.CORE_SCHEMA });
  return plainToInstance(CampaignDefinitionDto, data as object);
}

function describeErrors(errors: ValidationError[], path = ''): string[] {
  return errors.flatMap((e) => {
    const at = path ? `${path}.${e.property}` : e.property;
    return [
      ...Object.values(e.constraints ?? {}).map((m) => `${at}: ${m}`),
      ...describeErrors(e.children ?? [], at),
    ];
  });
}

describe.each([
  ['national-2023.yaml', 'CAST', 20],
  ['henan-2023.yaml', 'HA_CAST', 19],
])('campaigns/%s', (file, lead, coSignerCount) => {
  const dto = load(file);

  it('is a valid CampaignDefinitionDto (no unknown fields)', async () => {
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    expect(describeErrors(errors)).toEqual([]);
  });

  it('names only agencies of the directory', () => {
    const used = [dto.leadAgency, ...dto.coSigners, ...(dto.headerIssuers ?? [])];
    expect(used.filter((c) => !CODES.has(c))).toEqual([]);
  });

  it(`is led by ${lead} with ${coSignerCount} co-signers, the lead not among them`, () => {
    expect(dto.leadAgency).toBe(lead);
    expect(dto.coSigners).toHaveLength(coSignerCount);
    expect(dto.coSigners).not.toContain(dto.leadAgency);
    expect(new Set(dto.coSigners).size).toBe(dto.coSigners.length);
  });

  it('runs the 2023 theme and concentrated week, milestones in order', () => {
    expect(dto.year).toBe(2023);
    expect(dto.theme).toBe('提升全民科学素质，助力科技自立自强');
    const m = dto.milestones;
    expect(m.concentratedWeek).toEqual({
      startsAt: '2023-09-17T00:00:00+08:00',
      endsAt: '2023-09-23T23:59:59+08:00',
    });
    const t = (s: string) => Date.parse(s);
    // Not before publicationOpensAt: Henan's relay was printed 2023-08-25, after the window opened.
    expect(t(dto.coSignDueAt)).toBeLessThan(t(m.concentratedWeek.startsAt));
    expect(t(m.publicationOpensAt)).toBeLessThan(t(m.concentratedWeek.startsAt));
    expect(t(m.concentratedWeek.endsAt)).toBeLessThan(t(m.summaryDueAt));
    expect(t(m.summaryDueAt)).toBeLessThan(t(m.closesAt));
  });

  it('carries the notice text with the theme', () => {
    expect(dto.body).toContain('提升全民科学素质，助力科技自立自强');
    expect(dto.body).toContain('四、工作要求');
  });
});

describe('campaigns/national-2023.yaml', () => {
  const dto = load('national-2023.yaml');

  it('lists the national co-signers in signature order', () => {
    const national = AGENCIES.filter((a) => a.level === 'national').map((a) => a.code);
    expect([dto.leadAgency, ...dto.coSigners]).toEqual(national);
  });

  it('carries the platform contact and the 10 copied special participants', () => {
    expect(dto.body).toContain('kepuri@cast.org.cn');
    expect(dto.recipients.cc).toHaveLength(10);
    expect(dto.milestones.summaryDueAt).toBe('2023-10-10T00:00:00+08:00');
  });
});

describe('campaigns/henan-2023.yaml', () => {
  const dto = load('henan-2023.yaml');
  const parent = load('national-2023.yaml');

  it('has a header naming HA_FIC while the signature block does not', () => {
    const signatureBlock = [dto.leadAgency, ...dto.coSigners];
    expect(dto.headerIssuers).toContain('HA_FIC');
    expect(signatureBlock).not.toContain('HA_FIC');
    // Apart from 工商联, header and signature block agree, in the same order.
    expect(dto.headerIssuers!.filter((c) => c !== 'HA_FIC')).toEqual(signatureBlock);
  });

  it('relays within the national timeline', () => {
    const t = (s: string) => Date.parse(s);
    expect(t(dto.milestones.summaryDueAt)).toBeLessThan(t(parent.milestones.summaryDueAt));
    expect(t(dto.milestones.closesAt)).toBeLessThanOrEqual(t(parent.milestones.closesAt));
    expect(dto.milestones.summaryDueAt).toBe('2023-09-28T00:00:00+08:00');
  });

  it('has provincial issuers whose counterparts co-signed the national notice', () => {
    const byCode = new Map(AGENCIES.map((a) => [a.code, a]));
    const nationalSigners = new Set([parent.leadAgency, ...parent.coSigners]);
    for (const code of [dto.leadAgency, ...dto.coSigners]) {
      const a = byCode.get(code)!;
      expect(a.level).toBe('provincial');
      if (a.parentCode !== null) expect(nationalSigners.has(a.parentCode)).toBe(true);
    }
  });

  it('has the seniors digital-divide special action among its categories', () => {
    expect(dto.categories).toContain('银龄跨越数字鸿沟科普专项行动');
  });
});

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CampaignEntity } from '@db/entities';
import type { Principal } from '@domain/auth';
import { checkFigures, checkLinks, countStatuses, isLateSummary, SummaryStatus } from '@domain/report';
import { acceptsSummaries } from '@domain/year';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { CampaignAccess } from '../campaigns/campaign-access';
import { SubmitSummaryDto } from './dto/reports.dto';
import { isUniqueViolation, summaryDueAt } from './report-support';

interface MatrixRow {
  unit: string;
  name: string;
  region: string | null;
  region_name: string | null;
  revisions: number;
  on_time: boolean | null;
  latest_revision: number | null;
  latest_at: Date | null;
  first_at: Date | null;
}

const iso = (d: Date | string | null): string | null => (d ? new Date(d).toISOString() : null);

/**
 * Report-back (总结报送): each reporting unit of a campaign submits its summary by the deadline.
 * Every submission is kept as a revision; one after the deadline is accepted and marked late.
 */
@Injectable()
export class SummariesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: CampaignAccess,
  ) {}

  async submit(who: Principal, id: string, dto: SubmitSummaryDto) {
    const unit = this.access.ownBody(who, dto.unit, 'unit');
    const problems = [...checkFigures(dto.figures), ...checkLinks(dto.links)];
    if (problems.length) throw ApiError.validation(problems);
    const figures = (dto.figures ?? {}) as Record<string, number>;
    const links = (dto.links ?? []) as string[];

    // The unit's recipient row is locked for the insert, so concurrent submissions of one unit
    // get consecutive revisions; the unique (campaign, unit, revision) is the last word on races.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.ds.transaction(async (m) => {
          const c = await this.access.find(id, m);
          await this.reportingUnit(m, c, unit, true);
          if (!acceptsSummaries(c.phase)) {
            throw ApiError.conflict(ApiErrorCode.WRONG_PHASE, `summaries are not accepted while the campaign is ${c.phase}`);
          }
          const due = summaryDueAt(c);
          if (!due) throw ApiError.conflict(ApiErrorCode.WRONG_PHASE, 'this campaign has no summary deadline');
          const now = new Date();
          const late = isLateSummary(due, now.getTime(), c.phase);
          const [row]: { revision: number; submitted_at: Date }[] = await m.query(
            `INSERT INTO summary_reports (campaign_id, unit, revision, text, figures, links, late, submitted_by, submitted_at)
             SELECT $1::uuid, $2::varchar, COALESCE(max(revision), 0) + 1, $3::text, $4::jsonb, $5::jsonb, $6::boolean, $7::text, $8::timestamptz
               FROM summary_reports WHERE campaign_id = $1::uuid AND unit = $2::varchar
             RETURNING revision, submitted_at`,
            [id, unit, dto.text, JSON.stringify(figures), JSON.stringify(links), late, who.sub, now],
          );
          return { unit, revision: row.revision, late, submittedAt: iso(row.submitted_at)!, summaryDueAt: due };
        });
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        if (attempt >= 3) throw ApiError.conflict(ApiErrorCode.SEQUENCE_CONFLICT, `another summary of ${unit} was submitted at the same moment; submit again`);
      }
    }
  }

  /** The matrix: every reporting unit and where it stands. A reporting unit sees only its own row. */
  async matrix(who: Principal, id: string, status?: SummaryStatus) {
    const c = await this.access.visible(who, id);
    const organizer = await this.access.isOrganizerSide(who, c);
    if (!organizer) await this.reportingUnit(this.ds.manager, c, who.agency, false);
    const rows = await this.rows(c.id, organizer ? null : who.agency);
    const units = rows.map((r) => ({
      unit: r.unit,
      name: r.name,
      region: r.region,
      regionName: r.region_name,
      status: (r.revisions === 0 ? 'missing' : r.on_time ? 'on-time' : 'late') as SummaryStatus,
      revision: r.latest_revision,
      submittedAt: iso(r.latest_at),
      firstSubmittedAt: iso(r.first_at),
    }));
    return {
      summaryDueAt: summaryDueAt(c),
      phase: c.phase,
      counts: countStatuses(units),
      units: status ? units.filter((u) => u.status === status) : units,
    };
  }

  /** One unit's summary: the latest text, figures and links, and every revision. */
  async unit(who: Principal, id: string, unit: string) {
    const c = await this.access.find(id);
    if (!(await this.access.isOrganizerSide(who, c)) && who.agency !== unit) {
      throw ApiError.forbidden(`${who.agency} may read only its own summary`);
    }
    const [row] = await this.rows(c.id, unit);
    if (!row) throw ApiError.notFound(`reporting unit ${unit} of this campaign`);
    const revisions: {
      revision: number;
      text: string;
      figures: Record<string, number>;
      links: string[];
      late: boolean;
      submitted_by: string;
      submitted_at: Date;
    }[] = await this.ds.query(
      `SELECT revision, text, figures, links, late, submitted_by, submitted_at
         FROM summary_reports WHERE campaign_id = $1 AND unit = $2 ORDER BY revision DESC`,
      [c.id, unit],
    );
    const latest = revisions[0];
    return {
      unit,
      name: row.name,
      region: row.region,
      regionName: row.region_name,
      summaryDueAt: summaryDueAt(c),
      status: (revisions.length === 0 ? 'missing' : row.on_time ? 'on-time' : 'late') as SummaryStatus,
      latest: latest
        ? {
            revision: latest.revision,
            text: latest.text,
            figures: latest.figures,
            links: latest.links,
            late: latest.late,
            submittedBy: latest.submitted_by,
            submittedAt: iso(latest.submitted_at),
          }
        : null,
      revisions: revisions.map((r) => ({ revision: r.revision, late: r.late, submittedBy: r.submitted_by, submittedAt: iso(r.submitted_at) })),
    };
  }

  /** The caller's unit must be a reporting unit of the campaign (403 naming it otherwise). */
  private async reportingUnit(m: EntityManager, c: CampaignEntity, unit: string, lock: boolean): Promise<void> {
    const rows: { reporting: boolean }[] = await m.query(
      `SELECT reporting FROM campaign_recipients WHERE campaign_id = $1 AND agency = $2${lock ? ' FOR UPDATE' : ''}`,
      [c.id, unit],
    );
    if (!rows[0]?.reporting) throw ApiError.forbidden(`unit: ${unit} is not a reporting unit (总结报送单位) of this campaign`);
  }

  private rows(campaignId: string, only: string | null): Promise<MatrixRow[]> {
    return this.ds.query(
      `SELECT r.agency AS unit, a.name, a.region, a.region_name,
              COALESCE(s.revisions, 0) AS revisions, s.on_time, s.latest_revision, s.latest_at, s.first_at
         FROM campaign_recipients r
         JOIN agencies a ON a.code = r.agency
         LEFT JOIN LATERAL (
           SELECT count(*)::int AS revisions, bool_or(NOT late) AS on_time, max(revision) AS latest_revision,
                  max(submitted_at) AS latest_at, min(submitted_at) AS first_at
             FROM summary_reports s WHERE s.campaign_id = r.campaign_id AND s.unit = r.agency
           HAVING count(*) > 0) s ON true
        WHERE r.campaign_id = $1 AND r.reporting AND ($2::text IS NULL OR r.agency = $2)
        ORDER BY a.region NULLS LAST, r.agency`,
      [campaignId, only],
    );
  }
}

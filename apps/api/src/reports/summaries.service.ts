import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CampaignEntity } from '@db/campaigns/campaign.entity';
import { recipientReporting } from '@db/recipients/recipient.queries';
import { insertSummaryRevision, summaryMatrix, summaryRevisions } from '@db/summaries/summary.queries';
import type { Principal } from '@domain/auth';
import { checkFigures, checkLinks, countStatuses, isLateSummary, SummaryStatus } from '@domain/report';
import { acceptsSummaries } from '@domain/year';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { CampaignAccess } from '../campaigns/campaign-access';
import { SubmitSummaryDto } from './dto/reports.dto';
import { isUniqueViolation } from '@db/sql';
import { summaryDueAt } from './report-support';
import { isoOrNull as iso } from '../common/dates';


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
          const created = await insertSummaryRevision(m, {
            campaignId: c.id,
            unit,
            text: dto.text,
            figures,
            links,
            late,
            submittedBy: who.sub,
            submittedAt: now,
          });
          return { unit, revision: created.revision, late, submittedAt: iso(created.submittedAt)!, summaryDueAt: due };
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
    const rows = await summaryMatrix(this.ds, c.id, organizer ? null : who.agency);
    const units = rows.map((r) => ({
      unit: r.unit,
      name: r.name,
      region: r.region,
      regionName: r.regionName,
      status: (r.revisions === 0 ? 'missing' : r.onTime ? 'on-time' : 'late') as SummaryStatus,
      revision: r.latestRevision,
      submittedAt: iso(r.latestAt),
      firstSubmittedAt: iso(r.firstAt),
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
    const [row] = await summaryMatrix(this.ds, c.id, unit);
    if (!row) throw ApiError.notFound(`reporting unit ${unit} of this campaign`);
    const revisions = await summaryRevisions(this.ds, c.id, unit);
    const latest = revisions[0];
    return {
      unit,
      name: row.name,
      region: row.region,
      regionName: row.regionName,
      summaryDueAt: summaryDueAt(c),
      status: (revisions.length === 0 ? 'missing' : row.onTime ? 'on-time' : 'late') as SummaryStatus,
      latest: latest
        ? {
            revision: latest.revision,
            text: latest.text,
            figures: latest.figures,
            links: latest.links,
            late: latest.late,
            submittedBy: latest.submittedBy,
            submittedAt: iso(latest.submittedAt),
          }
        : null,
      revisions: revisions.map((r) => ({ revision: r.revision, late: r.late, submittedBy: r.submittedBy, submittedAt: iso(r.submittedAt) })),
    };
  }

  /** The caller's unit must be a reporting unit of the campaign (403 naming it otherwise). */
  private async reportingUnit(m: EntityManager, c: CampaignEntity, unit: string, lock: boolean): Promise<void> {
    if (!(await recipientReporting(m, c.id, unit, { lock }))) throw ApiError.forbidden(`unit: ${unit} is not a reporting unit (总结报送单位) of this campaign`);
  }
}

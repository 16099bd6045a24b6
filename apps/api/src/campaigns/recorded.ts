/**
 * Read your writes, for a campaign whose workflow records a command after answering it
 * (workflows/ledger.ts, the `answer-then-record` patch). Its answer names the audit entry through
 * which it is recorded once written (`auditSeq`, libs/temporal/src/messages.ts Answered); the write
 * follows within milliseconds. Until it is there, this API process reads that campaign only after
 * waiting for it — the co-signer's GET right after its POST, the lead's next command, the step that
 * reads the item back after sending the decision. CampaignAccess.find, through which every request
 * reads a campaign, reads it with how far its audit log is written, in one snapshot (sawWritten),
 * and waits only if the write is not there yet, then reads again. The lists that span campaigns
 * (the campaigns, the to-do list, the inbox) wait for every answer still being written
 * (ListsAfterAnswers).
 *
 * Per API process, like the line of Updates (campaign-updates.ts): a request to another process may
 * read the campaign as it was a few milliseconds before. Should the write not come (the worker is
 * down), the read goes ahead after WAIT_AT_MOST_MS with what is there, and says so in the log.
 */
import { Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { NextFunction, Request, Response } from 'express';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { lastAuditSeq } from '@db/audit/audit.queries';

/** How long a read waits for an answered command's write before it reads what is there. */
export const WAIT_AT_MOST_MS = 10_000;
/** How often it looks. */
const POLL_MS = 2;

@Injectable()
export class AnsweredWrites {
  private readonly log = new Logger('recorded');
  /** Per campaign: the audit entry through which its last answer is recorded, until it is written. */
  private readonly answered = new Map<string, number>();
  /** Per campaign: the look in progress, and how far it waits. */
  private readonly polls = new Map<string, { seq: number; done: Promise<void> }>();

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** An Update's answer: takes `auditSeq` off it (if it has one) and remembers it for the campaign. */
  take<T>(campaignId: string, answer: T): T {
    if (answer === null || typeof answer !== 'object' || !('auditSeq' in answer)) return answer;
    const { auditSeq, ...rest } = answer as T & { auditSeq?: unknown };
    if (typeof auditSeq === 'number') this.answered.set(campaignId, Math.max(auditSeq, this.answered.get(campaignId) ?? 0));
    return rest as T;
  }

  /**
   * Whether a read that saw the campaign's audit log at `seq` (in the snapshot of what it read,
   * findCampaignAsWritten) saw this process's last answer on it written; if so, nothing is awaited
   * any more. If not, the reader waits for caughtUp and reads again.
   */
  sawWritten(campaignId: string, seq: number): boolean {
    const awaited = this.answered.get(campaignId);
    if (awaited === undefined) return true;
    if (seq < awaited) return false;
    this.answered.delete(campaignId);
    return true;
  }

  /**
   * Settles once the campaign's audit log reaches its last answer (at once when nothing is awaited).
   * The requests waiting on one campaign share one look at a time: twenty co-signers deciding at
   * once do not poll twenty times.
   */
  caughtUp(campaignId: string): Promise<void> {
    const seq = this.answered.get(campaignId);
    if (seq === undefined) return Promise.resolve();
    const polling = this.polls.get(campaignId);
    if (polling && polling.seq >= seq) return polling.done;
    const done = this.poll(campaignId, seq).finally(() => {
      if (this.polls.get(campaignId)?.done === done) this.polls.delete(campaignId);
    });
    this.polls.set(campaignId, { seq, done });
    return done;
  }

  private async poll(campaignId: string, seq: number): Promise<void> {
    const deadline = Date.now() + WAIT_AT_MOST_MS;
    for (;;) {
      const written = await lastAuditSeq(this.ds, campaignId);
      if (written >= seq) {
        if (this.answered.get(campaignId) === seq) this.answered.delete(campaignId);
        return;
      }
      if (Date.now() >= deadline) {
        this.log.warn(`campaign ${campaignId}: its audit log is at ${written}, an answer was given through ${seq}; reading what is there after ${WAIT_AT_MOST_MS} ms`);
        return;
      }
      await sleep(POLL_MS);
    }
  }

  /** Every campaign's last answer written. */
  async allCaughtUp(): Promise<void> {
    await Promise.all([...this.answered.keys()].map((id) => this.caughtUp(id)));
  }
}

/** Holds a request for a list that spans campaigns until everything this process answered is written. */
@Injectable()
export class ListsAfterAnswers implements NestMiddleware {
  constructor(private readonly writes: AnsweredWrites) {}

  use(_req: Request, _res: Response, next: NextFunction): void {
    this.writes.allCaughtUp().then(() => next(), next);
  }
}

/**
 * A year-long workflow meets code changes while it runs. Every history kept in
 * test/fixtures/histories must still replay on the current workflow code: a change that would
 * break a running campaign fails here and needs `patched()` (see workflows/README.md).
 *
 * Re-record after an intended, versioned change: RECORD_HISTORIES=1 npx jest test/campaign-year
 * test/campaign-workflow test/co-sign-changes-workflow test/delivery.e2e-spec (keep the old fixtures too, renamed, so
 * every code path still running stays proven).
 */
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workflowSource } from '@temporal/workflow-source';

const dir = join(__dirname, 'fixtures', 'histories');
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('replaying recorded histories on the current workflow code', () => {
  it('has a history of every code path still running', () => {
    expect(fixtures).toEqual(
      expect.arrayContaining([
        // Before patch record-then-apply: replayed on workflows/v1/.
        'co-sign-national-2023.json', // recorded before patched('campaign-year') existed: completes at issuance
        'campaign-year-national-2023.v1.json', // the first run of a whole rehearsed year, up to its continue-as-new
        // Since record-then-apply, before answer-in-one-task (ordinary activities; issue 12 renamed them *.activities.json).
        'campaign-year-national-2023.activities.json', // the same year on the ledger
        'co-sign-refused-commands.activities.json', // decisions, a revision and withdrawals refused because their writes failed for good
        'co-sign-continued-as-new.activities.json', // the co-signing loop's own continue-as-new
        'campaign-year-refused-move.activities.json', // a milestone move the calendar cannot plan, refused; the year goes on
        'co-sign-changes.activities.json', // 加签, 减签, a moved deadline (the escalation moves), 手动催办 and one refused the same working day
        // Since answer-in-one-task, before answer-then-record (issue 12): the writes are local activities in the
        // answering task (renamed *.local.json when answer-then-record came).
        'campaign-year-national-2023.local.json',
        'co-sign-refused-commands.local.json',
        'co-sign-continued-as-new.local.json',
        'campaign-year-refused-move.local.json',
        'co-sign-changes.local.json',
        'co-sign-decide-all.local.json', // decisions sent together (coSign.decideAll): one write, one outcome each
        // Since answer-then-record (issue 12): co-signing's commands are answered, then written by ordinary
        // activities in the order answered; the urging loop woke on every change (renamed *.every-change.json
        // when wake-when-due came).
        'campaign-year-national-2023.every-change.json',
        'co-sign-refused-commands.every-change.json', // refused before answering: the text could not be stored
        'co-sign-continued-as-new.every-change.json',
        'campaign-year-refused-move.every-change.json',
        'co-sign-changes.every-change.json',
        'co-sign-decide-all.one-by-one.json', // decisions sent together, before decisions-together: each queued alone, the first written at once, the others together after it
        'co-sign-decide-all.every-change.json', // decisions sent together, since decisions-together: answered and written as one change
        'co-sign-unrecorded.every-change.json', // a decision answered and then refused by the database for good: entry.unrecorded
        // Since wake-when-due (issue 12): the urging loop wakes for a change only when it moves the next
        // reminder or the escalation. Recorded by
        // RECORD_HISTORIES=1 npx jest test/campaign-year test/campaign-workflow test/co-sign-changes-workflow.
        'campaign-year-national-2023.json',
        'co-sign-refused-commands.json',
        'co-sign-continued-as-new.json',
        'campaign-year-refused-move.json',
        'co-sign-changes.json',
        'co-sign-decide-all.json',
        'co-sign-unrecorded.json',
        // The same four recorded before workflows recorded facts: their notify/notifyAudience inputs
        // carry English text. Only activity inputs changed (no command), so they replay as they are.
        'campaign-year-national-2023.prose.json',
        'co-sign-refused-commands.prose.json',
        'co-sign-continued-as-new.prose.json',
        'campaign-year-refused-move.prose.json',
        // The notification dispatcher through an SMTP outage: failed rounds, backoff timers, wake
        // signals (RECORD_HISTORIES=1 npx jest test/delivery.e2e-spec).
        'dispatcher-smtp-outage.json',
      ]),
    );
  });

  it.each(fixtures)('%s replays without nondeterminism', async (file) => {
    // The fixture is the History message's own JSON (JSON.stringify of what fetchHistory returns).
    // Decoded with @temporalio/proto itself: the SDK's historyFromJSON trips over the two copies of
    // protobufjs npm installs here (grpc's proto-loader hoists 7.x to the root).
    const history = temporal.api.history.v1.History.fromObject(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    const bundle = process.env.WORKFLOW_BUNDLE_PATH;
    await Worker.runReplayHistory(
      bundle ? { workflowBundle: { codePath: bundle } } : { workflowsPath: workflowSource().workflowsPath, bundlerOptions: { webpackConfigHook: workflowSource().webpackConfigHook } },
      history,
      file.replace(/\.json$/, ''),
    );
  });
});

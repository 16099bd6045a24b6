/**
 * A year-long workflow meets code changes while it runs. Every history kept in
 * test/fixtures/histories must still replay on the current workflow code: a change that would
 * break a running campaign fails here and needs `patched()` (see workflows/README.md).
 *
 * Re-record after an intended, versioned change: RECORD_HISTORIES=1 npx jest test/campaign-year
 * (keep the old fixtures too, renamed, so every code path still running stays proven).
 */
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(__dirname, 'fixtures', 'histories');
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('replaying recorded histories on the current workflow code', () => {
  it('has the co-signing history from before the year stage, and one of the year', () => {
    // co-sign-national-2023: recorded before patched('campaign-year') existed (completes at issuance).
    // campaign-year-national-2023: the first run of a whole rehearsed year, up to its continue-as-new.
    expect(fixtures).toEqual(expect.arrayContaining(['co-sign-national-2023.json', 'campaign-year-national-2023.json']));
  });

  it.each(fixtures)('%s replays without nondeterminism', async (file) => {
    // The fixture is the History message's own JSON (JSON.stringify of what fetchHistory returns).
    // Decoded with @temporalio/proto itself: the SDK's historyFromJSON trips over the two copies of
    // protobufjs npm installs here (grpc's proto-loader hoists 7.x to the root).
    const history = temporal.api.history.v1.History.fromObject(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    const bundle = process.env.WORKFLOW_BUNDLE_PATH;
    await Worker.runReplayHistory(
      bundle ? { workflowBundle: { codePath: bundle } } : { workflowsPath: require.resolve('../workflows') },
      history,
      file.replace(/\.json$/, ''),
    );
  });
});

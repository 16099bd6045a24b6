/**
 * npm run build:workflows — bundles workflows/ once, for production workers: set
 * WORKFLOW_BUNDLE_PATH=dist/workflow-bundle.js and the worker loads it instead of bundling at start.
 */
import { bundleWorkflowCode } from '@temporalio/worker';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { workflowSource } from '@temporal/workflow-source';

async function main(): Promise<void> {
  const { code } = await bundleWorkflowCode(workflowSource());
  const out = join(__dirname, '..', 'workflow-bundle.js');
  await writeFile(out, code);
  console.log(`workflow bundle written to ${out} (${(code.length / 1024).toFixed(0)} KiB)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

/**
 * Where the workflow code is, and how Temporal's bundler (webpack) resolves our path aliases from
 * there. Every place that bundles the workflows uses this: the worker at start, `npm run
 * build:workflows`, the test setup and the replay spec.
 *
 * Run from source (ts-jest, ts-node) the workflows are `<repo>/workflows/index.ts` and the aliases
 * point into the TypeScript sources; run compiled, they are `dist/workflows/index.js` and the same
 * aliases point into `dist/` (tsc-alias has already rewritten the compiled imports, so this only
 * matters for sources). The alias table itself is tsconfig.json's `paths`: one source of truth.
 */
import type { BundleOptions } from '@temporalio/worker';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** This file is <root>/libs/temporal/src/…: <root> is the repository or dist/. */
const CODE_ROOT = path.resolve(__dirname, '..', '..', '..');

export interface WorkflowSource {
  workflowsPath: string;
  webpackConfigHook: NonNullable<BundleOptions['webpackConfigHook']>;
}

/** tsconfig.json's `paths`, as webpack aliases rooted at `codeRoot`. */
export function aliasesFrom(tsconfigFile: string, codeRoot: string): Record<string, string> {
  const { compilerOptions } = JSON.parse(readFileSync(tsconfigFile, 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } };
  const aliases: Record<string, string> = {};
  for (const [pattern, [target]] of Object.entries(compilerOptions.paths)) {
    // "@domain/*": ["libs/domain/src/*"] → "@domain": <root>/libs/domain/src ("@workflows": ["workflows"] alike)
    aliases[pattern.replace(/\/\*$/, '')] = path.join(codeRoot, target.replace(/\/\*$/, ''));
  }
  return aliases;
}

export function workflowSource(): WorkflowSource {
  // A deployment of dist/ alone has no tsconfig.json, and needs no aliases (its imports are rewritten).
  const tsconfig = findTsconfig(CODE_ROOT);
  const aliases = tsconfig ? aliasesFrom(tsconfig, CODE_ROOT) : {};
  return {
    workflowsPath: require.resolve(path.join(CODE_ROOT, 'workflows')),
    webpackConfigHook: (config) => {
      config.resolve = { ...config.resolve, alias: { ...(config.resolve?.alias as Record<string, string> | undefined), ...aliases } };
      return config;
    },
  };
}

/** dist/ has no tsconfig.json: the repository root above it has. */
function findTsconfig(start: string): string | null {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'tsconfig.json');
    if (existsSync(file)) return file;
    if (path.dirname(dir) === dir) return null;
  }
}

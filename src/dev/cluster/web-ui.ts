import { constants } from 'node:fs';
import { access, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startProcess } from '../child-process';
import { waitForPort } from '../ports';

/**
 * The Temporal Web UI for a Temporal server of our own. The Temporal CLI's bundled UI serves only the dev server
 * the CLI itself starts (`server start-dev` has no flag for another frontend), so the cluster profile runs the
 * standalone UI server, `github.com/temporalio/ui-server/v2`. Its latest release (v2.58.1) needs Go >= 1.26.10;
 * v2.54.0 (the UI the pinned Temporal CLI 1.9.1 bundles) builds with the Go here from the module proxy in about a
 * minute and embeds its assets.
 */
export const UI_SERVER_VERSION = 'v2.54.0';
export const UI_BUILD_COMMAND =
  `GOBIN=~/.cache/terminus/temporal-ui-server-${UI_SERVER_VERSION} go install ` +
  `github.com/temporalio/ui-server/v2/cmd/server@${UI_SERVER_VERSION} && ` +
  `mv ~/.cache/terminus/temporal-ui-server-${UI_SERVER_VERSION}/server ` +
  `~/.cache/terminus/temporal-ui-server-${UI_SERVER_VERSION}/ui-server`;

const isExecutable = (file: string): Promise<boolean> =>
  access(file, constants.X_OK).then(
    () => true,
    () => false,
  );

/** `TERMINUS_TEMPORAL_UI_SERVER`, `temporal-ui-server` on PATH, or the cache; undefined when none is there. */
export async function findUiServer(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (env.TERMINUS_TEMPORAL_UI_SERVER) return path.resolve(env.TERMINUS_TEMPORAL_UI_SERVER);
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    if (await isExecutable(path.join(dir, 'temporal-ui-server'))) return path.join(dir, 'temporal-ui-server');
  }
  const cached = path.join(os.homedir(), '.cache', 'terminus', `temporal-ui-server-${UI_SERVER_VERSION}`, 'ui-server');
  return (await isExecutable(cached)) ? cached : undefined;
}

/** Starts the UI server on `host:port` against the frontend `temporalAddress`; resolves once it listens. */
export async function startWebUi(o: {
  binary: string;
  dir: string;
  host: string;
  port: number;
  temporalAddress: string;
  namespace: string;
  logFile: string;
}): Promise<{ url: string; stop(): Promise<void> }> {
  await mkdir(path.join(o.dir, 'config'), { recursive: true });
  await writeFile(
    path.join(o.dir, 'config', 'cluster.yaml'),
    [
      `temporalGrpcAddress: ${o.temporalAddress}`,
      `host: ${o.host}`,
      `port: ${o.port}`,
      'enableUi: true',
      `defaultNamespace: ${o.namespace}`,
      'disableNewsFetch: true',
      'auth:',
      '  enabled: false',
      '',
    ].join('\n'),
  );
  const proc = startProcess(o.binary, ['--root', o.dir, '--env', 'cluster', 'start'], {
    name: 'temporal ui-server',
    logFile: o.logFile,
  });
  try {
    await waitForPort(o.host, o.port, 30_000, () => proc.exitReason());
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return { url: `http://${o.host}:${o.port}`, stop: () => proc.stop() };
}

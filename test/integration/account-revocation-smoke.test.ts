// The account-revocation benchmark in miniature: 200 zones on real PowerDNS and Caddy, revoked straight through and
// again with the worker SIGKILLed halfway and restarted. On the embedded profile only: the cluster profile needs the
// Temporal server binary, which a fresh machine builds for 14 minutes (the cluster suites, run after this one, do).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAccountRevocationOptions } from '../../bench/account-revocation/options';
import { accountRevocationFigures, exactlyOnce } from '../../bench/account-revocation/report';
import { measureAccountRevocation } from '../../bench/account-revocation/run';

jest.setTimeout(300_000);

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'terminus-bench-smoke-account-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

it('revokes every zone and hostname of the account, and after a SIGKILL halfway deletes each zone exactly once', async () => {
  const options = parseAccountRevocationOptions({
    profiles: 'embedded',
    zones: '200',
    batch: '40',
    'batches-per-run': '4',
  });
  const m = await measureAccountRevocation(options, { workDir, log: () => undefined });

  expect(m.runs.map((r) => `${r.profile}/${r.label}`)).toEqual(['embedded/straight', 'embedded/killed']);
  for (const run of m.runs) {
    expect(run.items).toBe(400);
    expect(run.rows).toMatchObject({ done: 400, failed: 0, pending: 0, absent: 0 });
    expect(run.left).toEqual({ zonesOnPowerDns: 0, routesOnCaddy: 0 });
    expect(exactlyOnce(run)).toBe(true);
    expect(run.cutoffToLastZoneGoneSeconds).toBeGreaterThan(0);
    expect(run.cutoffToLastZoneGoneSeconds).toBeLessThanOrEqual(run.cutoffToCompletedSeconds);
  }
  const killed = m.runs[1]!;
  expect(killed.workerPeakRssMiB).toHaveLength(2);
  expect(killed.killedAt!.doneItems).toBeGreaterThanOrEqual(200);
  expect(killed.killedAt!.doneItems).toBeLessThan(400);
  const figures = Object.fromEntries(accountRevocationFigures(m).map((f) => [f.key, f]));
  expect(figures.killedZonesDeletedExactlyOnce).toMatchObject({ value: 200, met: true });
  expect(figures.zonesPerSecond!.value).toBeGreaterThan(0);
});

import type { Figure } from '../lib/types';
import type { AccountRevocationMeasurement, RevocationRun } from './run';

/**
 * The figures the README reports, per profile: the embedded profile's keys unprefixed (as before the cluster
 * profile was measured), the cluster's prefixed `cluster.`.
 */
export function accountRevocationFigures(m: AccountRevocationMeasurement): Figure[] {
  const profiles = [...new Set(m.runs.map((r) => r.profile))];
  return profiles.flatMap((profile) =>
    profileFigures(
      profile,
      m.runs.filter((r) => r.profile === profile),
    ),
  );
}

function profileFigures(profile: string, runs: RevocationRun[]): Figure[] {
  const straight = runs.find((r) => r.label === 'straight');
  const killed = runs.find((r) => r.label === 'killed');
  const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
  const key = (k: string) => (profile === 'embedded' ? k : `${profile}.${k}`);
  const label = (l: string) => `${profile}: ${l}`;
  const figures: Figure[] = [];
  if (straight) {
    figures.push(
      {
        key: key('cutoffToLastZoneGoneSeconds'),
        label: label(`cutoff to last of ${straight.zones} zones gone`),
        value: round(straight.cutoffToLastZoneGoneSeconds),
        unit: 's',
      },
      {
        key: key('zonesPerSecond'),
        label: label('revocation throughput'),
        value: round(straight.zonesPerSecond),
        unit: 'zones/s',
      },
      {
        key: key('workerPeakRssMiB'),
        label: label('worker peak resident memory'),
        value: round(Math.max(...straight.workerPeakRssMiB)),
        unit: 'MiB',
      },
    );
  }
  if (killed) {
    figures.push(
      {
        key: key('killedCutoffToLastZoneGoneSeconds'),
        label: label('killed halfway: cutoff to last zone gone'),
        value: round(killed.cutoffToLastZoneGoneSeconds),
        unit: 's',
      },
      {
        key: key('killedZonesDeletedExactlyOnce'),
        label: label('killed halfway: zones deleted exactly once (PowerDNS side)'),
        value: killed.deletes.zonesDeletedOnce,
        unit: `of ${killed.zones}`,
        target: `= ${killed.zones}, none left`,
        met: exactlyOnce(killed),
      },
    );
  }
  return figures;
}

/** Every zone deleted by exactly one successful DELETE, none left on either server, no item failed. */
export function exactlyOnce(r: RevocationRun): boolean {
  return (
    r.deletes.zonesDeletedOnce === r.zones &&
    r.deletes.zonesDeletedTwice === 0 &&
    r.left.zonesOnPowerDns === 0 &&
    r.left.routesOnCaddy === 0 &&
    r.rows.failed === 0 &&
    r.rows.pending === 0
  );
}

/** Findings in sentences. */
export function accountRevocationNotes(m: AccountRevocationMeasurement): string[] {
  return m.runs.map((r) => {
    const kill = r.killedAt
      ? ` Worker SIGKILLed at ${r.killedAt.doneItems}/${r.items} items after ${r.killedAt.afterSeconds.toFixed(1)} s and restarted; ${r.rows.changedFalse} items were found already gone on resume (changed: false).`
      : '';
    return (
      `${r.profile}, ${r.label}: ${r.zones} zones + ${r.items - r.zones} proxied hostnames in batches of ${m.options.batchSize}; ` +
      `last zone gone ${r.cutoffToLastZoneGoneSeconds.toFixed(1)} s after the cutoff (workflow done at ${r.cutoffToCompletedSeconds.toFixed(1)} s), ` +
      `${r.zonesPerSecond.toFixed(1)} zones/s; worker peak RSS ${r.workerPeakRssMiB.map((x) => x.toFixed(0)).join(' / ')} MiB. ` +
      `PowerDNS saw ${r.deletes.requests} zone DELETEs (${r.deletes.notFound} answered 404); ${r.deletes.zonesDeletedOnce} zones deleted exactly once, ` +
      `${r.deletes.zonesDeletedTwice} twice, ${r.deletes.zonesNeverDeleted} never; left: ${r.left.zonesOnPowerDns} zones on PowerDNS, ${r.left.routesOnCaddy} routes on Caddy.${kill}`
    );
  });
}

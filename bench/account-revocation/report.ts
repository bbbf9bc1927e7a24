import type { Figure } from '../lib/types';
import type { AccountRevocationMeasurement, RevocationRun } from './run';

/** The figures the README reports, from the straight run and the killed run. */
export function accountRevocationFigures(m: AccountRevocationMeasurement): Figure[] {
  const straight = m.runs.find((r) => r.label === 'straight');
  const killed = m.runs.find((r) => r.label === 'killed');
  const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
  const figures: Figure[] = [];
  if (straight) {
    figures.push(
      {
        key: 'cutoffToLastZoneGoneSeconds',
        label: `cutoff to last of ${straight.zones} zones gone`,
        value: round(straight.cutoffToLastZoneGoneSeconds),
        unit: 's',
      },
      { key: 'zonesPerSecond', label: 'revocation throughput', value: round(straight.zonesPerSecond), unit: 'zones/s' },
      {
        key: 'workerPeakRssMiB',
        label: 'worker peak resident memory',
        value: round(Math.max(...straight.workerPeakRssMiB)),
        unit: 'MiB',
      },
    );
  }
  if (killed) {
    figures.push(
      {
        key: 'killedCutoffToLastZoneGoneSeconds',
        label: 'killed halfway: cutoff to last zone gone',
        value: round(killed.cutoffToLastZoneGoneSeconds),
        unit: 's',
      },
      {
        key: 'killedZonesDeletedExactlyOnce',
        label: 'killed halfway: zones deleted exactly once (PowerDNS side)',
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
      `${r.label}: ${r.zones} zones + ${r.items - r.zones} proxied hostnames in batches of ${m.options.batchSize}; ` +
      `last zone gone ${r.cutoffToLastZoneGoneSeconds.toFixed(1)} s after the cutoff (workflow done at ${r.cutoffToCompletedSeconds.toFixed(1)} s), ` +
      `${r.zonesPerSecond.toFixed(1)} zones/s; worker peak RSS ${r.workerPeakRssMiB.map((x) => x.toFixed(0)).join(' / ')} MiB. ` +
      `PowerDNS saw ${r.deletes.requests} zone DELETEs (${r.deletes.notFound} answered 404); ${r.deletes.zonesDeletedOnce} zones deleted exactly once, ` +
      `${r.deletes.zonesDeletedTwice} twice, ${r.deletes.zonesNeverDeleted} never; left: ${r.left.zonesOnPowerDns} zones on PowerDNS, ${r.left.routesOnCaddy} routes on Caddy.${kill}`
    );
  });
}

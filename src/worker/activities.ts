import { createAccountActivities } from '../activities/account';
import { createCaseActivities } from '../activities/case-activities';
import { createDsaSubmissionActivities, type DsaSubmissionDeps } from '../activities/dsa-submission';
import { createEvidenceStore } from '../activities/case-evidence-store';
import { createEdgeActivities, type EdgeActivityDeps } from '../activities/edge';
import { createInvestigationActivities } from '../activities/investigation';
import { createLegalActivities } from '../activities/legal';
import { createMonitorActivities, type MonitorDeps } from '../activities/monitor';
import { createWatchGroupActivities } from '../activities/monitor-group';
import type { ProbeBatchDeps } from '../activities/monitor-batch';
import { createNotifyActivities, type NotifyDeps } from '../activities/notify';
import { createRecordsActivities } from '../activities/records';
import { createSystemActivities } from '../activities/system';
import type { PolicyDocument } from '../domain/policy/policy-types';
import type { Database } from '../db/database';

/** What the activities need from the outside world; built at the edge (see `buildActivityDeps`) and passed in. */
export interface ActivityDeps {
  db: Database;
  mail: Omit<NotifyDeps, 'db'>;
  edge: Omit<EdgeActivityDeps, 'db'>;
  monitor: MonitorDeps;
  /** The group watch's batched probe: one prober per resolver, and the rate limits. */
  watchGroup: Omit<ProbeBatchDeps, 'fingerprints' | 'schedule'>;
  policy: PolicyDocument;
  /** The DSA Transparency Database client; absent when this deployment does not submit. */
  dsa: DsaSubmissionDeps;
}

/**
 * Composes every activity factory into the one object the worker registers. The factories never read
 * configuration. Two capabilities defining the same activity name would silently shadow one another, so a
 * clash stops the worker at start.
 */
export function buildActivities(deps: ActivityDeps): Record<string, (...args: never[]) => Promise<unknown>> {
  const { db } = deps;
  const parts: Record<string, object> = {
    system: createSystemActivities({ db }),
    notify: createNotifyActivities({ db, ...deps.mail }),
    edge: createEdgeActivities({ db, ...deps.edge }),
    account: createAccountActivities({
      db,
      providers: deps.edge.providers,
      extraPublicSuffixes: deps.edge.extraPublicSuffixes,
    }),
    monitor: createMonitorActivities(deps.monitor),
    watchGroup: createWatchGroupActivities({
      db,
      ...deps.watchGroup,
      fingerprints: deps.monitor.fingerprints,
      ...(deps.monitor.schedule ? { schedule: deps.monitor.schedule } : {}),
      ...(deps.monitor.webhook ? { webhook: deps.monitor.webhook } : {}),
    }),
    case: createCaseActivities({ policy: deps.policy }),
    investigation: createInvestigationActivities({
      evidence: createEvidenceStore(db),
      observer: { observe: async (domain) => ({ ...(await deps.monitor.prober.observe(domain)) }) },
    }),
    legal: createLegalActivities({ db }),
    records: createRecordsActivities({ db }),
    dsa: createDsaSubmissionActivities(deps.dsa),
  };
  const all: Record<string, (...args: never[]) => Promise<unknown>> = {};
  for (const [capability, activities] of Object.entries(parts)) {
    for (const [name, fn] of Object.entries(activities)) {
      if (name in all) throw new Error(`activity "${name}" is defined twice (again by ${capability})`);
      all[name] = fn as (...args: never[]) => Promise<unknown>;
    }
  }
  return all;
}

import type { Database } from '../db/database';
import { createProbeDomains, type ProbeBatchDeps } from './monitor-batch';
import { createCandidateEvidenceStore } from './monitor-evidence';
import { loadCaseItemDomains, recordProviderChanges } from './monitor-history';
import type { WatchGroupActivities } from './monitor-group-contract';
import { postMigrationWebhook, type MigrationWebhook } from './monitor';

/**
 * The group watch's activities (issue 18): the batched probe, the provider history writer and the grouped webhook.
 * One webhook call per grouped change (the affected domains in one body), as there is one staff alert.
 */

/** Dependencies, built once per worker. */
export interface WatchGroupDeps extends ProbeBatchDeps {
  db: Database;
  webhook?: MigrationWebhook;
  fetch?: typeof fetch;
}

/** Builds the activities. */
export function createWatchGroupActivities(deps: WatchGroupDeps): WatchGroupActivities {
  const doFetch = deps.fetch ?? fetch;
  return {
    probeDomains: createProbeDomains({ evidence: createCandidateEvidenceStore(deps.db), ...deps }),
    async loadCaseItemDomains(input) {
      return { domains: await loadCaseItemDomains(deps.db, input) };
    },
    async recordProviderChanges(input) {
      return { recorded: await recordProviderChanges(deps.db, input) };
    },
    async notifyGroupChange(input) {
      if (!deps.webhook) return { delivered: false, reason: 'not_configured' };
      return postMigrationWebhook(deps.webhook, doFetch, input.idempotencyKey, {
        caseId: input.caseId,
        change: { state: input.state, provider: input.provider, at: input.at },
        domains: input.domains,
      });
    },
  };
}

import { createCaseActivities } from '../../../src/activities/case-activities';
import type { EdgeActivities } from '../../../src/activities/edge-contract';
import type { InvestigationActivities } from '../../../src/activities/investigation';
import type { LegalActivities } from '../../../src/activities/legal';
import type { NotifyActivities } from '../../../src/activities/notify-contract';
import { createRecordsActivities } from '../../../src/activities/records';
import { createDsaSubmissionActivities } from '../../../src/activities/dsa-submission';
import { loadPolicy } from '../../../src/config/policy';
import type { Database } from '../../../src/db/database';

const now = () => new Date().toISOString();

/**
 * Activities for API tests: the real case and records activities (policy, cutoff arithmetic, the archive in the
 * test database) and instant stand-ins for mail, edge, observation and the hold registry, whose own tests cover
 * them. Mail always delivers; revocation always takes effect; DSA submission is off.
 */
export function apiTestActivities(db: Database) {
  const notify: NotifyActivities = {
    sendCustomerMessage: async (input) =>
      Promise.resolve({
        messageId: `<${input.idempotencyKey}@test>`,
        accepted: input.to,
        rejected: [],
        response: '250 OK',
        duplicate: false,
        sentAt: now(),
      }),
    sendStaffAlert: async (input) =>
      Promise.resolve({
        messageId: `<${input.idempotencyKey}@test>`,
        accepted: ['staff@test'],
        rejected: [],
        response: '250 OK',
        duplicate: false,
        sentAt: now(),
      }),
  };
  const edge: EdgeActivities = {
    snapshotFootprint: async (input) =>
      Promise.resolve({
        snapshotId: `snap-${input.domains.join('+')}`,
        sha256: 'f'.repeat(64),
        takenAt: now(),
        zones: input.domains,
        proxyHosts: input.domains,
        notOnEdge: [],
      }),
    revokeService: async (input) =>
      Promise.resolve({ domain: input.domain, service: input.service, changed: true, provider: 'sandbox', at: now() }),
    verifyRevocation: async (input) =>
      Promise.resolve({
        domain: input.domain,
        dnsServed: input.services.includes('dns') ? false : null,
        proxyServed: input.services.includes('proxy') ? false : null,
        checkedAt: now(),
      }),
    restoreSnapshot: async () => Promise.resolve({ restoredZones: ['z'], restoredProxyHosts: ['p'], at: now() }),
  };
  const investigation: InvestigationActivities = {
    observeDomains: async (input) =>
      Promise.resolve({
        evidence: input.domains.map((d, i) => ({
          sha256: String(i).repeat(64),
          label: `observation ${d}`,
          storedAt: now(),
        })),
        failures: [],
      }),
  };
  const legal: LegalActivities = { checkHoldRegistry: async () => Promise.resolve([]) };
  return {
    ...createCaseActivities({ policy: loadPolicy() }),
    ...createRecordsActivities({ db }),
    // Submission off, as in a deployment that is not an online platform: the statement stays exportable.
    ...createDsaSubmissionActivities({}),
    ...notify,
    ...edge,
    ...investigation,
    ...legal,
  };
}

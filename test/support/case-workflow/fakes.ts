/* eslint-disable @typescript-eslint/require-await -- the fakes keep the async signatures of the real activities */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { createCaseActivities } from '../../../src/activities/case-activities';
import type { EdgeActivities, RevokeServiceInput } from '../../../src/activities/edge-contract';
import type { InvestigationActivities } from '../../../src/activities/investigation';
import type { LegalActivities } from '../../../src/activities/legal';
import type {
  NotifyActivities,
  SendCustomerMessageInput,
  SendStaffAlertInput,
} from '../../../src/activities/notify-contract';
import type { ApplyRetentionInput, RecordsActivities } from '../../../src/activities/records';
import { loadPolicy } from '../../../src/config/policy';
import type { Hold } from '../../../src/domain/case-types';
import type { CaseRecord } from '../../../src/domain/dsa/case-record';
import { FailureType } from '../../../src/domain/failures';
import type { TransparencyDatabase } from '../../../src/adapters/dsa/transparency-db-client';
import { createDsaSubmissionActivities } from '../../../src/activities/dsa-submission';
import type { DsaSubmissionActivities } from '../../../src/activities/dsa-submission-contract';
import type { DsaStatement } from '../../../src/domain/dsa/dsa-statement';

/** Everything the fake capabilities saw and did, for assertions; knobs to make them fail. */
export interface FakeWorld {
  customerMessages: SendCustomerMessageInput[];
  staffAlerts: SendStaffAlertInput[];
  revocations: (RevokeServiceInput & { changed: boolean })[];
  restores: string[];
  snapshots: string[][];
  verifications: string[];
  records: CaseRecord[];
  retention: ApplyRetentionInput[];
  registryHolds: Hold[];
  /** Recipients the mail server refuses permanently (MailRejected). */
  rejectRecipients: Set<string>;
  /** Domains an outside check still sees served after revocation. */
  stillServed: Set<string>;
  /** Revocations of these domains are refused permanently (ProviderRejected) while listed. */
  refuseRevoke: Set<string>;
  /** What the exactly-once fakes remember (idempotency keys already served). */
  sentKeys: Map<string, { messageId: string }>;
  revokedKeys: Set<string>;
  /** Statements the fake Transparency Database stored for the case (the real activity, a fake database). */
  dsaStatements: DsaStatement[];
}

export function newWorld(): FakeWorld {
  return {
    customerMessages: [],
    staffAlerts: [],
    revocations: [],
    restores: [],
    snapshots: [],
    verifications: [],
    records: [],
    retention: [],
    registryHolds: [],
    rejectRecipients: new Set(),
    stillServed: new Set(),
    refuseRevoke: new Set(),
    sentKeys: new Map(),
    revokedKeys: new Set(),
    dsaStatements: [],
  };
}

const at = () => new Date().toISOString();

/**
 * Typed fakes for every capability the case workflow calls; the case activities are the real ones. One worker
 * serves every scenario of a test file: each call finds its scenario's world by the calling workflow's ID.
 */
export function fakeActivities(worlds: Map<string, FakeWorld>) {
  const current = (): FakeWorld => {
    const id = Context.current().info.workflowExecution?.workflowId ?? '';
    const world = worlds.get(id);
    if (!world) throw new Error(`no scenario registered for ${id}`);
    return world;
  };
  const notify: NotifyActivities = {
    async sendCustomerMessage(input) {
      const world = current();
      const sentKeys = world.sentKeys;
      const seen = sentKeys.get(input.idempotencyKey);
      if (seen)
        return { ...seen, accepted: input.to, rejected: [], response: '250 dup', duplicate: true, sentAt: at() };
      if (input.to.some((r) => world.rejectRecipients.has(r))) {
        throw ApplicationFailure.nonRetryable(
          `550 5.1.1 <${input.to.join(',')}>: mailbox unavailable`,
          FailureType.MailRejected,
        );
      }
      world.customerMessages.push(input);
      const messageId = `<${world.customerMessages.length}@test>`;
      sentKeys.set(input.idempotencyKey, { messageId });
      return { messageId, accepted: input.to, rejected: [], response: '250 OK', duplicate: false, sentAt: at() };
    },
    async sendStaffAlert(input) {
      const world = current();
      world.staffAlerts.push(input);
      return {
        messageId: `<alert-${world.staffAlerts.length}@test>`,
        accepted: ['staff@test'],
        rejected: [],
        response: '250 OK',
        duplicate: false,
        sentAt: at(),
      };
    },
  };
  const edge: EdgeActivities = {
    async snapshotFootprint(input) {
      const world = current();
      world.snapshots.push(input.domains);
      return {
        snapshotId: `snap-${world.snapshots.length}`,
        sha256: 'f'.repeat(64),
        takenAt: at(),
        zones: input.domains,
        proxyHosts: input.domains,
        notOnEdge: [],
      };
    },
    async revokeService(input) {
      const world = current();
      // As the real activity: a step may revoke only a domain the snapshot it names covers.
      const covered = world.snapshots[Number(input.snapshotId.replace('snap-', '')) - 1];
      if (!covered?.includes(input.domain)) {
        throw ApplicationFailure.nonRetryable(
          `${input.domain} (${input.service}) is not in snapshot ${input.snapshotId} of this case`,
          FailureType.FootprintViolation,
        );
      }
      const revokedKeys = world.revokedKeys;
      if (world.refuseRevoke.has(input.domain)) {
        throw ApplicationFailure.nonRetryable(`provider refused ${input.domain}`, FailureType.ProviderRejected);
      }
      const changed = !revokedKeys.has(input.idempotencyKey);
      revokedKeys.add(input.idempotencyKey);
      world.revocations.push({ ...input, changed });
      return { domain: input.domain, service: input.service, changed, provider: 'sandbox', at: at() };
    },
    async verifyRevocation(input) {
      const world = current();
      world.verifications.push(input.domain);
      const served = world.stillServed.has(input.domain);
      return {
        domain: input.domain,
        dnsServed: input.services.includes('dns') ? served : null,
        proxyServed: input.services.includes('proxy') ? served : null,
        checkedAt: at(),
      };
    },
    async restoreSnapshot(input) {
      const world = current();
      world.restores.push(input.snapshotId);
      return { restoredZones: ['z'], restoredProxyHosts: ['p'], at: at() };
    },
  };
  const investigation: InvestigationActivities = {
    async observeDomains(input) {
      return {
        evidence: input.domains.map((d, i) => ({
          sha256: String(i).repeat(64).slice(0, 64),
          label: `observation ${d}`,
          storedAt: at(),
        })),
        failures: [],
      };
    },
  };
  const legal: LegalActivities = {
    async checkHoldRegistry() {
      return current().registryHolds;
    },
  };
  const records: RecordsActivities = {
    async archiveCaseRecord({ record }) {
      const world = current();
      const inserted = !world.records.some((r) => r.recordId === record.recordId);
      if (inserted) world.records.push(record);
      return { recordId: record.recordId, inserted };
    },
    async applyRetention(input) {
      const world = current();
      world.retention.push(input);
      return { objects: input.evidence.length + input.snapshotIds.length };
    },
  };
  const dsa: DsaSubmissionActivities = {
    async submitDsaStatement(input) {
      const world = worlds.get(input.caseId);
      if (!world) throw new Error(`no scenario registered for ${input.caseId}`);
      const database: TransparencyDatabase = {
        async hasPuid(puid) {
          return world.dsaStatements.some((s) => s.puid === puid);
        },
        async submit(statements) {
          world.dsaStatements.push(...statements);
          return { created: statements.map((s) => ({ puid: s.puid, uuid: `uuid-${s.puid}` })) };
        },
      };
      return createDsaSubmissionActivities({ database }).submitDsaStatement(input);
    },
  };
  return {
    ...createCaseActivities({ policy: loadPolicy() }),
    ...dsa,
    ...notify,
    ...edge,
    ...investigation,
    ...legal,
    ...records,
  };
}

import type { SnapshotRef } from '../domain/footprint/snapshot-ref';
import type { ServiceKind } from '../domain/case-types';

/** Input of `snapshotFootprint`: the "before" picture, stored outside history (history keeps id + hash). */
export interface SnapshotFootprintInput {
  idempotencyKey: string;
  caseId: string;
  accountId: string;
  domains: string[];
  services: ServiceKind[];
}

export type { SnapshotRef };

/** Input of `revokeService`: one service for one domain; repeated calls change nothing twice. */
export interface RevokeServiceInput {
  idempotencyKey: string;
  caseId: string;
  accountId: string;
  domain: string;
  service: ServiceKind;
  snapshotId: string;
}

/** What a revoke did: `changed` is false when it was already revoked (a retry). */
export interface RevokeServiceResult {
  domain: string;
  service: ServiceKind;
  changed: boolean;
  provider: string;
  at: string;
}

/** Input of `verifyRevocation`: checked from the outside (authoritative DNS query, request through the proxy). */
export interface VerifyRevocationInput {
  domain: string;
  services: ServiceKind[];
}

/** Per service: still served or gone. */
export interface VerifyRevocationResult {
  domain: string;
  dnsServed: boolean | null;
  proxyServed: boolean | null;
  checkedAt: string;
}

/** Input of `restoreSnapshot` (compensation after an upheld appeal). */
export interface RestoreSnapshotInput {
  idempotencyKey: string;
  caseId: string;
  snapshotId: string;
}

/** What restore did; restoring twice is harmless. */
export interface RestoreSnapshotResult {
  restoredZones: string[];
  restoredProxyHosts: string[];
  at: string;
}

/** The edge capability as the workflows see it (implemented by `createEdgeActivities`). */
export interface EdgeActivities {
  snapshotFootprint(input: SnapshotFootprintInput): Promise<SnapshotRef>;
  revokeService(input: RevokeServiceInput): Promise<RevokeServiceResult>;
  verifyRevocation(input: VerifyRevocationInput): Promise<VerifyRevocationResult>;
  restoreSnapshot(input: RestoreSnapshotInput): Promise<RestoreSnapshotResult>;
}

import type { SnapshotRef } from '../footprint/snapshot-ref';
import type { ProviderChange } from '../watch/provider-change';
import { CASE_BOUNDS, clip } from './case-bounds';
import type { CaseState, NoticeRecord, VerificationRecord } from './case-state';

/**
 * What the workflow keeps of data that comes from outside (mail servers, the edge, watches), cut to the bounds of
 * `case-bounds.ts`: a misbehaving adapter must not be able to grow a case's state any more than a person can.
 */

/** A notice record: accepted and rejected are the addresses it was sent to (a rejected one is not also accepted),
 * texts clipped. */
export function boundedNotice(notice: NoticeRecord): NoticeRecord {
  const to = new Set(notice.to);
  const accepted = [...new Set(notice.accepted.filter((a) => to.has(a)))];
  const rejected = [...new Set(notice.rejected.filter((r) => to.has(r) && !accepted.includes(r)))];
  const kept: NoticeRecord = { ...notice, accepted, rejected };
  if (notice.messageId !== undefined) kept.messageId = clip(String(notice.messageId), CASE_BOUNDS.messageId);
  if (notice.error !== undefined) kept.error = clip(String(notice.error), CASE_BOUNDS.errorText);
  return kept;
}

/** A snapshot reference with at most `snapshotNames` zones and proxy hosts (the full snapshot is in the store, by
 * id: restoring reads it there). `notOnEdge` is kept whole: revocation skips those domains, and it is a part of the
 * domain family, which has its own bound. */
export function boundedSnapshot(snapshot: SnapshotRef): SnapshotRef {
  const n = CASE_BOUNDS.snapshotNames;
  return { ...snapshot, zones: snapshot.zones.slice(0, n), proxyHosts: snapshot.proxyHosts.slice(0, n) };
}

/** Appends a provider change to the chain, names clipped, keeping the newest `providerChain` changes. */
export function pushProviderChange(state: CaseState, change: ProviderChange): void {
  const n = CASE_BOUNDS.providerName;
  state.providerChain.push({
    domain: clip(change.domain, 253),
    state: clip(change.state, n),
    provider: change.provider === null ? null : clip(change.provider, n),
    confidence: change.confidence,
    at: clip(change.at, 40),
  });
  const excess = state.providerChain.length - CASE_BOUNDS.providerChain;
  if (excess > 0) state.providerChain.splice(0, excess);
}

/** Records the latest outside check of a domain, replacing the previous one (one per domain, whatever the rounds). */
export function putVerification(state: CaseState, check: VerificationRecord): void {
  const kept: VerificationRecord = { ...check, domain: clip(check.domain, 253), checkedAt: clip(check.checkedAt, 40) };
  const i = state.verification.findIndex((v) => v.domain === kept.domain);
  if (i >= 0) state.verification[i] = kept;
  else state.verification.push(kept);
}

/** An error text as the state keeps it. */
export const errorText = (message: string): string => clip(message, CASE_BOUNDS.errorText);

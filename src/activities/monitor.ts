import { ApplicationFailure } from '@temporalio/common';
import { normalizeDomain, type Prober } from '../adapters/probe/prober';
import { FailureType } from '../domain/failures';
import {
  classify,
  type CompiledFingerprints,
  type DnsAnswer,
  type HttpAnswer,
  type Observation,
  type Verdict,
} from '../domain/fingerprints';
import type { ConfirmedChange } from '../domain/watch';

/**
 * Migration monitoring activities: observe a domain and classify who serves it, and tell an optional webhook
 * about confirmed changes. Observing only reads the outside world, so it is safe to retry; the webhook carries
 * an idempotency key (workflow ID + change index) for the receiver to drop repeats.
 */

/** Input of `observeDomain`. */
export interface ObserveDomainInput {
  domain: string;
}

/** The observation reduced to what fingerprints a provider (bounded, JSON-safe; kept in workflow history). */
export interface ObservationSummary {
  domain: string;
  observedAt: string;
  ns: DnsAnswer<string>;
  soaPrimary: string | null;
  a: DnsAnswer<string>;
  aaaa: DnsAnswer<string>;
  cnameChain: string[];
  http: {
    scheme: 'http' | 'https';
    status: HttpAnswer['status'];
    statusCode?: number;
    server?: string;
    cookieNames?: string[];
    detail?: string;
  }[];
}

/**
 * The worker's override of the watch's probe schedule. It travels in the observation result because workflow code
 * cannot read the worker's configuration: recorded in history, it replays the same, and a worker restarted with
 * another value changes running watches from their next observation on. Absent when not configured (production).
 */
export interface WatchScheduleOverride {
  fastIntervalMs: number;
}

/** Result of `observeDomain`: the summary, and the verdict (with its evidence) the workflow acts on. */
export interface ObserveDomainResult {
  observation: ObservationSummary;
  verdict: Verdict;
  schedule?: WatchScheduleOverride;
}

/** Input of `notifyProviderChange`. `idempotencyKey` = watch workflow ID + change index. */
export interface NotifyProviderChangeInput {
  idempotencyKey: string;
  caseId: string;
  change: ConfirmedChange;
  chain: ConfirmedChange[];
}

/** What happened to the webhook call. */
export interface NotifyProviderChangeResult {
  delivered: boolean;
  status?: number;
  reason?: 'not_configured';
}

/** The monitor capability as workflows see it. */
export interface MonitorActivities {
  observeDomain(input: ObserveDomainInput): Promise<ObserveDomainResult>;
  notifyProviderChange(input: NotifyProviderChangeInput): Promise<NotifyProviderChangeResult>;
}

/** Optional webhook (`TERMINUS_MIGRATION_WEBHOOK_URL`). */
export interface MigrationWebhook {
  url: string;
  timeoutMs?: number;
}

/** Dependencies, built once per worker. */
export interface MonitorDeps {
  prober: Prober;
  fingerprints: CompiledFingerprints;
  webhook?: MigrationWebhook;
  fetch?: typeof fetch;
  /** `TERMINUS_WATCH_FAST_INTERVAL_MS`: the embedded stack's short interval; unset in production. */
  schedule?: WatchScheduleOverride;
}

/** Signals kept per verdict (the strongest first): enough to show why, small enough for history and rows. */
export const MAX_EVIDENCE = 24;

/** Drops what the verdict does not need from an observation, so months of history stay small. */
export function summarize(o: Observation): ObservationSummary {
  return {
    domain: o.domain,
    observedAt: o.observedAt,
    ns: o.ns,
    soaPrimary: o.soa.status === 'ok' ? (o.soa.records[0]?.mname ?? null) : null,
    a: o.a,
    aaaa: o.aaaa,
    cnameChain: o.cnameChain,
    http: o.http.map((h) =>
      h.status === 'ok'
        ? {
            scheme: h.scheme,
            status: h.status,
            statusCode: h.statusCode,
            server: h.headers.server,
            cookieNames: h.cookieNames,
          }
        : { scheme: h.scheme, status: h.status, detail: h.detail },
    ),
  };
}

/**
 * Posts a `migration_detected` event to the staff webhook with its idempotency key (the receiver drops repeats).
 * A 4xx other than 408/429 is permanent (the receiver refuses this payload or us); anything else is retried.
 */
export async function postMigrationWebhook(
  webhook: MigrationWebhook,
  doFetch: typeof fetch,
  idempotencyKey: string,
  payload: Record<string, unknown>,
): Promise<NotifyProviderChangeResult> {
  if (!idempotencyKey?.trim())
    throw ApplicationFailure.nonRetryable('idempotencyKey is required', FailureType.InvalidInput);
  const response = await doFetch(webhook.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
    body: JSON.stringify({ type: 'migration_detected', idempotencyKey, ...payload }),
    signal: AbortSignal.timeout(webhook.timeoutMs ?? 10_000),
  });
  await response.body?.cancel();
  if (response.ok) return { delivered: true, status: response.status };
  if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
    throw ApplicationFailure.nonRetryable(
      `migration webhook refused the call: HTTP ${response.status}`,
      FailureType.InvalidConfiguration,
      { status: response.status },
    );
  }
  throw new Error(`migration webhook failed: HTTP ${response.status}`);
}

/** Builds the activities. */
export function createMonitorActivities(deps: MonitorDeps): MonitorActivities {
  const doFetch = deps.fetch ?? fetch;
  return {
    async observeDomain(input) {
      let domain: string;
      try {
        domain = normalizeDomain(input.domain ?? '');
      } catch (error) {
        throw ApplicationFailure.nonRetryable((error as Error).message, FailureType.InvalidInput);
      }
      const observation = await deps.prober.observe(domain);
      const verdict = classify(observation, deps.fingerprints);
      return {
        observation: summarize(observation),
        verdict: { ...verdict, evidence: verdict.evidence.slice(0, MAX_EVIDENCE) },
        ...(deps.schedule ? { schedule: deps.schedule } : {}),
      };
    },

    async notifyProviderChange(input) {
      if (!deps.webhook) return { delivered: false, reason: 'not_configured' };
      return postMigrationWebhook(deps.webhook, doFetch, input.idempotencyKey, {
        caseId: input.caseId,
        change: input.change,
        chain: input.chain,
      });
    },
  };
}

import { z } from 'zod';

/**
 * What the console shows of a watched domain, whatever shape the watch that records it has (today's per-domain
 * `domainWatch` with its `watchState` query and observation results in history; a group watch's history page).
 * The adapters below parse what the watch returned (an edge: zod) and keep only what the page shows.
 */

/** One matched signal behind a verdict: what was seen, which signature of which provider it matched. */
export interface WatchEvidence {
  provider: string;
  role: string;
  signal: string;
  observed: string;
  matched: string;
  generic: boolean;
  sources: string[];
}

/** A classified observation: the verdict, the evidence behind it, and what the probe saw (when, where from). */
export interface WatchVerdict {
  observedAt: string;
  state: string;
  provider: string | null;
  providerName?: string;
  confidence: number;
  reason: string;
  databaseVersion: string;
  evidence: WatchEvidence[];
  /** What the probe saw, by signal ("nameservers": the NS answer, "http": scheme, status and server header). */
  seen: { label: string; value: string }[];
}

/** A confirmed change of provider, with the verdict of the observation that confirmed it when still recorded. */
export interface WatchHistoryEntry {
  at: string;
  state: string;
  provider: string | null;
  confidence: number;
  verdict?: WatchVerdict;
}

/** One watched domain as the case page shows it. */
export interface DomainWatchReport {
  domain: string;
  workflowId: string;
  current?: { state: string; provider: string | null; since: string };
  observations?: number;
  unknownObservations?: number;
  /** A change seen but not yet confirmed (consistent observations so far). */
  pending?: { state: string; provider: string | null; count: number; since: string };
  history: WatchHistoryEntry[];
  /** The newest observation's verdict (what the watch sees now). */
  latest?: WatchVerdict;
  /** Why part of the report could not be read (the watch stopped long ago, Temporal did not answer). */
  problem?: string;
  /** What this kind of watch does not record. */
  note?: string;
}

const Placement = z.object({ state: z.string(), provider: z.string().nullable() });
const Change = z.object({
  state: z.string(),
  provider: z.string().nullable(),
  confidence: z.number(),
  at: z.string(),
});

/** The `watchState` query of a `domainWatch` (the domain's WatchState and its run count). */
const DomainWatchState = z.object({
  current: Placement.extend({ since: z.string() }),
  pending: z.object({ placement: Placement, count: z.number(), firstSeenAt: z.string() }).nullable().optional(),
  chain: z.array(Change),
  observations: z.number(),
  unknownObservations: z.number(),
});

const DnsAnswer = z.object({ status: z.string(), records: z.array(z.unknown()).optional() });

/** An `observeDomain` result as recorded in the watch's history: the observation summary and the verdict. */
const ObservationResult = z.object({
  observation: z.object({
    observedAt: z.string(),
    ns: DnsAnswer,
    soaPrimary: z.string().nullable().optional(),
    a: DnsAnswer,
    aaaa: DnsAnswer,
    cnameChain: z.array(z.string()),
    http: z.array(
      z.object({
        scheme: z.string(),
        status: z.string(),
        statusCode: z.number().optional(),
        server: z.string().optional(),
        cookieNames: z.array(z.string()).optional(),
        detail: z.string().optional(),
      }),
    ),
  }),
  verdict: z.object({
    state: z.string(),
    provider: z.string().nullable(),
    providerName: z.string().optional(),
    confidence: z.number(),
    reason: z.string(),
    databaseVersion: z.string(),
    evidence: z.array(
      z.object({
        provider: z.string(),
        role: z.string(),
        signal: z.string(),
        observed: z.string(),
        matched: z.string(),
        generic: z.boolean(),
        sources: z.array(z.string()).optional(),
      }),
    ),
  }),
});

const answerText = (a: z.infer<typeof DnsAnswer>): string =>
  a.status === 'ok' ? (a.records ?? []).map(String).join(', ') : a.status;

/** An observation result as the console's verdict, or undefined when it is not one (another activity's result). */
export function verdictOfObservation(result: unknown): WatchVerdict | undefined {
  const parsed = ObservationResult.safeParse(result);
  if (!parsed.success) return undefined;
  const { observation: o, verdict: v } = parsed.data;
  const seen = [
    { label: 'nameservers', value: answerText(o.ns) },
    ...(o.soaPrimary ? [{ label: 'SOA primary', value: o.soaPrimary }] : []),
    { label: 'IPv4 addresses', value: answerText(o.a) },
    { label: 'IPv6 addresses', value: answerText(o.aaaa) },
    ...(o.cnameChain.length ? [{ label: 'CNAME chain', value: o.cnameChain.join(' -> ') }] : []),
    ...o.http.map((h) => ({
      label: h.scheme.toUpperCase(),
      value:
        h.status === 'ok'
          ? `${h.statusCode ?? ''}${h.server ? `, server: ${h.server}` : ''}${h.cookieNames?.length ? `, cookies: ${h.cookieNames.join(' ')}` : ''}`
          : `${h.status}${h.detail ? ` (${h.detail})` : ''}`,
    })),
  ];
  return {
    observedAt: o.observedAt,
    state: v.state,
    provider: v.provider,
    ...(v.providerName ? { providerName: v.providerName } : {}),
    confidence: v.confidence,
    reason: v.reason,
    databaseVersion: v.databaseVersion,
    evidence: v.evidence.map((e) => ({ ...e, sources: e.sources ?? [] })),
    seen,
  };
}

/** The key a placement and a verdict share when they say the same (`ours`, `dark` or the provider id). */
const keyOf = (state: string, provider: string | null): string =>
  state === 'elsewhere' ? (provider ?? 'unknown') : state;

/**
 * The verdict that confirmed a change: the newest observation at or before the change that says what the change
 * says (the watch confirms a change on the observation completing a consistent run, and stamps it just after).
 */
export function confirmingVerdict(
  change: { state: string; at: string },
  verdicts: readonly WatchVerdict[],
): WatchVerdict | undefined {
  const at = Date.parse(change.at);
  let best: WatchVerdict | undefined;
  for (const v of verdicts) {
    if (keyOf(v.state, v.provider) !== change.state || Date.parse(v.observedAt) > at) continue;
    if (!best || Date.parse(v.observedAt) > Date.parse(best.observedAt)) best = v;
  }
  return best;
}

/**
 * Today's shape: a `domainWatch`'s `watchState` query answer and the observation results read from its history
 * (any order; results of other activities are ignored). Each confirmed change gets the verdict that confirmed it.
 */
export function fromDomainWatch(
  domain: string,
  workflowId: string,
  queried: unknown,
  results: readonly unknown[],
): DomainWatchReport {
  const verdicts = results.map(verdictOfObservation).filter((v): v is WatchVerdict => v !== undefined);
  const latest = verdicts.reduce<WatchVerdict | undefined>(
    (a, v) => (!a || Date.parse(v.observedAt) >= Date.parse(a.observedAt) ? v : a),
    undefined,
  );
  const state = DomainWatchState.safeParse(queried);
  if (!state.success) {
    return {
      domain,
      workflowId,
      history: [],
      ...(latest ? { latest } : {}),
      problem: 'the watch answered in a shape the console does not know',
    };
  }
  const s = state.data;
  return {
    domain,
    workflowId,
    current: { state: s.current.state, provider: s.current.provider, since: s.current.since },
    observations: s.observations,
    unknownObservations: s.unknownObservations,
    ...(s.pending
      ? {
          pending: {
            state: s.pending.placement.state,
            provider: s.pending.placement.provider,
            count: s.pending.count,
            since: s.pending.firstSeenAt,
          },
        }
      : {}),
    history: s.chain.map((c) => {
      const verdict = confirmingVerdict(c, verdicts);
      return { ...c, ...(verdict ? { verdict } : {}) };
    }),
    ...(latest ? { latest } : {}),
  };
}

/**
 * A page of provider history as the group watch keeps it (`watch_history`, one row per confirmed change, any domain
 * of the case). A row may carry the observation and verdict it was confirmed on, in the `observeDomain` form.
 */
const HistoryPage = z.object({
  entries: z.array(
    Change.extend({
      domain: z.string(),
      verdict: z.unknown().optional(),
      observation: z.unknown().optional(),
    }),
  ),
  nextCursor: z.string().optional(),
});

/**
 * The group watch's shape: one domain's confirmed changes from a history page (entries of other domains ignored),
 * with the verdict behind each where the row stored one. Undefined when the page is not one or has no entry for it.
 */
export function fromHistoryPage(domain: string, workflowId: string, page: unknown): DomainWatchReport | undefined {
  const parsed = HistoryPage.safeParse(page);
  if (!parsed.success) return undefined;
  const history = parsed.data.entries
    .filter((e) => e.domain === domain)
    .map(({ verdict, observation, domain: _domain, ...change }) => {
      const v = verdict && observation ? verdictOfObservation({ verdict, observation }) : undefined;
      return { ...change, ...(v ? { verdict: v } : {}) };
    });
  const last = history.at(-1);
  if (!last) return undefined;
  return {
    domain,
    workflowId,
    current: { state: last.state, provider: last.provider, since: last.at },
    history,
    ...(last.verdict ? { latest: last.verdict } : {}),
    ...(parsed.data.nextCursor ? { problem: 'more changes are recorded than shown here' } : {}),
  };
}

/** One domain of a group watch's `watchGroupPage` query: where it is now, what is being confirmed. */
const GroupEntry = z.object({
  domain: z.string(),
  current: z.string(),
  since: z.string(),
  pending: z.object({ state: z.string(), count: z.number() }).nullable(),
  changes: z.number(),
});

/** A placement key of the group watch (`ours`, `dark` or a provider id) as state and provider. */
const placementOfKey = (key: string): { state: string; provider: string | null } =>
  key === 'ours' || key === 'dark'
    ? { state: key, provider: key === 'ours' ? 'ours' : null }
    : { state: key, provider: key };

/**
 * The group watch's shape: the domain's entry of the group's page query (where it is now) and its history rows.
 * The group keeps which provider and how sure, not the signals behind a verdict: the report says so.
 */
export function fromGroupWatch(
  domain: string,
  workflowId: string,
  entry: unknown,
  page: unknown,
): DomainWatchReport | undefined {
  const parsed = GroupEntry.safeParse(entry);
  const fromRows = fromHistoryPage(domain, workflowId, page);
  if (!parsed.success) return fromRows;
  const e = parsed.data;
  return {
    domain,
    workflowId,
    current: { ...placementOfKey(e.current), since: e.since },
    ...(e.pending ? { pending: { ...placementOfKey(e.pending.state), count: e.pending.count, since: e.since } } : {}),
    history: fromRows?.history ?? [],
    ...(fromRows?.latest ? { latest: fromRows.latest } : {}),
    ...(fromRows?.history.some((h) => h.verdict)
      ? {}
      : { note: 'This watch (a group watch) records each change and its confidence, not the signals behind it.' }),
    ...(fromRows?.problem ? { problem: fromRows.problem } : {}),
  };
}

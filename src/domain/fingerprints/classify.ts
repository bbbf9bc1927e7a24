import { type CompiledFingerprints, OURS_PROVIDER_ID } from './compile';
import { collectEvidence, publicAddresses } from './evidence';
import type { Observation } from './observation';
import type { Evidence, ProviderRole, RoleAttribution, Verdict } from './types';

/** A runner-up within this fraction of the best score makes the attribution ambiguous. */
const AMBIGUITY_RATIO = 0.85;
/** When only the DNS host is known, the site's server is not: the verdict says so with less confidence. */
const DNS_ONLY_FACTOR = 0.75;

const round = (n: number): number => Math.round(n * 1000) / 1000;

/**
 * Scores providers for one role. Within a signal kind only the strongest match counts (ten addresses in one
 * range are one fact); kinds combine as independent witnesses (1 - product of misses). A provider whose only
 * evidence is generic never gets a score: `Via: 1.1 varnish` alone identifies nobody.
 */
export function attribute(evidence: Evidence[], role: ProviderRole): RoleAttribution | undefined {
  const byProvider = new Map<string, Evidence[]>();
  for (const e of evidence.filter((x) => x.role === role)) {
    byProvider.set(e.provider, [...(byProvider.get(e.provider) ?? []), e]);
  }
  const scored: { provider: string; score: number }[] = [];
  for (const [provider, items] of byProvider) {
    if (items.every((e) => e.generic)) continue;
    const strongest = new Map<string, number>();
    for (const e of items) {
      const kind = e.generic ? 'generic' : e.signal;
      strongest.set(kind, Math.max(strongest.get(kind) ?? 0, e.weight));
    }
    const miss = [...strongest.values()].reduce((acc, w) => acc * (1 - w), 1);
    scored.push({ provider, score: round(1 - miss) });
  }
  scored.sort((x, y) => y.score - x.score || x.provider.localeCompare(y.provider));
  const [top, ...rest] = scored;
  if (!top) return undefined;
  const close = rest.filter((r) => r.score >= top.score * AMBIGUITY_RATIO);
  return { provider: top.provider, score: top.score, ambiguousWith: close.map((r) => r.provider) };
}

type Reachability = { kind: 'served' } | { kind: 'dark'; why: string } | { kind: 'unknown'; why: string };

/** Whether the observation shows a site visitors can reach, shows none (a fact), or cannot tell. */
export function reachability(obs: Observation): Reachability {
  if (obs.ns.status === 'nxdomain' || obs.a.status === 'nxdomain' || obs.aaaa.status === 'nxdomain') {
    return { kind: 'dark', why: 'the name does not exist (NXDOMAIN)' };
  }
  if (publicAddresses(obs).length === 0) {
    const factual = [obs.a, obs.aaaa].every((x) => x.status === 'nodata' || x.status === 'ok');
    if (!factual) return { kind: 'unknown', why: 'address lookups failed (SERVFAIL, timeout or refusal)' };
    const hasPrivate = [obs.a, obs.aaaa].some((x) => x.status === 'ok' && x.records.length > 0);
    return {
      kind: 'dark',
      why: hasPrivate ? 'the name points only to non-public addresses' : 'the name has no address',
    };
  }
  if (obs.http.length === 0) return { kind: 'served' };
  if (obs.http.some((h) => h.status === 'ok')) return { kind: 'served' };
  if (obs.http.every((h) => h.status === 'refused')) return { kind: 'dark', why: 'nothing listens on HTTP(S)' };
  return { kind: 'unknown', why: 'HTTP(S) probes got no answer' };
}

/**
 * Combines an observation's signals into a verdict: who answers DNS, who fronts or hosts the site, how sure,
 * and why. `ours` wins whenever our edge still plays any role (the revocation is then not complete).
 */
export function classify(obs: Observation, db: CompiledFingerprints): Verdict {
  const evidence = collectEvidence(obs, db);
  const roles: Verdict['roles'] = {};
  for (const role of ['dns', 'proxy_cdn', 'hosting'] as const) {
    const a = attribute(evidence, role);
    if (a) roles[role] = a;
  }
  const base = { roles, evidence, databaseVersion: db.version };
  const reach = reachability(obs);
  const dnsNote = roles.dns ? ` (DNS at ${roles.dns.provider})` : '';
  if (reach.kind === 'unknown') {
    return {
      ...base,
      state: 'unknown',
      provider: null,
      role: null,
      confidence: 0,
      ambiguous: false,
      reason: reach.why,
    };
  }
  if (reach.kind === 'dark') {
    return {
      ...base,
      state: 'dark',
      provider: null,
      role: null,
      confidence: 1,
      ambiguous: false,
      reason: `${reach.why}${dnsNote}`,
    };
  }
  const oursRole = (['proxy_cdn', 'hosting', 'dns'] as const).find((r) => roles[r]?.provider === OURS_PROVIDER_ID);
  const role = oursRole ?? (roles.proxy_cdn ? 'proxy_cdn' : roles.hosting ? 'hosting' : roles.dns ? 'dns' : null);
  const pick = role ? roles[role] : undefined;
  if (!role || !pick) {
    return {
      ...base,
      state: 'elsewhere',
      provider: 'unknown',
      role: null,
      confidence: 0,
      ambiguous: false,
      reason: 'served, but no known provider matched',
    };
  }
  const runnerUp =
    pick.ambiguousWith.length > 0 ? Math.max(...pick.ambiguousWith.map((p) => scoreOf(evidence, role, p))) : 0;
  const dnsOnly = role === 'dns' ? DNS_ONLY_FACTOR : 1;
  const confidence = round(pick.score * (1 - runnerUp / 2) * dnsOnly);
  const ambiguous = pick.ambiguousWith.length > 0;
  const state = pick.provider === OURS_PROVIDER_ID ? 'ours' : 'elsewhere';
  const what = role === 'dns' ? 'served; only its DNS host is identified' : `served by ${pick.provider} (${role})`;
  const alt = ambiguous ? `; could also be ${pick.ambiguousWith.join(', ')}` : '';
  return {
    ...base,
    state,
    provider: pick.provider,
    role,
    confidence,
    ambiguous,
    reason: `${what}${role === 'dns' ? '' : dnsNote}${alt}`,
  };
}

function scoreOf(evidence: Evidence[], role: ProviderRole, provider: string): number {
  return (
    attribute(
      evidence.filter((e) => e.provider === provider),
      role,
    )?.score ?? 0
  );
}

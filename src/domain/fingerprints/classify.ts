import { type CompiledFingerprints, OURS_PROVIDER_ID } from './compile';
import { collectEvidence, SIGNAL_WEIGHTS, type Signals, signalsOf } from './evidence';
import type { Observation } from './observation';
import type { Evidence, ProviderRole, RoleAttribution, Verdict } from './types';

/** A runner-up within this fraction of the best score makes the attribution ambiguous. */
const AMBIGUITY_RATIO = 0.85;
/** When only the DNS host is known, the site's server is not: the verdict says so with less confidence. */
const DNS_ONLY_FACTOR = 0.75;
/** Edge signals that can break a tie between providers listing the same address. */
const INDEPENDENT: ReadonlySet<Evidence['signal']> = new Set(['cname', 'header', 'cookie', 'ip', 'asn']);

const round = (n: number): number => Math.round(n * 1000) / 1000;
const decides = (e: Evidence): boolean => !e.generic;

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
    if (!items.some(decides)) continue;
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

/**
 * Settles addresses listed equally by several providers where other evidence can: when exactly one of them has
 * an edge signal of its own (a CNAME, a header, another address), its rivals' contested claims become context.
 * Otherwise the contest stays, and the verdict reports it as ambiguous.
 */
export function settleContests(evidence: Evidence[]): Evidence[] {
  const independent = new Set(
    evidence.filter((e) => decides(e) && !e.contestedWith && INDEPENDENT.has(e.signal)).map((e) => e.provider),
  );
  return evidence.map((e) => {
    if (!e.contestedWith) return e;
    const group = [e.provider, ...e.contestedWith];
    const backed = group.filter((p) => independent.has(p));
    if (backed.length !== 1) return e;
    const [winner] = backed;
    const { contestedWith: _rivals, ...rest } = e;
    if (winner === e.provider)
      return { ...rest, note: `also listed by ${e.contestedWith.join(', ')}; other evidence names ${winner}` };
    return {
      ...rest,
      generic: true,
      weight: SIGNAL_WEIGHTS.generic_header,
      note: `also listed by ${group.filter((p) => p !== e.provider).join(', ')}; other evidence names ${winner}`,
    };
  });
}

/** Who the signals name, independent of whether the site is reachable: what `terminus classify` prints. */
export interface Identification {
  /** The provider of the front-most role identified; null when none. */
  provider: string | null;
  role: ProviderRole | null;
  confidence: number;
  ambiguous: boolean;
  /** When ambiguous: every provider it could be, `provider` first. */
  candidates: string[];
  roles: Partial<Record<ProviderRole, RoleAttribution>>;
  evidence: Evidence[];
  /** Why, in one line. */
  reason: string;
}

/**
 * Combines signals into an identification: who answers DNS, who fronts or hosts the site, how sure, and why.
 * `ours` wins whenever our edge still plays any role (the revocation is then not complete). The same function
 * serves the watch (through {@link classify}) and offline bulk classification.
 */
export function identify(signals: Signals, db: CompiledFingerprints): Identification {
  const evidence = settleContests(collectEvidence(signals, db));
  const roles: Identification['roles'] = {};
  for (const role of ['dns', 'proxy_cdn', 'hosting'] as const) {
    const a = attribute(evidence, role);
    if (a) roles[role] = a;
  }
  const dnsNote = roles.dns ? ` (DNS at ${roles.dns.provider})` : '';
  const oursRole = (['proxy_cdn', 'hosting', 'dns'] as const).find((r) => roles[r]?.provider === OURS_PROVIDER_ID);
  const role = oursRole ?? (roles.proxy_cdn ? 'proxy_cdn' : roles.hosting ? 'hosting' : roles.dns ? 'dns' : null);
  const pick = role ? roles[role] : undefined;
  if (!role || !pick) {
    return {
      provider: null,
      role: null,
      confidence: 0,
      ambiguous: false,
      candidates: [],
      roles,
      evidence,
      reason: 'no known provider matched',
    };
  }
  const decisive = evidence.filter((e) => e.provider === pick.provider && e.role === role && decides(e));
  const contested = decisive.every((e) => e.contestedWith)
    ? [...new Set(decisive.flatMap((e) => e.contestedWith ?? []))]
    : [];
  const candidates = [...new Set([pick.provider, ...pick.ambiguousWith, ...contested])];
  const runnerUp =
    pick.ambiguousWith.length > 0 ? Math.max(...pick.ambiguousWith.map((p) => scoreOf(evidence, role, p))) : 0;
  const dnsOnly = role === 'dns' ? DNS_ONLY_FACTOR : 1;
  const contestFactor = contested.length > 0 ? 0.5 : 1;
  const confidence = round(pick.score * (1 - runnerUp / 2) * dnsOnly * contestFactor);
  const what = role === 'dns' ? 'only its DNS host is identified' : `served by ${pick.provider} (${role})`;
  const alt = pick.ambiguousWith.length > 0 ? `; could also be ${pick.ambiguousWith.join(', ')}` : '';
  const tie =
    contested.length > 0
      ? `; ${decisive[0]?.observed} is listed as precisely by ${candidates.join(' and ')} and nothing else tells them apart`
      : '';
  return {
    provider: pick.provider,
    role,
    confidence,
    ambiguous: candidates.length > 1,
    candidates: candidates.length > 1 ? candidates : [],
    roles,
    evidence,
    reason: `${what}${role === 'dns' ? '' : dnsNote}${alt}${tie}`,
  };
}

type Reachability = { kind: 'served' } | { kind: 'dark'; why: string } | { kind: 'unknown'; why: string };

/** Whether the observation shows a site visitors can reach, shows none (a fact), or cannot tell. */
export function reachability(obs: Observation): Reachability {
  if (obs.ns.status === 'nxdomain' || obs.a.status === 'nxdomain' || obs.aaaa.status === 'nxdomain') {
    return { kind: 'dark', why: 'the name does not exist (NXDOMAIN)' };
  }
  const addresses = signalsOf(obs).addresses;
  if (addresses.length === 0) {
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
 * The watch's verdict on one observation: whether the site is served at all (facts only), and if so who serves
 * it, from {@link identify}.
 */
export function classify(obs: Observation, db: CompiledFingerprints): Verdict {
  const found = identify(signalsOf(obs), db);
  const base = { roles: found.roles, evidence: found.evidence, databaseVersion: db.version };
  const reach = reachability(obs);
  const dnsNote = found.roles.dns ? ` (DNS at ${found.roles.dns.provider})` : '';
  const none = { provider: null, role: null, ambiguous: false } as const;
  if (reach.kind === 'unknown') return { ...base, ...none, state: 'unknown', confidence: 0, reason: reach.why };
  if (reach.kind === 'dark')
    return { ...base, ...none, state: 'dark', confidence: 1, reason: `${reach.why}${dnsNote}` };
  if (!found.provider || !found.role) {
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
  const name = db.byId.get(found.provider)?.fingerprint.name;
  return {
    ...base,
    state: found.provider === OURS_PROVIDER_ID ? 'ours' : 'elsewhere',
    provider: found.provider,
    ...(name ? { providerName: name } : {}),
    role: found.role,
    confidence: found.confidence,
    ambiguous: found.ambiguous,
    ...(found.ambiguous ? { candidates: found.candidates } : {}),
    reason: found.role === 'dns' ? `served; ${found.reason}` : found.reason,
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

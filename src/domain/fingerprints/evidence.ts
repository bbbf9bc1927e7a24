import { type CompiledFingerprints, normalizeHost } from './compile';
import { isNonPublicAddress, parseIp } from './ip';
import { type IpClaim, lookupIp } from './ip-index';
import type { Observation } from './observation';
import type { Evidence, SignalKind } from './types';

/**
 * How much one matching signal weighs. Delegation (NS) and CNAME targets are set deliberately by the customer
 * and are near-certain; published address ranges and the routing network are strong; vendor headers and cookies
 * are good but can be forwarded from an origin behind another proxy; generic headers, and address ranges another
 * provider lists more specifically, only ever corroborate.
 */
export const SIGNAL_WEIGHTS: Record<SignalKind | 'generic_header', number> = {
  nameserver: 0.9,
  cname: 0.9,
  ip: 0.8,
  asn: 0.8,
  header: 0.7,
  cookie: 0.6,
  soa: 0.5,
  generic_header: 0.2,
};

/** The signals one look at a domain (or one line of bulk data) offers, whatever produced them. */
export interface Signals {
  nameservers: string[];
  soaPrimaries: string[];
  /** CNAME targets (never the queried name itself). */
  cnames: string[];
  /** Public addresses. */
  addresses: string[];
  asns: number[];
  responses: { headers: Record<string, string>; cookieNames: string[] }[];
}

/** The public addresses an observation resolved to (A and AAAA answers, non-public ones left out). */
export function publicAddresses(obs: Observation): string[] {
  const all = [obs.a, obs.aaaa].flatMap((answer) => (answer.status === 'ok' ? answer.records : []));
  return all.filter((addr) => !isNonPublicAddress(addr));
}

/** The signals of a probe's observation. */
export function signalsOf(obs: Observation): Signals {
  return {
    nameservers: obs.ns.status === 'ok' ? obs.ns.records : [],
    soaPrimaries: obs.soa.status === 'ok' ? obs.soa.records.map((r) => r.mname) : [],
    cnames: obs.cnameChain.filter((name) => normalizeHost(name) !== normalizeHost(obs.domain)),
    addresses: publicAddresses(obs),
    asns: [],
    responses: obs.http.flatMap((h) => (h.status === 'ok' ? [{ headers: h.headers, cookieNames: h.cookieNames }] : [])),
  };
}

const weightOf = (signal: SignalKind): number => SIGNAL_WEIGHTS[signal];

/**
 * The evidence one address gives. The most specific range wins, as in routing: a CDN's /32 inside a cloud's /12
 * is the CDN's node, and the cloud's claim is kept as context (it never decides alone). A service of a provider
 * (CloudFront of AWS) beats its parent on an equal claim. Unrelated providers listing the address equally
 * specifically are both kept, each marked as contested by the other: the verdict then says so instead of guessing.
 */
export function ipEvidence(text: string, claims: IpClaim[], db: CompiledFingerprints): Evidence[] {
  const best = new Map<string, IpClaim>();
  for (const c of claims) best.set(c.provider, c);
  const all = [...best.values()];
  const top = Math.max(...all.map((c) => c.prefix));
  let winners = all.filter((c) => c.prefix === top);
  const parents = new Set(winners.map((c) => db.byId.get(c.provider)?.fingerprint.partOf));
  const services = winners.filter((c) => !parents.has(c.provider));
  const overruled = winners.filter((c) => parents.has(c.provider));
  winners = services;
  const evidence = (c: IpClaim, extra: Partial<Evidence>): Evidence => ({
    provider: c.provider,
    role: db.byId.get(c.provider)?.edgeRole ?? 'hosting',
    signal: 'ip',
    observed: text,
    matched: c.cidr,
    weight: weightOf('ip'),
    generic: false,
    sources: c.sources,
    ...extra,
  });
  const lead = winners.map((w) => `${w.cidr} (${w.provider})`).join(', ');
  const out = winners.map((c) => {
    const others = winners.filter((o) => o.provider !== c.provider).map((o) => o.provider);
    return evidence(c, others.length > 0 ? { contestedWith: others } : {});
  });
  for (const c of all) {
    if (winners.includes(c)) continue;
    const note = overruled.includes(c)
      ? `equal claim of the parent of ${lead}`
      : `less specific than ${lead}: the address is in this provider's range, another lists it more precisely`;
    out.push(evidence(c, { generic: true, weight: SIGNAL_WEIGHTS.generic_header, note }));
  }
  return out;
}

/** The providers a name's longest listed suffix belongs to (`a.b.cloudfront.net` -> `cloudfront.net`). */
function cnameEvidence(name: string, db: CompiledFingerprints): Evidence[] {
  const host = normalizeHost(name);
  for (let at = 0; at >= 0; at = host.indexOf('.', at + 1)) {
    const suffix = at === 0 ? host : host.slice(at + 1);
    const owners = db.cnameSuffixes.get(suffix);
    if (!owners) continue;
    return owners.map((o) => ({
      provider: o.provider,
      role: db.byId.get(o.provider)?.edgeRole ?? 'hosting',
      signal: 'cname' as const,
      observed: host,
      matched: suffix,
      weight: weightOf('cname'),
      generic: false,
      sources: o.sources,
    }));
  }
  return [];
}

/** Every signature in the database that the signals match, one entry per (provider, signal, value). */
export function collectEvidence(signals: Signals, db: CompiledFingerprints): Evidence[] {
  const found = new Map<string, Evidence>();
  const add = (e: Evidence): void => {
    const key = `${e.provider}|${e.signal}|${e.observed}|${e.matched}`;
    if (!found.has(key)) found.set(key, e);
  };
  const nameservers = signals.nameservers.map(normalizeHost);
  const soaPrimaries = signals.soaPrimaries.map(normalizeHost);
  for (const p of db.providers) {
    const id = p.fingerprint.id;
    for (const ns of p.nameservers) {
      for (const [hosts, signal] of [
        [nameservers, 'nameserver'],
        [soaPrimaries, 'soa'],
      ] as const) {
        for (const host of hosts.filter((h) => ns.re.test(h)))
          add({
            provider: id,
            role: 'dns',
            signal,
            observed: host,
            matched: ns.glob,
            weight: weightOf(signal),
            generic: false,
            sources: ns.sources,
          });
      }
    }
    for (const response of signals.responses) {
      for (const c of p.cookies) {
        for (const name of response.cookieNames.filter((n) => c.re.test(n)))
          add({
            provider: id,
            role: p.edgeRole,
            signal: 'cookie',
            observed: name,
            matched: c.glob,
            weight: weightOf('cookie'),
            generic: false,
            sources: c.sources,
          });
      }
    }
  }
  for (const name of signals.cnames) cnameEvidence(name, db).forEach(add);
  for (const text of signals.addresses) {
    const ip = parseIp(text.trim());
    const claims = ip === null ? [] : lookupIp(db.ipIndex, ip);
    if (claims.length > 0) ipEvidence(text.trim(), claims, db).forEach(add);
  }
  for (const asn of signals.asns) {
    for (const o of db.asns.get(asn) ?? [])
      add({
        provider: o.provider,
        role: db.byId.get(o.provider)?.edgeRole ?? 'hosting',
        signal: 'asn',
        observed: `AS${asn}`,
        matched: `AS${asn}`,
        weight: weightOf('asn'),
        generic: false,
        sources: o.sources,
      });
  }
  for (const response of signals.responses) {
    for (const [rawName, value] of Object.entries(response.headers)) {
      for (const { provider, index } of db.headers.get(rawName.toLowerCase()) ?? []) {
        const h = provider.headers[index];
        if (!h || (h.re !== null && !h.re.test(value))) continue;
        const generic = h.signature.generic === true;
        add({
          provider: provider.fingerprint.id,
          role: provider.edgeRole,
          signal: 'header',
          observed: `${h.signature.name}: ${value}`,
          matched: h.text,
          weight: generic ? SIGNAL_WEIGHTS.generic_header : weightOf('header'),
          generic,
          sources: h.sources,
        });
      }
    }
  }
  return [...found.values()];
}

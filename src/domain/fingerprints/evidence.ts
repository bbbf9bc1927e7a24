import { type CompiledFingerprints, normalizeHost } from './compile';
import { cidrContains, isNonPublicAddress, parseIp } from './ip';
import type { Observation } from './observation';
import type { Evidence, SignalKind } from './types';

/**
 * How much one matching signal weighs. Delegation (NS) and CNAME targets are set deliberately by the customer
 * and are near-certain; published address ranges are strong; vendor headers and cookies are good but can be
 * forwarded from an origin behind another proxy; generic headers only ever corroborate.
 */
export const SIGNAL_WEIGHTS: Record<SignalKind | 'generic_header', number> = {
  nameserver: 0.9,
  cname: 0.9,
  ip: 0.8,
  header: 0.7,
  cookie: 0.6,
  soa: 0.5,
  generic_header: 0.2,
};

/** The public addresses an observation resolved to (A and AAAA answers, non-public ones left out). */
export function publicAddresses(obs: Observation): string[] {
  const all = [obs.a, obs.aaaa].flatMap((answer) => (answer.status === 'ok' ? answer.records : []));
  return all.filter((addr) => !isNonPublicAddress(addr));
}

/** Every signature in the database that the observation matches, one entry per (provider, signal, value). */
export function collectEvidence(obs: Observation, db: CompiledFingerprints): Evidence[] {
  const found = new Map<string, Evidence>();
  const add = (e: Evidence): void => {
    const key = `${e.provider}|${e.signal}|${e.observed}|${e.matched}`;
    if (!found.has(key)) found.set(key, e);
  };
  const nameservers = obs.ns.status === 'ok' ? obs.ns.records.map(normalizeHost) : [];
  const soaPrimary = obs.soa.status === 'ok' ? obs.soa.records.map((r) => normalizeHost(r.mname)) : [];
  const chain = obs.cnameChain.map(normalizeHost).filter((name) => name !== normalizeHost(obs.domain));
  const addresses = publicAddresses(obs)
    .map((text) => ({ text, ip: parseIp(text) }))
    .filter((x) => x.ip !== null);
  const answered = obs.http.flatMap((h) => (h.status === 'ok' ? [h] : []));

  for (const p of db.providers) {
    const id = p.fingerprint.id;
    for (const ns of p.nameservers) {
      for (const host of nameservers.filter((h) => ns.re.test(h))) {
        add({
          provider: id,
          role: 'dns',
          signal: 'nameserver',
          observed: host,
          matched: ns.glob,
          weight: SIGNAL_WEIGHTS.nameserver,
          generic: false,
        });
      }
      for (const host of soaPrimary.filter((h) => ns.re.test(h))) {
        add({
          provider: id,
          role: 'dns',
          signal: 'soa',
          observed: host,
          matched: ns.glob,
          weight: SIGNAL_WEIGHTS.soa,
          generic: false,
        });
      }
    }
    for (const suffix of p.cnameSuffixes) {
      for (const name of chain.filter((n) => n === suffix || n.endsWith(`.${suffix}`))) {
        add({
          provider: id,
          role: p.edgeRole,
          signal: 'cname',
          observed: name,
          matched: suffix,
          weight: SIGNAL_WEIGHTS.cname,
          generic: false,
        });
      }
    }
    for (const { text, ip } of addresses) {
      const cidr = p.cidrs.find((c) => ip !== null && cidrContains(c, ip));
      if (cidr)
        add({
          provider: id,
          role: p.edgeRole,
          signal: 'ip',
          observed: text,
          matched: cidr.text,
          weight: SIGNAL_WEIGHTS.ip,
          generic: false,
        });
    }
    for (const response of answered) {
      for (const h of p.headers) {
        const value = response.headers[h.signature.name];
        if (value === undefined || (h.re !== null && !h.re.test(value))) continue;
        const generic = h.signature.generic === true;
        const weight = generic ? SIGNAL_WEIGHTS.generic_header : SIGNAL_WEIGHTS.header;
        add({
          provider: id,
          role: p.edgeRole,
          signal: 'header',
          observed: `${h.signature.name}: ${value}`,
          matched: h.text,
          weight,
          generic,
        });
      }
      for (const c of p.cookies) {
        for (const name of response.cookieNames.filter((n) => c.re.test(n))) {
          add({
            provider: id,
            role: p.edgeRole,
            signal: 'cookie',
            observed: name,
            matched: c.glob,
            weight: SIGNAL_WEIGHTS.cookie,
            generic: false,
          });
        }
      }
    }
  }
  return [...found.values()];
}

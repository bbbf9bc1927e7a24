import type { Answer, RecordType } from 'dns-packet';
import type { DnsAnswer, SoaRecord } from '../../domain/fingerprints/observation';
import type { DnsClient, DnsQueryResult } from './dns-client';

/**
 * Turns DNS responses into the observation's facts and unknowns. NXDOMAIN and NODATA (NOERROR, nothing of the
 * type, from a server that answers for the name) are facts; SERVFAIL, REFUSED, timeouts, socket errors and
 * bare referrals (a non-recursive server pointing elsewhere) are unknown.
 */

/** At most this many CNAME hops are followed (loops and absurd chains end as unknown). */
const MAX_CNAME_HOPS = 8;

const lower = (name: string): string => name.toLowerCase().replace(/\.$/, '');

function unknownOf(result: DnsQueryResult): DnsAnswer<never> | null {
  if (result.kind === 'unknown') return { status: 'unknown', reason: result.reason, detail: result.detail };
  switch (result.rcode) {
    case 'NOERROR':
    case 'NXDOMAIN':
      return null;
    case 'SERVFAIL':
      return { status: 'unknown', reason: 'servfail' };
    case 'REFUSED':
      return { status: 'unknown', reason: 'refused' };
    default:
      return { status: 'unknown', reason: 'error', detail: `response code ${result.rcode}` };
  }
}

function isReferral(result: Extract<DnsQueryResult, { kind: 'response' }>): boolean {
  return !result.authoritative && result.answers.length === 0 && result.authorities.some((a) => a.type === 'NS');
}

function dataOf(answer: Answer): unknown {
  return (answer as { data?: unknown }).data;
}

/** Resolves `name`/`type`, following CNAMEs (also across responses); returns the answer and the chain seen. */
export async function resolveWithChain(
  client: DnsClient,
  name: string,
  type: RecordType,
): Promise<{ answer: DnsAnswer<unknown>; chain: string[] }> {
  const chain: string[] = [];
  let current = lower(name);
  for (let hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
    const result = await client.query(current, type);
    const failed = unknownOf(result);
    if (failed) return { answer: failed, chain };
    if (result.kind !== 'response') return { answer: { status: 'unknown', reason: 'error' }, chain };
    // Walk the CNAMEs in this response from the current name.
    const before = chain.length;
    for (let i = 0; i < MAX_CNAME_HOPS; i++) {
      const cname = result.answers.find((a) => a.type === 'CNAME' && lower(a.name) === current);
      if (!cname || type === 'CNAME') break;
      const target = lower(String(dataOf(cname)));
      if (chain.includes(target) || target === lower(name))
        return { answer: { status: 'unknown', reason: 'error', detail: 'CNAME loop' }, chain };
      chain.push(target);
      current = target;
    }
    const records = result.answers.filter((a) => a.type === type && lower(a.name) === current).map(dataOf);
    if (records.length > 0) return { answer: { status: 'ok', records }, chain };
    if (result.rcode === 'NXDOMAIN') return { answer: { status: 'nxdomain' }, chain };
    if (isReferral(result))
      return { answer: { status: 'unknown', reason: 'error', detail: 'referral from a non-recursive server' }, chain };
    // The chain advanced but the server said nothing about its end (not chased): ask for the target itself.
    if (chain.length > before && !result.answers.some((a) => lower(a.name) === current)) continue;
    return { answer: { status: 'nodata' }, chain };
  }
  return { answer: { status: 'unknown', reason: 'error', detail: 'CNAME chain too long' }, chain };
}

/** The DNS half of an observation. */
export interface DnsObservation {
  ns: DnsAnswer<string>;
  soa: DnsAnswer<SoaRecord>;
  a: DnsAnswer<string>;
  aaaa: DnsAnswer<string>;
  cnameChain: string[];
}

function mapAnswer<T>(answer: DnsAnswer<unknown>, map: (r: unknown) => T): DnsAnswer<T> {
  return answer.status === 'ok' ? { status: 'ok', records: answer.records.map(map) } : answer;
}

/** Asks NS, SOA, A and AAAA in parallel; every question has the client's timeout. */
export async function probeDns(client: DnsClient, domain: string): Promise<DnsObservation> {
  const [ns, soa, a, aaaa] = await Promise.all([
    resolveWithChain(client, domain, 'NS'),
    resolveWithChain(client, domain, 'SOA'),
    resolveWithChain(client, domain, 'A'),
    resolveWithChain(client, domain, 'AAAA'),
  ]);
  const toSoa = (r: unknown): SoaRecord => {
    const soaData = r as { mname?: string; rname?: string; serial?: number };
    return { mname: lower(soaData.mname ?? ''), rname: lower(soaData.rname ?? ''), serial: soaData.serial ?? 0 };
  };
  return {
    // NS and SOA of a name with a CNAME belong to the target's zone: they say nothing about this name.
    ns: ns.chain.length > 0 ? { status: 'nodata' } : mapAnswer(ns.answer, (r) => lower(String(r))),
    soa: soa.chain.length > 0 ? { status: 'nodata' } : mapAnswer(soa.answer, toSoa),
    a: mapAnswer(a.answer, String),
    aaaa: mapAnswer(aaaa.answer, String),
    cnameChain: a.chain.length > 0 ? a.chain : aaaa.chain,
  };
}

import type { Answer, DecodedPacket, Packet, RecordType } from 'dns-packet';
import { canonicalProviderName, isStrictlyBelow, selfAndAncestors } from '../../domain/footprint/domain-name';
import type { RRset } from '../edge/provider';
import { toAnswer } from './rdata';

/**
 * Authoritative answering for the sandbox DNS server, kept apart from the sockets so it can be read (and tested)
 * on its own. Behaviour follows RFC 1034 §4.3.2 closely enough for `dig` and for migration probes: answers with
 * AA, CNAME chains followed inside known zones, referrals at delegations, wildcard synthesis, NXDOMAIN and NODATA
 * with the zone's SOA in the authority section, REFUSED for names in no zone we know.
 */

/** Where the server reads its data: the deepest zone containing a name, with all its RRsets. */
export interface ZoneSource {
  findZone(qname: string): Promise<SourceZone | null>;
}

/** A zone as the source returns it (canonical names, presentation-format contents). */
export interface SourceZone {
  name: string;
  rrsets: RRset[];
}

/** DNS response codes used here (RFC 1035 §4.1.1). */
export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;

const AA = 1 << 10;
const RD = 1 << 8;
const MAX_CHAIN = 8;

function answersOf(rrset: RRset, ownerName: string): Answer[] {
  return rrset.records.map((content) => toAnswer(ownerName, rrset.type, rrset.ttl, content));
}

function soaAuthority(zone: SourceZone): Answer[] {
  const soa = zone.rrsets.find((r) => r.type === 'SOA' && r.name === zone.name);
  if (!soa || soa.records.length === 0) return [];
  const answer = answersOf(soa, zone.name)[0];
  if (!answer || answer.type !== 'SOA') return [];
  // Negative answers are cached for min(SOA TTL, SOA minimum) (RFC 2308 §5).
  return [{ ...answer, ttl: Math.min(soa.ttl, answer.data.minimum ?? soa.ttl) }];
}

function nameExists(zone: SourceZone, name: string): boolean {
  return zone.rrsets.some((r) => r.name === name || isStrictlyBelow(r.name, name));
}

/** RRsets at `name`, or synthesised from the closest encloser's wildcard (RFC 4592). */
function rrsetsAt(zone: SourceZone, name: string): { rrsets: RRset[]; exists: boolean } {
  const exact = zone.rrsets.filter((r) => r.name === name);
  if (exact.length > 0 || nameExists(zone, name)) return { rrsets: exact, exists: true };
  const encloser = selfAndAncestors(name)
    .slice(1)
    .find((n) => n === zone.name || (isStrictlyBelow(n, zone.name) && nameExists(zone, n)));
  if (!encloser) return { rrsets: [], exists: false };
  const wild = zone.rrsets.filter((r) => r.name === `*.${encloser}`);
  return { rrsets: wild, exists: wild.length > 0 };
}

/** The delegation point between the apex (exclusive) and `name` (inclusive), if the zone has one. */
function delegation(zone: SourceZone, name: string): RRset | undefined {
  return selfAndAncestors(name)
    .filter((n) => isStrictlyBelow(n, zone.name))
    .reverse()
    .map((n) => zone.rrsets.find((r) => r.name === n && r.type === 'NS'))
    .find((r) => r !== undefined);
}

function response(query: DecodedPacket, rcode: number, authoritative: boolean, parts: Partial<Packet> = {}): Packet {
  return {
    type: 'response',
    id: query.id ?? 0,
    flags: ((query.flags ?? 0) & RD) | (authoritative ? AA : 0) | rcode,
    questions: query.questions ?? [],
    answers: [],
    authorities: [],
    additionals: [],
    ...parts,
  };
}

/** Answers one query from `source`. Never throws for bad data: a source failure becomes SERVFAIL. */
export async function answerQuery(query: DecodedPacket, source: ZoneSource): Promise<Packet> {
  const question = query.questions?.[0];
  if (!question || (query.questions?.length ?? 0) !== 1) return response(query, RCODE.FORMERR, false);
  const qtype = question.type;
  try {
    let name = canonicalProviderName(question.name);
    let zone = await source.findZone(name);
    if (!zone) return response(query, RCODE.REFUSED, false);
    const answers: Answer[] = [];
    const seen = new Set<string>();
    for (let step = 0; step < MAX_CHAIN && zone; step++) {
      seen.add(name);
      const cut = delegation(zone, name);
      if (cut) {
        if (answers.length > 0) break;
        return response(query, RCODE.NOERROR, false, { authorities: answersOf(cut, cut.name) });
      }
      const { rrsets, exists } = rrsetsAt(zone, name);
      const matching = rrsets.filter((r) => qtype === ('ANY' as RecordType) || r.type === qtype);
      if (matching.length > 0) {
        answers.push(...matching.flatMap((r) => answersOf(r, name)));
        break;
      }
      const cname = rrsets.find((r) => r.type === 'CNAME');
      if (cname && qtype !== 'CNAME') {
        answers.push(...answersOf(cname, name));
        const target = canonicalProviderName(cname.records[0] ?? '');
        if (seen.has(target)) break;
        name = target;
        zone = await source.findZone(target);
        continue;
      }
      if (!exists) return response(query, RCODE.NXDOMAIN, true, { answers, authorities: soaAuthority(zone) });
      if (answers.length === 0) return response(query, RCODE.NOERROR, true, { authorities: soaAuthority(zone) });
      break;
    }
    return response(query, RCODE.NOERROR, true, { answers });
  } catch {
    return response(query, RCODE.SERVFAIL, false);
  }
}

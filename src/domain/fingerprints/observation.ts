/**
 * What one look at a domain saw, as plain JSON so it can cross the activity boundary and be stored as
 * evidence. DNS answers keep the difference between facts (NXDOMAIN, NODATA, records) and "could not tell"
 * (SERVFAIL, timeout, refusal): only facts may ever move a watch from one state to another.
 */

/** Why a lookup could not tell anything; none of these is evidence about the domain. */
export type UnknownReason = 'servfail' | 'timeout' | 'refused' | 'error';

/** One DNS question's outcome. `nodata` = the name exists but has no record of this type. */
export type DnsAnswer<T> =
  | { status: 'ok'; records: T[] }
  | { status: 'nxdomain' }
  | { status: 'nodata' }
  | { status: 'unknown'; reason: UnknownReason; detail?: string };

/** The zone's start of authority: who claims to be the primary server (a provider fingerprint too). */
export interface SoaRecord {
  mname: string;
  rname: string;
  serial: number;
}

/** One HTTP(S) request's outcome. Only cookie names are kept (values may be personal or secret). */
export type HttpAnswer =
  | {
      scheme: 'http' | 'https';
      status: 'ok';
      statusCode: number;
      /** Lower-case header names; values trimmed to a bounded length. */
      headers: Record<string, string>;
      cookieNames: string[];
    }
  /** Nothing listens at the address (a fact about the address, not a failure of the probe). */
  | { scheme: 'http' | 'https'; status: 'refused'; detail?: string }
  | { scheme: 'http' | 'https'; status: 'unknown'; reason: UnknownReason; detail?: string };

/** A full observation of a domain at one instant. */
export interface Observation {
  domain: string;
  observedAt: string;
  ns: DnsAnswer<string>;
  soa: DnsAnswer<SoaRecord>;
  a: DnsAnswer<string>;
  aaaa: DnsAnswer<string>;
  /** The CNAME chain from the domain towards its addresses, in order (empty when the name has none). */
  cnameChain: string[];
  /** HTTP(S) answers; empty when nothing resolved (nothing to connect to) or HTTP probing is off. */
  http: HttpAnswer[];
}

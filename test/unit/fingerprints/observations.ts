import type { DnsAnswer, HttpAnswer, Observation } from '../../../src/domain/fingerprints';

/** A public address in no provider's ranges: "a server somewhere". */
export const UNLISTED_IP = '91.198.174.192';

export interface ObservationSpec {
  domain?: string;
  ns?: string[];
  soa?: string;
  a?: string[];
  aaaa?: string[];
  cname?: string[];
  headers?: Record<string, string>;
  cookies?: string[];
}

const answer = (records: string[] | undefined): DnsAnswer<string> =>
  records === undefined || records.length === 0 ? { status: 'nodata' } : { status: 'ok', records };

/** Builds a realistic observation: the listed records, an HTTPS answer with the given headers and cookies. */
export function observation(spec: ObservationSpec, overrides: Partial<Observation> = {}): Observation {
  const domain = spec.domain ?? 'example.org';
  const http: HttpAnswer[] = [
    { scheme: 'https', status: 'ok', statusCode: 200, headers: spec.headers ?? {}, cookieNames: spec.cookies ?? [] },
  ];
  return {
    domain,
    observedAt: '2026-11-21T00:00:00.000Z',
    ns: answer(spec.ns ?? ['ns1.example-dns.net']),
    soa: {
      status: 'ok',
      records: [
        { mname: spec.soa ?? spec.ns?.[0] ?? 'ns1.example-dns.net', rname: 'hostmaster.example.org', serial: 1 },
      ],
    },
    a: answer(spec.a ?? [UNLISTED_IP]),
    aaaa: answer(spec.aaaa),
    cnameChain: spec.cname ?? [],
    http,
    ...overrides,
  };
}

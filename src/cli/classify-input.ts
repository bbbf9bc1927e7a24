import { z } from 'zod';
import type { Signals } from '../domain/fingerprints';
import { formatZodError } from '../config/zod-errors';

/**
 * One line of bulk data for `terminus classify`: a JSON object with any of `ip`, `cname`, `ns`, `soa`, `headers`,
 * `cookies`, `asn` (a value or a list each), plus an optional `domain` echoed back. Other keys (a passive-DNS
 * record's timestamps, counts) are ignored, so exports can be piped in as they are.
 */

const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item)]).transform((v): z.infer<T>[] => (Array.isArray(v) ? v : [v]));
const host = z.string().min(1).max(253);
const asn = z.union([
  z.number().int().positive(),
  z
    .string()
    .regex(/^(AS)?\d+$/i, 'an AS number (16509 or "AS16509")')
    .transform((s) => Number(s.replace(/^AS/i, ''))),
]);

const LineSchema = z
  .looseObject({
    domain: z.string().optional(),
    ip: oneOrMany(z.string().min(2).max(64)).optional(),
    cname: oneOrMany(host).optional(),
    ns: oneOrMany(host).optional(),
    soa: oneOrMany(host).optional(),
    headers: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
    cookies: z.array(z.string()).optional(),
    asn: oneOrMany(asn).optional(),
  })
  .refine(
    (o) => ['ip', 'cname', 'ns', 'soa', 'headers', 'cookies', 'asn'].some((k) => o[k] !== undefined),
    'no signal: give at least one of ip, cname, ns, soa, headers, cookies, asn',
  );

/** A parsed line: the domain it is about (if given) and its signals. */
export interface ClassifyInput {
  domain?: string;
  signals: Signals;
}

/** Cookie names from Set-Cookie values (`name=value; attributes`). */
function cookieNames(values: string[]): string[] {
  return values.map((v) => v.split(';')[0]?.split('=')[0]?.trim() ?? '').filter((n) => n.length > 0);
}

/** Parses one line; throws an Error whose message says what is wrong. */
export function parseClassifyLine(line: string): ClassifyInput {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    throw new Error(`not JSON (${(error as Error).message})`, { cause: error });
  }
  const parsed = LineSchema.safeParse(json);
  if (!parsed.success) throw new Error(formatZodError(parsed.error));
  const o = parsed.data;
  const headers: Record<string, string> = {};
  const setCookies: string[] = [];
  for (const [name, value] of Object.entries(o.headers ?? {})) {
    const values = Array.isArray(value) ? value : [value];
    if (name.toLowerCase() === 'set-cookie') setCookies.push(...values);
    else headers[name.toLowerCase()] = values.join(', ');
  }
  const cookies = [...(o.cookies ?? []), ...cookieNames(setCookies)];
  const responses = o.headers !== undefined || cookies.length > 0 ? [{ headers, cookieNames: cookies }] : [];
  return {
    ...(o.domain !== undefined ? { domain: o.domain } : {}),
    signals: {
      nameservers: o.ns ?? [],
      soaPrimaries: o.soa ?? [],
      cnames: o.cname ?? [],
      addresses: o.ip ?? [],
      asns: o.asn ?? [],
      responses,
    },
  };
}

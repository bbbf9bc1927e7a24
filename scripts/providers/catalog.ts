import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * catalog.json: the recipe of the database. For each provider, which source lists feed it (cdncheck lists,
 * ipverse ASNs, its own published lists fetched online) and the signals no data set carries, written by hand
 * with the evidence each rests on (a documentation page, a registry record).
 */

const role = z.enum(['dns', 'proxy_cdn', 'hosting']);
const liveFormat = z.enum([
  'lines',
  'csv-first-column',
  'fastly',
  'cloudfront',
  'google',
  'aws',
  'oracle',
  'imperva',
  'gcore',
  'json-ip-array',
]);
/** How a provider's published list is read. */
export type LiveFormat = z.infer<typeof liveFormat>;

const HandWritten = z.strictObject({
  evidence: z.url(),
  note: z.string().min(1),
  nameservers: z.array(z.strictObject({ glob: z.string(), example: z.string() })).optional(),
  cnameSuffixes: z.array(z.string()).optional(),
  headers: z
    .array(
      z.strictObject({
        name: z.string(),
        pattern: z.string().optional(),
        generic: z.boolean().optional(),
        example: z.string(),
      }),
    )
    .optional(),
  cookies: z.array(z.string()).optional(),
  ipRanges: z.array(z.string()).optional(),
  asns: z.array(z.number().int().positive()).optional(),
});
/** One hand-written claim group: the evidence and the signals it supports. */
export type HandWrittenClaim = z.infer<typeof HandWritten>;

const CatalogProvider = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  name: z.string().min(1),
  aliases: z.array(z.string()).optional(),
  roles: z.array(role).min(1),
  partOf: z.string().optional(),
  operator: z.string().optional(),
  cdncheck: z
    .array(
      z.strictObject({
        list: z.string().regex(/^(cdn|waf|cloud|common)\//),
        only: z.array(z.string()).optional(),
        drop: z.record(z.string(), z.string()).optional(),
      }),
    )
    .optional(),
  ipverse: z.array(z.number().int().positive()).optional(),
  live: z
    .array(z.strictObject({ url: z.url(), format: liveFormat, method: z.enum(['GET', 'POST']).optional() }))
    .optional(),
  handWritten: z.array(HandWritten).optional(),
});
/** One provider's recipe. */
export type CatalogProvider = z.infer<typeof CatalogProvider>;

const CatalogSchema = z.strictObject({
  $comment: z.string().optional(),
  notLoaded: z.array(z.strictObject({ list: z.string(), why: z.string().min(1) })),
  providers: z.array(CatalogProvider).min(1),
});
/** The whole catalog. */
export type Catalog = z.infer<typeof CatalogSchema>;

/** Reads and validates catalog.json. */
export function readCatalog(dir: string): Catalog {
  const file = path.join(dir, 'catalog.json');
  const parsed = CatalogSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`${file}: ${issues}`);
  }
  return parsed.data;
}

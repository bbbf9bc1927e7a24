import { z } from 'zod';
import { formatZodError } from './zod-errors';

/**
 * Whether and where statements of reasons are submitted to the EU DSA Transparency Database:
 * - `TERMINUS_DSA_SUBMIT`: `off` (default) or `on`. Only providers of online platforms must submit (DSA Art.
 *   24(5)); a network provider that is not one leaves it off, and the export (`terminus case sor`, the API) works
 *   either way.
 * - `TERMINUS_DSA_API_URL`: the database's base URL (default the production database; the Commission's sandbox
 *   for a trial run; the local stand-in under `npm start`).
 * - `TERMINUS_DSA_API_TOKEN`: the platform's API token (required when on).
 */

/** The production database. */
export const DSA_PRODUCTION_URL = 'https://transparency.dsa.ec.europa.eu';

/** The parsed settings; `undefined` when submission is off. */
export interface TransparencyDbConfig {
  baseUrl: string;
  token: string;
}

const EnvSchema = z
  .object({
    TERMINUS_DSA_SUBMIT: z.enum(['on', 'off'], { error: 'must be on or off' }).default('off'),
    TERMINUS_DSA_API_URL: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .default(DSA_PRODUCTION_URL)
      .transform((u) => u.replace(/\/+$/, '')),
    TERMINUS_DSA_API_TOKEN: z.string().trim().min(1).optional(),
  })
  .superRefine((e, ctx) => {
    if (e.TERMINUS_DSA_SUBMIT === 'on' && !e.TERMINUS_DSA_API_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['TERMINUS_DSA_API_TOKEN'],
        message: 'required when TERMINUS_DSA_SUBMIT=on',
      });
    }
  });

/** Reads the submission settings; names every bad variable at once. */
export function loadTransparencyDbConfig(env: NodeJS.ProcessEnv = process.env): TransparencyDbConfig | undefined {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) throw new Error(`invalid configuration: ${formatZodError(parsed.error)}`);
  const e = parsed.data;
  if (e.TERMINUS_DSA_SUBMIT === 'off') return undefined;
  return { baseUrl: e.TERMINUS_DSA_API_URL, token: e.TERMINUS_DSA_API_TOKEN ?? '' };
}

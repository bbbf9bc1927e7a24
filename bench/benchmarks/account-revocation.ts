import { parseAccountRevocationOptions } from '../account-revocation/options';
import { accountRevocationFigures, accountRevocationNotes } from '../account-revocation/report';
import { measureAccountRevocation } from '../account-revocation/run';
import type { Benchmark } from '../lib/types';

/**
 * Issue 18: revoking an account of 10,000 zones (each also a proxied hostname) on real PowerDNS and Caddy, by a
 * worker running `revokeAccountBatch` in a loop; then again with the worker SIGKILLed halfway and restarted.
 * Once per profile (`--profiles embedded,cluster`, both by default: see account-revocation/platform.ts).
 * Options: `--zones N`, `--batch N`, `--batches-per-run N`, `--seed-concurrency N`, `--kill on|off`.
 */
export const benchmark: Benchmark = {
  id: 'account-revocation',
  title: 'Revoking an account of 10,000 zones on PowerDNS and Caddy (and again, killed halfway), per profile',
  issueItem: '18 (account revocation)',
  async run(ctx) {
    const options = parseAccountRevocationOptions(ctx.options);
    const startedAt = new Date().toISOString();
    const m = await measureAccountRevocation(options, ctx);
    return {
      id: 'account-revocation',
      title: this.title,
      startedAt,
      finishedAt: new Date().toISOString(),
      parameters: { ...options },
      figures: accountRevocationFigures(m),
      details: { runs: m.runs },
      notes: accountRevocationNotes(m),
    };
  },
};

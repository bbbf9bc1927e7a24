import { composeEdge, type RunningSandbox } from '../adapters/edge/compose';
import { createSmtpTransport } from '../adapters/mail/smtp-transport';
import { createProber } from '../adapters/probe/prober';
import { loadEdgeConfig } from '../config/edge';
import { edgeConfigFromEnv, loadFingerprintDatabase } from '../config/fingerprints';
import { loadPolicy } from '../config/policy';
import { loadProbeConfig } from '../config/probe';
import { loadTransparencyDbConfig } from '../config/transparency-db';
import { createTransparencyDatabase } from '../adapters/dsa/transparency-db-client';
import { parseSmtpConfig } from '../config/smtp';
import type { Database } from '../db/database';
import { compileFingerprints } from '../domain/fingerprints';
import { parseProbeLimits } from '../activities/monitor-limits';
import type { ActivityDeps } from './activities';

/** What only the caller knows: the database, and where a sandbox edge it started listens (embedded stack). */
export interface BuildActivityDepsInput {
  db: Database;
  env?: NodeJS.ProcessEnv;
  sandbox?: RunningSandbox;
}

/**
 * Builds every adapter the activities use from configuration, once, at worker start-up: SMTP transport, edge
 * providers and verifier, probes, the fingerprint database, the policy document and the DSA Transparency Database
 * client (when submission is on). Each loader validates its
 * input, so a bad variable or data file stops the worker with a message naming it.
 */
export function buildActivityDeps({ db, env = process.env, sandbox }: BuildActivityDepsInput): ActivityDeps {
  const smtp = parseSmtpConfig(env);
  const edge = composeEdge(loadEdgeConfig(env), { db, sandbox });
  const probe = loadProbeConfig(env);
  const tdb = loadTransparencyDbConfig(env);
  const fingerprints = compileFingerprints(loadFingerprintDatabase({ edge: edgeConfigFromEnv(env) }));
  const proberFor = (resolvers: string[]) =>
    createProber({ resolvers, ...(probe.httpConnectTo ? { connectTo: probe.httpConnectTo } : {}) });
  const prober = proberFor(probe.resolvers);
  // The group watch spreads domains over the resolvers, one prober each, so each resolver's rate can be limited.
  const resolverProbers =
    probe.resolvers.length > 0
      ? probe.resolvers.map((resolver) => ({ resolver, prober: proberFor([resolver]) }))
      : [{ resolver: 'system', prober }];
  return {
    db,
    mail: { transport: createSmtpTransport(smtp.connection), sender: smtp.sender, staffAlertTo: smtp.staffAlertTo },
    edge,
    monitor: {
      prober,
      fingerprints,
      ...(probe.webhookUrl ? { webhook: { url: probe.webhookUrl } } : {}),
      ...(probe.watchFastIntervalMs ? { schedule: { fastIntervalMs: probe.watchFastIntervalMs } } : {}),
    },
    watchGroup: { probers: resolverProbers, limits: parseProbeLimits(env) },
    policy: loadPolicy(env.TERMINUS_POLICY_FILE),
    dsa: tdb ? { database: createTransparencyDatabase(tdb) } : {},
  };
}

import { createProber } from '../../adapters/probe';
import { edgeConfigFromEnv, loadFingerprintDatabase } from '../../config/fingerprints';
import { SANDBOX_NAMESERVERS } from '../../config/edge';
import { classify, compileFingerprints, type DnsAnswer, type Verdict } from '../../domain/fingerprints';
import type { DemoTarget } from './locate-stack';

/** What the demo saw when it looked at a domain, and the line it prints. */
export interface Look {
  verdict: Verdict;
  line: string;
}

function dns(answer: DnsAnswer<string>): string {
  return answer.status === 'ok' ? answer.records.join(', ') : answer.status.toUpperCase();
}

/**
 * Looks at a domain the way the migration watch does (the project's prober and classifier, through the sandbox's
 * DNS server and proxy), so the demo shows the same facts the watch acts on. The fingerprint of our own edge is
 * the sandbox's, as the embedded stack configures it for its worker.
 */
export function createLooker(target: DemoTarget): (domain: string) => Promise<Look> {
  const http = new URL(target.info.sandbox.http);
  const prober = createProber({
    resolvers: [{ host: '127.0.0.1', port: target.info.sandbox.dnsPort }],
    connectTo: { host: http.hostname, port: Number(http.port) },
    schemes: ['http'],
    dnsTimeoutMs: 3000,
    httpTimeoutMs: 5000,
  });
  const fingerprints = compileFingerprints(
    loadFingerprintDatabase({
      edge: edgeConfigFromEnv({
        TERMINUS_EDGE_NAMESERVERS: SANDBOX_NAMESERVERS.join(','),
        TERMINUS_EDGE_HEADERS: 'x-terminus-edge=^sandbox$',
      }),
    }),
  );
  return async (domain) => {
    const observation = await prober.observe(domain);
    const verdict = classify(observation, fingerprints);
    const web = observation.http
      .map((h) =>
        h.status === 'ok'
          ? `HTTP ${h.statusCode}${h.headers.server ? ` server: ${h.headers.server}` : ''}`
          : `HTTP ${h.status}`,
      )
      .join('; ');
    const where =
      verdict.state === 'elsewhere'
        ? `elsewhere: ${verdict.provider}`
        : verdict.state === 'ours'
          ? 'ours (our edge serves it)'
          : verdict.state;
    return { verdict, line: `NS ${dns(observation.ns)} | A ${dns(observation.a)} | ${web || 'no HTTP'}  =>  ${where}` };
  };
}

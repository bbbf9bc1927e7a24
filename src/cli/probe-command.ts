import { Command } from 'commander';
import { createProber, normalizeDomain, parseResolverAddress, type ProberOptions } from '../adapters/probe';
import { edgeConfigFromEnv, loadFingerprintDatabase } from '../config/fingerprints';
import { classify, compileFingerprints, type DnsAnswer, type Observation, type Verdict } from '../domain/fingerprints';
import { CliError, ExitCode } from './exit-codes';

/**
 * `terminus probe <domain>`: observe a domain from here (DNS through the chosen resolver, then HTTP) and print
 * what was seen and which provider serves it, with the evidence. A local diagnostic for staff checking an alert
 * by hand; it needs no API or Temporal, only the fingerprint data and network access to the resolver.
 */

/** Where the command writes (injectable for tests). */
export interface ProbeIo {
  stdout: { write(s: string): unknown };
  env: NodeJS.ProcessEnv;
}

function dnsLine(answer: DnsAnswer<string>): string {
  switch (answer.status) {
    case 'ok':
      return answer.records.join(', ');
    case 'nxdomain':
      return 'NXDOMAIN (the name does not exist)';
    case 'nodata':
      return '(no records)';
    case 'unknown':
      return `unknown: ${answer.reason}${answer.detail ? ` (${answer.detail})` : ''}`;
  }
}

/** The observation and verdict as text a person reads top to bottom. */
export function renderProbe(o: Observation, v: Verdict): string {
  const soa: DnsAnswer<string> =
    o.soa.status === 'ok' ? { status: 'ok', records: o.soa.records.map((r) => r.mname) } : o.soa;
  const http = o.http.map((h) =>
    h.status === 'ok'
      ? `${h.scheme} ${h.statusCode}${h.headers.server ? ` server: ${h.headers.server}` : ''}${h.cookieNames.length ? `; cookies: ${h.cookieNames.join(', ')}` : ''}`
      : `${h.scheme} ${h.status === 'refused' ? 'connection refused' : `unknown: ${h.reason}`}`,
  );
  const lines = [
    `${o.domain}  observed ${o.observedAt}`,
    `  NS      ${dnsLine(o.ns)}`,
    `  SOA     ${dnsLine(soa)}`,
    `  A       ${dnsLine(o.a)}`,
    `  AAAA    ${dnsLine(o.aaaa)}`,
    `  CNAME   ${o.cnameChain.length ? o.cnameChain.join(' -> ') : '-'}`,
    `  HTTP    ${http.length ? http.join('\n          ') : '- (nothing to connect to)'}`,
    '',
    `Verdict: ${v.state}${v.provider ? ` - ${v.provider}${v.role ? ` (${v.role})` : ''}` : ''}, confidence ${v.confidence}${v.ambiguous ? ` (ambiguous: ${(v.candidates ?? []).join(', ') || 'close scores'})` : ''}`,
    `  ${v.reason}`,
  ];
  if (v.evidence.length > 0) {
    lines.push('Evidence:');
    for (const e of v.evidence)
      lines.push(
        `  ${e.provider.padEnd(16)} ${e.role.padEnd(10)} ${e.signal.padEnd(10)} ${e.observed}  ~ ${e.matched}${e.generic ? ' (generic)' : ''}${e.sources?.length ? `  [${e.sources.join(', ')}]` : ''}${e.note ? `  (${e.note})` : ''}`,
      );
  }
  lines.push(`Fingerprint database ${v.databaseVersion}`, '');
  return lines.join('\n');
}

function hostPort(flag: string, value: string): { host: string; port: number } {
  try {
    return parseResolverAddress(value);
  } catch (error) {
    throw new CliError(`${flag}: ${(error as Error).message}`, ExitCode.BadInput);
  }
}

/** Builds the command; `io` defaults to the process. */
export function createProbeCommand(io: ProbeIo = { stdout: process.stdout, env: process.env }): Command {
  return new Command('probe')
    .description('Observe a domain (NS, SOA, A, AAAA, CNAME, HTTP) and say which provider serves it')
    .argument('<domain>', 'the domain to observe')
    .option('--json', 'print the observation and verdict as JSON')
    .option(
      '--resolver <host:port>',
      'DNS resolver to ask (env TERMINUS_PROBE_RESOLVER; default: the system resolvers)',
    )
    .option(
      '--connect-to <host:port>',
      'send HTTP(S) connections here whatever the name resolves to (the sandbox proxy)',
    )
    .option('--timeout <ms>', 'timeout of each DNS attempt and HTTP request, in milliseconds', '3000')
    .option('--no-http', 'skip the HTTP(S) requests')
    .addHelpText(
      'after',
      '\nExamples:\n  $ terminus probe forum.example --resolver 127.0.0.1:5353\n  $ terminus probe forum.example --json\n',
    )
    .action(async (domainArg: string, _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<{
        json?: boolean;
        resolver?: string;
        connectTo?: string;
        timeout: string;
        http: boolean;
      }>();
      let domain: string;
      try {
        domain = normalizeDomain(domainArg);
      } catch (error) {
        throw new CliError((error as Error).message, ExitCode.BadInput);
      }
      const timeoutMs = Number(opts.timeout);
      if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 60_000)
        throw new CliError(`--timeout: "${opts.timeout}" is not a number of milliseconds (1-60000)`, ExitCode.BadInput);
      const resolver = opts.resolver ?? io.env.TERMINUS_PROBE_RESOLVER;
      const options: ProberOptions = {
        resolvers: resolver ? [hostPort('--resolver', resolver)] : [],
        dnsTimeoutMs: timeoutMs,
        httpTimeoutMs: timeoutMs,
        schemes: opts.http ? ['https', 'http'] : [],
        ...(opts.connectTo ? { connectTo: hostPort('--connect-to', opts.connectTo) } : {}),
      };
      let fingerprints;
      try {
        fingerprints = compileFingerprints(loadFingerprintDatabase({ edge: edgeConfigFromEnv(io.env) }));
      } catch (error) {
        throw new CliError((error as Error).message, ExitCode.Failure);
      }
      const observation = await createProber(options).observe(domain);
      const verdict = classify(observation, fingerprints);
      io.stdout.write(
        opts.json ? `${JSON.stringify({ observation, verdict }, null, 2)}\n` : renderProbe(observation, verdict),
      );
    });
}

/** The command as the CLI entry point registers it. */
export const probeCommand = createProbeCommand();

import { constants, createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Command } from 'commander';
import { edgeConfigFromEnv, loadFingerprintDatabase, sourceEntry } from '../../config/fingerprints';
import {
  compileFingerprints,
  type CompiledFingerprints,
  type FingerprintDatabase,
  identify,
  OURS_PROVIDER_ID,
} from '../../domain/fingerprints';
import { parseClassifyLine } from '../classify-input';
import { type CliIo, withExample } from '../context';
import { CliError, ExitCode } from '../exit-codes';
import { renderProviders, summarizeProviders } from '../providers-render';

/**
 * `terminus classify` and `terminus providers`: the provider database offline, for analysts. Both load the
 * database locally (like `terminus probe`); neither needs the API. `classify` runs the watch's own classifier
 * over bulk observations (passive DNS, logs), one JSON verdict per input line.
 */

function loadDatabase(io: CliIo): { db: FingerprintDatabase; compiled: CompiledFingerprints } {
  try {
    const db = loadFingerprintDatabase({ edge: edgeConfigFromEnv(io.env) });
    return { db, compiled: compileFingerprints(db) };
  } catch (error) {
    throw new CliError((error as Error).message, ExitCode.Failure);
  }
}

/** The verdict line for one observation. */
export function classifyLine(line: string, n: number, compiled: CompiledFingerprints): Record<string, unknown> {
  let input;
  try {
    input = parseClassifyLine(line);
  } catch (error) {
    return { line: n, error: (error as Error).message };
  }
  const found = identify(input.signals, compiled);
  const verdict = found.provider === null ? 'unknown' : found.ambiguous ? 'ambiguous' : 'provider';
  const name = (id: string) => compiled.byId.get(id)?.fingerprint.name ?? id;
  return {
    line: n,
    ...(input.domain !== undefined ? { domain: input.domain } : {}),
    verdict,
    provider: found.provider,
    ...(found.provider ? { name: name(found.provider) } : {}),
    role: found.role,
    confidence: found.confidence,
    ...(found.ambiguous ? { candidates: found.candidates.map((id) => ({ id, name: name(id) })) } : {}),
    reason: found.reason,
    roles: found.roles,
    evidence: found.evidence,
    databaseVersion: compiled.version,
  };
}

/** `terminus classify [FILE|-]`. */
export function classifyCommand(io: CliIo): Command {
  const cmd = new Command('classify')
    .description(
      'Classify observations offline: JSON lines in ({"ip": ...}, {"cname": ...}, {"ns": [...]}, {"headers": {...}}, ' +
        '{"asn": ...}, or several at once), one JSON verdict per line out: the provider, ambiguous with the ' +
        'candidates, or unknown, always with the evidence. The same classifier the watch uses; no API needed.',
    )
    .argument('[file]', 'a file of JSON lines, or - (the default) for stdin')
    .action(async (file: string | undefined) => {
      const { compiled } = loadDatabase(io);
      const fromStdin = !file || file === '-';
      if (!fromStdin)
        await access(file, constants.R_OK).catch((error: NodeJS.ErrnoException) => {
          throw new CliError(`${file}: cannot read it (${error.code ?? error.message})`, ExitCode.BadInput);
        });
      const input: NodeJS.ReadableStream = fromStdin ? (io.stdin ?? process.stdin) : createReadStream(file);
      let n = 0;
      let bad = 0;
      for await (const line of createInterface({ input, crlfDelay: Infinity })) {
        n++;
        if (line.trim() === '') continue;
        const out = classifyLine(line, n, compiled);
        if (out.error !== undefined) bad++;
        io.stdout.write(`${JSON.stringify(out)}\n`);
      }
      if (bad > 0) throw new CliError(`${bad} of ${n} lines could not be read (see their "error")`, ExitCode.BadInput);
    });
  return withExample(
    cmd,
    'terminus classify passive-dns.jsonl > verdicts.jsonl',
    `echo '{"domain": "forum.example", "ip": "185.178.208.20", "ns": ["ns1.ddos-guard.net"]}' | terminus classify`,
  );
}

/** `terminus providers`. */
export function providersCommand(io: CliIo): Command {
  const cmd = new Command('providers')
    .description('List the provider database: id, name, aliases, signal counts by kind, sources and their dates')
    .option('--json', 'print JSON')
    .action((_opts: unknown, command: Command) => {
      const { db } = loadDatabase(io);
      const json = command.optsWithGlobals<{ json?: boolean }>().json;
      const rows = summarizeProviders(db, (id) => sourceEntry(db.sources ?? {}, id)).filter(
        (r) => r.id !== OURS_PROVIDER_ID || Object.values(r.counts).some((n) => n > 0),
      );
      io.stdout.write(
        json
          ? `${JSON.stringify({ version: db.version, providers: rows }, null, 2)}\n`
          : renderProviders(db.version, rows),
      );
    });
  return withExample(
    cmd,
    'terminus providers',
    'terminus providers --json | jq ".providers[] | select(.counts.ip > 0)"',
  );
}

// `terminus classify` and `terminus providers`: the provider database offline, in-process, no API.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { run } from '../../../src/cli/main';

interface Line {
  line: number;
  verdict?: string;
  provider?: string | null;
  role?: string | null;
  error?: string;
  evidence: { generic: boolean }[];
  [key: string]: unknown;
}

async function terminus(args: string[], stdinLines: string[] = []) {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
    stdin: Readable.from(stdinLines.map((l) => `${l}\n`)),
  });
  return {
    code,
    stdout,
    stderr,
    get lines(): Line[] {
      return stdout
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Line);
    },
  };
}

describe('terminus classify', () => {
  it('prints one verdict per line, naming the provider and its evidence with sources', async () => {
    const r = await terminus(
      ['classify'],
      [
        JSON.stringify({ domain: 'forum.example', ip: '185.178.208.20', ns: ['ns1.ddos-guard.net'] }),
        JSON.stringify({ cname: 'd111111abcdef8.cloudfront.net' }),
        JSON.stringify({ ns: ['hydrogen.ns.hetzner.com', 'helium.ns.hetzner.de'] }),
        JSON.stringify({ asn: 'AS16509' }),
        JSON.stringify({ ip: '203.0.113.9' }),
      ],
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.lines.map((l) => [l.line, l.verdict, l.provider, l.role])).toEqual([
      [1, 'provider', 'ddos-guard', 'proxy_cdn'],
      [2, 'provider', 'cloudfront', 'proxy_cdn'],
      [3, 'provider', 'hetzner', 'dns'],
      [4, 'provider', 'aws', 'hosting'],
      [5, 'unknown', null, null],
    ]);
    expect(r.lines[0]).toMatchObject({
      domain: 'forum.example',
      name: 'DDoS-Guard',
      databaseVersion: expect.any(String),
    });
    expect(r.lines[0]!.evidence).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ signal: 'ip', matched: '185.178.208.0/23', sources: ['ipverse:AS57724'] }),
        expect.objectContaining({ signal: 'nameserver', matched: '*.ddos-guard.net' }),
      ]),
    );
    expect(r.lines[4]).toMatchObject({ evidence: [], reason: 'no known provider matched' });
  });

  it('says ambiguous, with the candidates, when the evidence cannot tell two providers apart', async () => {
    const r = await terminus(
      ['classify', '-'],
      [JSON.stringify({ headers: { Server: 'cloudflare' }, cookies: ['__ddg1_'] })],
    );
    expect(r.lines[0]).toMatchObject({
      verdict: 'ambiguous',
      provider: 'cloudflare',
      candidates: [
        { id: 'cloudflare', name: 'Cloudflare' },
        { id: 'ddos-guard', name: 'DDoS-Guard' },
      ],
    });
  });

  it('reads headers as given (any case, Set-Cookie names) and never decides on a generic header alone', async () => {
    const r = await terminus(
      ['classify'],
      [
        JSON.stringify({ headers: { 'Set-Cookie': ['AWSALB=abc; Path=/', 'AWSALBCORS=abc'] } }),
        JSON.stringify({ headers: { Via: '1.1 varnish', 'X-Cache': 'HIT' } }),
      ],
    );
    expect(r.lines.map((l) => [l.verdict, l.provider])).toEqual([
      ['provider', 'aws'],
      ['unknown', null],
    ]);
    expect(r.lines[1]!.evidence.every((e) => e.generic)).toBe(true);
  });

  it('reads a file, reports unreadable lines in place and exits 2', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'classify-'));
    try {
      const file = path.join(dir, 'obs.jsonl');
      writeFileSync(file, `${JSON.stringify({ ip: '51.254.1.1' })}\nnot json\n\n${JSON.stringify({ seen: 3 })}\n`);
      const r = await terminus(['classify', file]);
      expect(r.code).toBe(2);
      expect(r.lines.map((l) => [l.line, l.provider ?? l.error])).toEqual([
        [1, 'ovh'],
        [2, expect.stringMatching(/^not JSON/)],
        [4, expect.stringMatching(/no signal/)],
      ]);
      expect(r.stderr).toContain('2 of 4 lines could not be read');
      const missing = await terminus(['classify', path.join(dir, 'nope.jsonl')]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/nope\.jsonl: cannot read it \(ENOENT\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

it.each([['classify'], ['providers']])('terminus %s explains itself with an example', async (command) => {
  const help = await terminus([command, '--help']);
  expect(help.code).toBe(0);
  expect(help.stdout).toMatch(/Examples?:\n {2}\$ terminus /);
});

describe('terminus providers', () => {
  it('lists every provider with its signal counts and dated sources', async () => {
    const text = await terminus(['providers']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^aws\s+Amazon Web Services.*cdncheck \(2026-08\)/m);
    const json = await terminus(['providers', '--json']);
    const parsed = JSON.parse(json.stdout) as {
      version: string;
      providers: {
        id: string;
        counts: Record<string, number>;
        sources: { id: string; date: string; licence: string }[];
      }[];
    };
    expect(parsed.providers.length).toBeGreaterThanOrEqual(60);
    const hetzner = parsed.providers.find((p) => p.id === 'hetzner')!;
    expect(hetzner.counts.ip).toBeGreaterThan(50);
    expect(hetzner.sources).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: 'ipverse:AS24940', date: '2026-12-05' })]),
    );
    expect(parsed.providers.some((p) => p.id === 'ours')).toBe(false);
  });
});

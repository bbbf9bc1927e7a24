import { createProbeCommand } from '../../../src/cli/probe-command';
import { startScriptedInternet, type ScriptedInternet } from '../../support/scripted-internet';

describe('terminus probe', () => {
  let internet: ScriptedInternet;
  beforeAll(async () => {
    internet = await startScriptedInternet();
    internet.moveTo('forum.example', 'ddos-guard');
  });
  afterAll(() => internet.stop());

  async function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
    let out = '';
    const cmd = createProbeCommand({ stdout: { write: (s: string) => (out += s) }, env }).exitOverride();
    await cmd.parseAsync(args, { from: 'user' });
    return out;
  }
  const connectTo = () => `127.0.0.1:${internet.connectTo.port}`;

  it('prints the observation and the verdict with its evidence', async () => {
    const out = await run([
      'forum.example',
      '--resolver',
      internet.resolver,
      '--connect-to',
      connectTo(),
      '--timeout',
      '500',
    ]);
    expect(out).toContain('NS      ns1.ddos-guard.net, ns2.ddos-guard.net');
    expect(out).toMatch(/HTTP {4}https unknown: \w+\n {10}http 200 server: ddos-guard; cookies: __ddg1_/);
    expect(out).toContain('Verdict: elsewhere - ddos-guard (proxy_cdn)');
    expect(out).toMatch(/ddos-guard\s+dns\s+nameserver\s+ns1\.ddos-guard\.net {2}~ \*\.ddos-guard\.net/);
  });

  it('prints JSON with --json, and takes the resolver from the environment', async () => {
    const out = await run(['gone.example', '--json', '--no-http'], { TERMINUS_PROBE_RESOLVER: internet.resolver });
    const parsed = JSON.parse(out) as {
      observation: { a: { status: string }; http: unknown[] };
      verdict: { state: string };
    };
    expect(parsed.observation.a.status).toBe('nxdomain');
    expect(parsed.observation.http).toEqual([]);
    expect(parsed.verdict.state).toBe('dark');
  });

  it('rejects bad input with a clear message and the bad-input exit code', async () => {
    await expect(run(['forum.example', '--resolver', 'nope:xx'])).rejects.toMatchObject({
      name: 'CliError',
      exitCode: 2,
      message: expect.stringContaining('--resolver'),
    });
    await expect(run(['not a domain'])).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('is not a domain name'),
    });
    await expect(run(['forum.example', '--timeout', 'soon'])).rejects.toMatchObject({ exitCode: 2 });
  });
});

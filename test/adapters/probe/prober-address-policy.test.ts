import { createProber } from '../../../src/adapters/probe';
import { startScriptedInternet, type ScriptedInternet } from '../../support/scripted-internet';

/**
 * Without a `connectTo`, the probe connects where the customer's DNS points; a name that resolves only to
 * special-purpose addresses (private, loopback, or their NAT64/6to4/Teredo/mapped forms) gets no HTTP request.
 */
describe('prober: no connection to special-purpose addresses', () => {
  let internet: ScriptedInternet;
  beforeAll(async () => {
    internet = await startScriptedInternet();
  });
  afterAll(() => internet.stop());

  it.each([
    ['loopback', ['127.0.0.1'], ['::1']],
    ['NAT64 of loopback and private', ['10.0.0.1'], ['64:ff9b::7f00:1', '64:ff9b::a00:1']],
    ['6to4 and Teredo of private', ['192.168.0.1'], ['2002:a00:1::1', '2001:0:4136:e378:8000:63bf:f5ff:fffe']],
    ['IPv4-mapped private and link-local metadata', ['169.254.169.254'], ['::ffff:10.0.0.1', 'fe80::1']],
  ])('%s: resolved, but not requested', async (_label, a, aaaa) => {
    const domain = `target-${a[0]!.replace(/\./g, '-')}.example`;
    internet.putZone(domain, [
      { name: domain, type: 'A', ttl: 60, records: a },
      { name: domain, type: 'AAAA', ttl: 60, records: aaaa },
    ]);
    const prober = createProber({
      resolvers: [internet.resolver],
      dnsTimeoutMs: 500,
      dnsAttempts: 1,
      schemes: ['http'],
    });
    const o = await prober.observe(domain);
    expect(o.a).toEqual({ status: 'ok', records: a });
    expect(o.aaaa.status).toBe('ok');
    expect(o.http).toEqual([]);
  });
});

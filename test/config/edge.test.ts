import { composeEdge } from '../../src/adapters/edge/compose';
import type { Database } from '../../src/db/database';
import { loadEdgeConfig, SANDBOX_NAMESERVERS } from '../../src/config/edge';

const db = {} as Database;

describe('edge configuration', () => {
  it('defaults to the sandbox for both sides', () => {
    const config = loadEdgeConfig({});
    expect(config).toMatchObject({
      dns: { adapter: 'sandbox' },
      proxy: { adapter: 'sandbox' },
      sandbox: { host: '127.0.0.1', nameservers: SANDBOX_NAMESERVERS },
    });
    const { providers } = composeEdge(config, { db });
    expect([providers.dns.id, providers.proxy.id]).toEqual(['sandbox', 'sandbox']);
  });

  it('combines DNS on PowerDNS with the proxy on Caddy', () => {
    const config = loadEdgeConfig({
      TERMINUS_EDGE_DNS: 'powerdns',
      POWERDNS_API_URL: 'http://127.0.0.1:8081',
      POWERDNS_API_KEY: 'secret',
      POWERDNS_DNS_ADDRESS: '127.0.0.1:53,10.0.0.2:5300',
      TERMINUS_EDGE_PROXY: 'caddy',
      CADDY_ADMIN_URL: 'http://127.0.0.1:2019',
      CADDY_SERVER: 'edge',
      CADDY_PROXY_URL: 'http://127.0.0.1:80',
      TERMINUS_PUBLIC_SUFFIXES: 'Customers.Hosting.example, ',
    });
    expect(config.dns).toEqual({
      adapter: 'powerdns',
      apiUrl: 'http://127.0.0.1:8081',
      apiKey: 'secret',
      serverId: 'localhost',
      servers: [
        { host: '127.0.0.1', port: 53 },
        { host: '10.0.0.2', port: 5300 },
      ],
    });
    expect(config.extraPublicSuffixes).toEqual(['customers.hosting.example']);
    const { providers } = composeEdge(config, { db });
    expect([providers.dns.id, providers.proxy.id]).toEqual(['powerdns', 'caddy']);
  });

  it('names every missing or malformed setting at once', () => {
    expect(() =>
      loadEdgeConfig({ TERMINUS_EDGE_DNS: 'powerdns', TERMINUS_EDGE_PROXY: 'caddy', CADDY_SERVER: 'edge' }),
    ).toThrow(
      /POWERDNS_API_URL: required.*POWERDNS_API_KEY: required.*POWERDNS_DNS_ADDRESS: required.*CADDY_ADMIN_URL: required.*CADDY_PROXY_URL: required/,
    );
    expect(() => loadEdgeConfig({ TERMINUS_EDGE_DNS: 'bind', POWERDNS_DNS_ADDRESS: 'nope' })).toThrow(
      /TERMINUS_EDGE_DNS.*POWERDNS_DNS_ADDRESS: host:port/,
    );
  });
});

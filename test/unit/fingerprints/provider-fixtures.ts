import type { ProviderRole } from '../../../src/domain/fingerprints';
import type { ObservationSpec } from './observations';

/**
 * One realistic observation per provider in the database (what a site on it looks like from outside), and the
 * verdict it must get. The test fails when a provider is added to the data without a fixture here.
 */
export const PROVIDER_FIXTURES: Record<string, { spec: ObservationSpec; role: ProviderRole }> = {
  cloudflare: {
    spec: {
      ns: ['lara.ns.cloudflare.com', 'greg.ns.cloudflare.com'],
      a: ['104.21.3.4', '172.67.1.2'],
      aaaa: ['2606:4700:3030::6815:304'],
      headers: { server: 'cloudflare', 'cf-ray': '8a1b2c3d4e5f0000-CDG', 'cf-cache-status': 'DYNAMIC' },
      cookies: ['__cf_bm'],
    },
    role: 'proxy_cdn',
  },
  'ddos-guard': {
    spec: {
      ns: ['ns1.ddos-guard.net', 'ns2.ddos-guard.net'],
      a: ['190.115.18.20'],
      headers: { server: 'ddos-guard' },
      cookies: ['__ddg1_', '__ddg2_'],
    },
    role: 'proxy_cdn',
  },
  epik: { spec: { ns: ['ns3.epik.com', 'ns4.epik.com'] }, role: 'dns' },
  bitmitigate: { spec: { ns: ['ns1.bitmitigate.com'], headers: { server: 'BitMitigate' } }, role: 'proxy_cdn' },
  njalla: { spec: { ns: ['1-you.njalla.no', '2-can.njalla.in', '3-get.njalla.fo'] }, role: 'dns' },
  orangewebsite: { spec: { ns: ['ns1.orangewebsite.com', 'ns2.orangewebsite.com'] }, role: 'dns' },
  sharktech: { spec: { ns: ['ns1.sharktech.net'] }, role: 'dns' },
  vanwatech: { spec: { ns: ['ns1.vanwatech.com', 'ns2.vanwatech.com'] }, role: 'dns' },
  akamai: {
    spec: {
      cname: ['www.example.org.edgekey.net', 'e1234.a.akamaiedge.net'],
      a: ['23.45.6.7'],
      headers: { server: 'AkamaiGHost' },
      cookies: ['_abck', 'bm_sz'],
    },
    role: 'proxy_cdn',
  },
  fastly: {
    spec: {
      cname: ['dualstack.example.map.fastly.net'],
      a: ['151.101.1.57'],
      headers: { 'x-served-by': 'cache-fra-eddf8230123-FRA', via: '1.1 varnish', 'x-cache': 'HIT' },
    },
    role: 'proxy_cdn',
  },
  cloudfront: {
    spec: {
      cname: ['d111111abcdef8.cloudfront.net'],
      a: ['13.224.5.6'],
      headers: { 'x-amz-cf-id': 'abc==', 'x-amz-cf-pop': 'CDG50-C1', via: '1.1 0123.cloudfront.net (CloudFront)' },
    },
    role: 'proxy_cdn',
  },
  route53: {
    spec: { ns: ['ns-2048.awsdns-64.com', 'ns-1.awsdns-00.net', 'ns-512.awsdns-00.org', 'ns-1024.awsdns-00.co.uk'] },
    role: 'dns',
  },
  aws: {
    spec: { cname: ['my-alb-123456.eu-west-1.elb.amazonaws.com'], cookies: ['AWSALB', 'AWSALBCORS'] },
    role: 'hosting',
  },
  'azure-front-door': {
    spec: { ns: ['ns1-01.azure-dns.com'], cname: ['example-abc.z01.azurefd.net'], headers: { 'x-azure-ref': '0abc' } },
    role: 'proxy_cdn',
  },
  'google-cloud': {
    spec: { ns: ['ns-cloud-a1.googledomains.com'], a: ['34.120.1.2'], headers: { via: '1.1 google' } },
    role: 'proxy_cdn',
  },
  imperva: {
    spec: {
      cname: ['x7abc.x.incapdns.net'],
      a: ['45.60.1.2'],
      headers: { 'x-iinfo': '1-2-3', 'x-cdn': 'Imperva' },
      cookies: ['visid_incap_123', 'incap_ses_1_123'],
    },
    role: 'proxy_cdn',
  },
  sucuri: {
    spec: {
      a: ['192.124.249.10'],
      headers: { 'x-sucuri-id': '11005', server: 'Sucuri/Cloudproxy' },
      cookies: ['sucuri_cloudproxy_uuid_abc'],
    },
    role: 'proxy_cdn',
  },
  stackpath: {
    spec: {
      cname: ['example.stackpathdns.com'],
      headers: { 'x-hw': '1700000000.dop005.fr8.t,1700000000.cds011.fr8.c' },
    },
    role: 'proxy_cdn',
  },
  bunnycdn: {
    spec: { cname: ['example.b-cdn.net'], headers: { server: 'BunnyCDN-DE1-1013', 'cdn-pullzone': '123' } },
    role: 'proxy_cdn',
  },
  gcore: { spec: { ns: ['ns1.gcorelabs.net', 'ns2.gcdn.services'], cname: ['cl-abc123.gcdn.co'] }, role: 'proxy_cdn' },
  ns1: { spec: { ns: ['dns1.p01.nsone.net', 'dns2.p01.nsone.net'] }, role: 'dns' },
  dnsimple: { spec: { ns: ['ns1.dnsimple.com', 'ns2.dnsimple-edge.net'] }, role: 'dns' },
  godaddy: { spec: { ns: ['ns51.domaincontrol.com', 'ns52.domaincontrol.com'] }, role: 'dns' },
  namecheap: { spec: { ns: ['dns1.registrar-servers.com', 'dns2.registrar-servers.com'] }, role: 'dns' },
  hetzner: {
    spec: { ns: ['hydrogen.ns.hetzner.com', 'helium.ns.hetzner.de'], a: ['88.198.10.20'], aaaa: ['2a01:4f8:c17:1::1'] },
    role: 'hosting',
  },
  ovh: { spec: { ns: ['dns10.ovh.net', 'ns10.ovh.net'], a: ['51.68.1.2'] }, role: 'hosting' },
  digitalocean: { spec: { ns: ['ns1.digitalocean.com'], a: ['167.99.1.2'] }, role: 'hosting' },
  linode: { spec: { ns: ['ns1.linode.com', 'ns2.linode.com'] }, role: 'dns' },
  vercel: {
    spec: {
      cname: ['cname.vercel-dns.com'],
      a: ['76.76.21.21'],
      headers: { 'x-vercel-id': 'cdg1::abc', server: 'Vercel' },
    },
    role: 'proxy_cdn',
  },
  netlify: {
    spec: { cname: ['example.netlify.app'], headers: { server: 'Netlify', 'x-nf-request-id': '01H' } },
    role: 'proxy_cdn',
  },
  'github-pages': {
    spec: { cname: ['someone.github.io'], a: ['185.199.108.153'], headers: { server: 'GitHub.com' } },
    role: 'hosting',
  },
  ours: {
    spec: {
      ns: ['ns1.edge.terminus.test', 'ns2.edge.terminus.test'],
      a: ['185.236.200.10'],
      headers: { 'x-terminus-edge': 'sandbox' },
    },
    role: 'proxy_cdn',
  },
};

import { loadApiConfig } from '../../src/config/api';
import { loadRoleConfig } from '../../src/config/roles';

const complete = {
  TEMPORAL_ADDRESS: '127.0.0.1:7233',
  DATABASE_URL: 'postgres://terminus:secret@127.0.0.1:5432/terminus',
  SMTP_URL: 'smtp://127.0.0.1:1025',
  MAIL_FROM: 'Trust & Safety <tns@terminus.test>',
  STAFF_ALERT_TO: 'staff@terminus.test',
};

/** The one error `role` stops with, as its lines. */
function problems(role: 'worker' | 'api', env: NodeJS.ProcessEnv): string[] {
  try {
    loadRoleConfig(role, env);
  } catch (err) {
    return (err as Error).message
      .split('\n')
      .slice(1)
      .map((l) => l.replace(/^ {2}- /, ''));
  }
  return [];
}

describe('loadRoleConfig', () => {
  it('names every missing variable of the worker at once, in one error', () => {
    expect(() => loadRoleConfig('worker', {})).toThrow(/^npm run worker cannot start/);
    expect(problems('worker', {}).map((p) => p.split(':')[0])).toEqual([
      'TEMPORAL_ADDRESS',
      'DATABASE_URL',
      'SMTP_URL',
      'MAIL_FROM',
      'STAFF_ALERT_TO',
    ]);
  });

  it('the API needs no mail settings, but Temporal and the database', () => {
    expect(problems('api', {}).map((p) => p.split(':')[0])).toEqual(['TEMPORAL_ADDRESS', 'DATABASE_URL']);
    expect(problems('api', { TEMPORAL_ADDRESS: 'h:1', DATABASE_URL: complete.DATABASE_URL })).toEqual([]);
  });

  it('lists bad values next to missing ones, from every loader', () => {
    const found = problems('worker', {
      ...complete,
      DATABASE_URL: undefined,
      TERMINUS_API_PORT: 'abc',
      TERMINUS_EDGE_DNS: 'powerdns',
      MAIL_FROM: 'not an address',
    }).map((p) => p.split(':')[0]);
    expect(found).toEqual(
      expect.arrayContaining([
        'TERMINUS_API_PORT',
        'DATABASE_URL',
        'MAIL_FROM',
        'POWERDNS_API_URL',
        'POWERDNS_API_KEY',
      ]),
    );
  });

  it('returns the application settings when everything is there', () => {
    const config = loadRoleConfig('worker', complete);
    expect(config.temporal.external).toBe(true);
    expect(config.databaseUrl).toBe(complete.DATABASE_URL);
  });

  it('serves the sandbox routes only where the edge is the sandbox, and says why otherwise', () => {
    const api = { TEMPORAL_ADDRESS: 'h:1', DATABASE_URL: complete.DATABASE_URL };
    expect(loadApiConfig({ ...api, TERMINUS_SANDBOX_ROUTES: 'on' }).sandboxRoutes).toBe(true);
    expect(loadApiConfig(api).sandboxRoutes).toBe(false);
    expect(problems('api', { ...api, TERMINUS_SANDBOX_ROUTES: 'yes' })).toEqual([
      'TERMINUS_SANDBOX_ROUTES: must be on or off',
    ]);
    const real = { ...api, TERMINUS_SANDBOX_ROUTES: 'on', TERMINUS_EDGE_DNS: 'powerdns', TERMINUS_EDGE_PROXY: 'caddy' };
    expect(problems('api', real)).toEqual([
      'TERMINUS_SANDBOX_ROUTES: is on, but TERMINUS_EDGE_DNS=powerdns and TERMINUS_EDGE_PROXY=caddy name a real edge ' +
        '(the sandbox routes exist only where the edge is the sandbox)',
    ]);
  });
});

import { planFootprint, type EdgeInventory } from '../../../src/domain/footprint/footprint-plan';

const inventory: EdgeInventory = {
  zones: [
    { name: 'forum.example', account: 'acct-demo' },
    { name: 'cdn.forum.example', account: 'acct-demo' },
    { name: 'forum-mirror.example', account: 'acct-demo' },
    { name: 'bakery.example', account: 'acct-bakery' },
    { name: 'hosting.example', account: 'acct-host' },
    { name: 'orphan.example', account: null },
  ],
  hosts: [
    { host: 'forum.example', routeId: 'r-forum', account: 'acct-demo' },
    { host: 'www.forum.example', routeId: 'r-forum', account: 'acct-demo' },
    { host: '*.forum-mirror.example', routeId: 'r-mirror', account: 'acct-demo' },
    { host: 'shop.forum.example', routeId: 'r-shop', account: 'acct-bakery' },
    { host: 'bakery.example', routeId: 'r-bakery', account: 'acct-bakery' },
  ],
};

describe('planFootprint', () => {
  it('plans the account zones (with the ones below) and its proxy hosts, and lists what is not on the edge', () => {
    const decision = planFootprint({
      accountId: 'acct-demo',
      domains: ['forum.example', 'www.forum.example', 'forum-mirror.example', 'forum.invalid-elsewhere.test'],
      services: ['dns', 'proxy'],
      inventory,
    });
    expect(decision).toEqual({
      ok: true,
      plan: {
        domains: [
          {
            domain: 'forum.example',
            zones: ['cdn.forum.example', 'forum.example'],
            routes: [
              { routeId: 'r-forum', host: 'forum.example' },
              { routeId: 'r-forum', host: 'www.forum.example' },
            ],
          },
          {
            domain: 'www.forum.example',
            zones: ['forum.example'],
            routes: [{ routeId: 'r-forum', host: 'www.forum.example' }],
          },
          {
            domain: 'forum-mirror.example',
            zones: ['forum-mirror.example'],
            routes: [{ routeId: 'r-mirror', host: '*.forum-mirror.example' }],
          },
          { domain: 'forum.invalid-elsewhere.test', zones: [], routes: [] },
        ],
        notOnEdge: ['forum.invalid-elsewhere.test'],
      },
    });
  });

  it('only plans the services asked for', () => {
    const decision = planFootprint({
      accountId: 'acct-demo',
      domains: ['forum.example'],
      services: ['proxy'],
      inventory,
    });
    expect(decision.ok && decision.plan.domains[0]).toEqual({
      domain: 'forum.example',
      zones: [],
      routes: [
        { routeId: 'r-forum', host: 'forum.example' },
        { routeId: 'r-forum', host: 'www.forum.example' },
      ],
    });
  });

  it('never plans another customer host below the domain', () => {
    const decision = planFootprint({
      accountId: 'acct-demo',
      domains: ['forum.example'],
      services: ['proxy'],
      inventory,
    });
    expect(JSON.stringify(decision)).not.toContain('r-shop');
  });

  it('refuses a domain whose zone belongs to another account, or to nobody on record', () => {
    const decision = planFootprint({
      accountId: 'acct-demo',
      domains: ['bakery.example', 'www.orphan.example', 'orphan.example'],
      services: ['dns'],
      inventory,
    });
    expect(decision.ok).toBe(false);
    if (decision.ok) return;
    expect(decision.violations.map((v) => [v.domain, v.code])).toEqual([
      ['bakery.example', 'zone_of_other_account'],
      ['www.orphan.example', 'zone_of_other_account'],
      ['orphan.example', 'zone_of_other_account'],
    ]);
    expect(decision.violations[0]!.message).toContain('belongs to account acct-bakery');
    expect(decision.violations[1]!.message).toContain('has no recorded owner');
  });

  it('refuses a proxy host that belongs to another account', () => {
    const decision = planFootprint({
      accountId: 'acct-demo',
      domains: ['shop.forum.example'],
      services: ['proxy'],
      inventory,
    });
    expect(decision).toMatchObject({
      ok: false,
      violations: [{ code: 'host_of_other_account', domain: 'shop.forum.example' }],
    });
  });

  it('refuses a zone that is the parent of other customers zones', () => {
    const shared: EdgeInventory = {
      zones: [
        { name: 'example', account: 'acct-evil' },
        { name: 'forum.example', account: 'acct-demo' },
        { name: 'shared.example', account: 'acct-evil' },
        { name: 'team.shared.example', account: 'acct-other' },
      ],
      hosts: [],
    };
    const parent = planFootprint({
      accountId: 'acct-evil',
      domains: ['example'],
      services: ['dns'],
      inventory: shared,
    });
    expect(parent).toMatchObject({ ok: false });
    if (parent.ok) return;
    expect(parent.violations.map((v) => v.code)).toEqual([
      'zone_is_public_suffix',
      'parent_of_other_customers',
      'parent_of_other_customers',
      'parent_of_other_customers',
    ]);
    expect(parent.violations[1]!.message).toContain('zone example is the parent of zone forum.example');
    const sub = planFootprint({
      accountId: 'acct-evil',
      domains: ['shared.example'],
      services: ['dns'],
      inventory: shared,
    });
    expect(sub).toMatchObject({
      ok: false,
      violations: [{ code: 'parent_of_other_customers', message: expect.stringContaining('team.shared.example') }],
    });
  });

  it('refuses to remove a whole zone for a name below it that the case names without its apex', () => {
    const decision = planFootprint({
      accountId: 'acct-demo',
      domains: ['blog.forum.example'],
      services: ['dns'],
      inventory,
    });
    expect(decision).toMatchObject({ ok: false, violations: [{ code: 'zone_apex_not_in_case' }] });
  });

  it('refuses a public-suffix zone even when the account owns it', () => {
    const decision = planFootprint({
      accountId: 'acct-x',
      domains: ['shop.co.uk', 'co.uk'],
      services: ['dns'],
      inventory: { zones: [{ name: 'co.uk', account: 'acct-x' }], hosts: [] },
    });
    expect(decision).toMatchObject({
      ok: false,
      violations: [{ code: 'zone_is_public_suffix' }, { code: 'zone_is_public_suffix' }],
    });
  });

  it('plans one domain of a case while the rules still see the whole case', () => {
    const decision = planFootprint({
      accountId: 'acct-demo',
      domains: ['forum.example', 'blog.forum.example'],
      services: ['dns'],
      inventory,
      only: ['blog.forum.example'],
    });
    // The apex is named by the case, so the alias maps to the customer's zone instead of being refused.
    expect(decision).toEqual({
      ok: true,
      plan: { domains: [{ domain: 'blog.forum.example', zones: ['forum.example'], routes: [] }], notOnEdge: [] },
    });
  });
});

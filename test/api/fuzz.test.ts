// Hostile input: at least 1,500 malformed or hostile bodies, paths and query strings against every route of the
// real Temporal-backed API (dev server, real case workflow). Not one may get a 5xx; every refusal is a problem
// document; nothing pollutes Object.prototype. Seeded, so a failure replays exactly.
import { BY_ROLE, startApiHarness, type ApiHarness, type Person } from '../support/api/api-harness';
import { openBody, ROUTES } from '../support/api/route-table';
import { uniqueId } from '../support/temporal-env';

let h: ApiHarness;
let caseId: string;

beforeAll(async () => {
  h = await startApiHarness({ temporal: true, config: { openWaitMs: 2000, temporalTimeoutMs: 5000 } });
  const account = uniqueId('fuzz');
  const opened = await h.call<{ caseId: string }>('POST', '/cases', { as: 'rita', body: openBody(account) });
  expect(opened.status).toBe(201);
  caseId = opened.body.caseId;
}, 120_000);
afterAll(() => h?.stop());

/** mulberry32: small, seeded, good enough to spread inputs. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick };
}

const R = rng(0x7e2a1);
const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '__defineGetter__',
  'valueOf',
  '',
];
const BAD_ZONES = [
  'Mars/Olympus_Mons',
  'UTC+25',
  '+99:00',
  '../../etc/passwd',
  'America/Los_Angeles\u0000',
  'america/los_angeles ',
  'A'.repeat(5000),
  'Europe/Paris; DROP TABLE api_tokens',
  '%00',
  '',
  'Etc/GMT+14',
  'Local',
];
const STRINGS = [
  '',
  ' ',
  'x'.repeat(100_000),
  'é'.repeat(3000),
  '\u0000\u0001\u001f',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '\ud800',
  '🙂'.repeat(500),
  '2026-02-30T25:61:61Z',
  'case-../../x',
  'null',
];
const NUMBERS = [0, -1, 1e308, -1e308, 2 ** 53 + 1, 0.5, -0];

function value(depth = 0): unknown {
  const kind = R.int(depth > 3 ? 4 : 7);
  if (kind === 0) return R.pick(STRINGS);
  if (kind === 1) return R.pick(NUMBERS);
  if (kind === 2) return R.pick([true, false, null]);
  if (kind === 3) return R.pick(BAD_ZONES);
  if (kind === 4) return Array.from({ length: R.int(4) }, () => value(depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = 0, n = R.int(4); i < n; i++)
    o[R.pick([...HOSTILE_KEYS, 'reasons', 'facts', 'extra', 'principal', 'role'])] = value(depth + 1);
  return o;
}

/** JSON text with hostile keys spelled out (JSON.stringify would drop a real __proto__). */
function withHostileKey(base: unknown): string {
  const text = JSON.stringify(base ?? {});
  const key = R.pick(HOSTILE_KEYS.filter(Boolean));
  const injected = `"${key}":${JSON.stringify(value(2)) ?? 'null'}`;
  return text.startsWith('{') && text !== '{}' ? `{${injected},${text.slice(1)}` : `{${injected}}`;
}

function mutate(base: Record<string, unknown>): unknown {
  const copy = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
  const paths: string[][] = [];
  const walk = (o: unknown, p: string[]) => {
    if (o && typeof o === 'object')
      for (const k of Object.keys(o)) {
        paths.push([...p, k]);
        walk((o as Record<string, unknown>)[k], [...p, k]);
      }
  };
  walk(copy, []);
  const path = paths.length ? R.pick(paths) : ['x'];
  let target: Record<string, unknown> = copy;
  for (const k of path.slice(0, -1)) target = target[k] as Record<string, unknown>;
  const last = path[path.length - 1]!;
  const op = R.int(4);
  if (op === 0) delete target[last];
  else if (op === 1) target[last] = value();
  else if (op === 2) target[`${last}_extra`] = 1;
  else target[last] = R.pick(BAD_ZONES);
  return copy;
}

const MALFORMED = [
  '{',
  '{"a":}',
  '[1,2,',
  'NaN',
  '{"a":1,}',
  "{'a':1}",
  '\ufeff{}',
  '{"a":1}{"b":2}',
  `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
  '"just a string"',
  '12',
  'true',
];
const TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-7',
  '',
];

function pathFor(template: string): string {
  const roll = R.int(10);
  const sub = roll < 6 ? caseId : roll < 8 ? 'case-unknown-fuzz' : enc(R.pick(STRINGS).slice(0, 300)) || 'x';
  return template
    .replace('case-acct-1', sub)
    .replace('appeal-1', R.pick(['appeal-1', 'appeal-99', '..', '%2e%2e']))
    .replace('hold-1', R.pick(['hold-1', 'x'.repeat(200)]));
}

/** encodeURIComponent refuses lone surrogates (no client can send them in a URL). */
const enc = (s: string) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\ufffd'));
const text = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? 'null'));

function query(): string {
  const keys = [
    'stage',
    'outcome',
    'category',
    'account',
    'domain',
    'limit',
    'cursor',
    'from',
    'to',
    'target',
    'principal',
    '__proto__',
    'constructor[prototype][polluted]',
    '__proto__[polluted]',
    'x',
  ];
  const parts: string[] = [];
  for (let i = 0, n = 1 + R.int(4); i < n; i++) {
    const raw =
      R.int(5) === 0
        ? R.pick(['%E0%A4%A', '%', '%zz', '%00'])
        : enc(text(value(3)).slice(0, R.int(3) === 0 ? 5000 : 80));
    parts.push(`${encodeURIComponent(R.pick(keys)).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${raw}`);
  }
  return parts.join('&');
}

const PERSONS: Person[] = ['rita', 'ivan', 'lena', 'tom', 'ada', 'otto', 'root', 'dana'];

it('answers 1,500 hostile requests without a single 5xx', async () => {
  const protoKeys = Object.getOwnPropertyNames(Object.prototype).sort();
  const statuses = new Map<number, number>();
  const failures: string[] = [];
  const N = 1500;
  for (let i = 0; i < N; i++) {
    const route = R.pick(ROUTES);
    const base = route.body ?? (route.path === '/cases' ? openBody() : {});
    let path = pathFor(route.path.split('?')[0]!);
    let method = route.method;
    const headers: Record<string, string> = {};
    const who = R.int(12);
    const person = who < 8 ? BY_ROLE[R.pick(route.roles)] : R.pick(PERSONS);
    if (who < 10) headers.authorization = `Bearer ${h.tokens[person]}`;
    else if (who === 10)
      headers.authorization = `Bearer ${R.pick(STRINGS).slice(0, 300)}`.replace(/[^\x20-\xff]/g, '?');
    let body: string | undefined;
    const shape = R.int(8);
    if (method === 'GET' || shape === 7) {
      path += `?${query()}`;
      if (shape === 7 && method === 'POST') method = 'GET';
    } else {
      headers['content-type'] = R.int(6) === 0 ? R.pick(TYPES) : 'application/json';
      if (shape === 0) body = R.pick(MALFORMED);
      else if (shape === 1) body = JSON.stringify(value());
      else if (shape === 2) body = withHostileKey(base);
      else if (shape === 3 && route.path === '/cases') {
        const b = openBody(uniqueId('fz'));
        b.cutoff = { kind: 'local', time: R.pick(['00:00', '24:00', '02:30', 'noon']), timeZone: R.pick(BAD_ZONES) };
        body = JSON.stringify(b);
      } else body = JSON.stringify(mutate(base));
    }
    if (headers['content-type'] === '') delete headers['content-type'];
    const res = await h.app.request(path, {
      method,
      headers,
      ...(body !== undefined && method === 'POST' ? { body } : {}),
    });
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    const text = await res.text();
    if (res.status >= 500)
      failures.push(`${method} ${path.slice(0, 200)} ${body?.slice(0, 200)} -> ${res.status} ${text.slice(0, 300)}`);
    else if (res.status >= 400 && !res.headers.get('content-type')?.includes('application/problem+json')) {
      failures.push(`${method} ${path.slice(0, 200)} -> ${res.status} without a problem document`);
    }
  }
  process.stdout.write(`fuzz statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}\n`);
  expect(failures).toEqual([]);
  expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(N);
  // The hostile input reached validation (400/413/415), not just authentication.
  expect((statuses.get(400) ?? 0) + (statuses.get(413) ?? 0) + (statuses.get(415) ?? 0)).toBeGreaterThan(N / 3);
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoKeys);
  // Whatever the fuzz got accepted must not poison the case later: once closed, its record reaches the archive.
  const view = await h.call<{ stage: string }>('GET', `/cases/${caseId}`, { as: 'otto' });
  process.stdout.write(`fuzz case ended at stage ${view.body.stage}\n`);
  if (view.body.stage === 'closed') {
    const deadline = Date.now() + 30_000;
    let archived = 0;
    while (Date.now() < deadline && !archived) {
      archived = (await h.db.query('SELECT 1 FROM case_records WHERE case_id = $1', [caseId])).length;
      if (!archived) await new Promise((r) => setTimeout(r, 200));
    }
    expect(archived).toBe(1);
  }
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}, 600_000);

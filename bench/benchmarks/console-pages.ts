import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Benchmark, Figure } from '../lib/types';
import { openBody } from '../support/api-load';
import { percentile } from '../support/closed-loop';
import { parseDuration, parseInteger, refuseUnknown } from '../support/options';
import { startStackProcess, type StackProcess } from '../support/stack-process';

const KNOWN = ['cases', 'requests', 'clients', 'read-cache'];
const P95_TARGET_MS = 200;

/** What a run measures: how many open cases, how many page loads per page, how many at once. */
interface Options {
  cases: number;
  requests: number;
  clients: number;
  /** The API's read cache (`TERMINUS_API_READ_CACHE_MS`); absent: the default (1 s). 0 times every page uncached. */
  readCacheMs?: number;
}

/** A cookie jar for one browser-less visitor (cookies on 127.0.0.1 are shared across ports, as in a browser). */
class Jar {
  private readonly cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const value = pair!.slice(eq + 1);
      if (value) this.cookies.set(pair!.slice(0, eq), value);
      else this.cookies.delete(pair!.slice(0, eq));
    }
  }
}

/** Follows redirects by hand (keeping cookies), posting the embedded provider's login and consent forms. */
async function signIn(consoleUrl: string, account: string, password: string): Promise<Jar> {
  const jar = new Jar();
  const go = async (url: string, form?: Record<string, string>): Promise<Response> => {
    const res = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: jar.header(),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    jar.take(res);
    return res;
  };
  let res = await go(`${consoleUrl}/sign-in`);
  for (let hops = 0; hops < 20; hops++) {
    const location = res.headers.get('location');
    if (location) {
      const next = new URL(location, res.url || consoleUrl).href;
      if (next.startsWith(`${consoleUrl}/queues`)) return jar;
      res = await go(next);
      continue;
    }
    const page = await res.text();
    const action = /<form method="post" action="([^"]+)"/.exec(page)?.[1];
    if (!action) throw new Error(`sign-in stopped at ${res.status}: ${page.slice(0, 300)}`);
    const target = new URL(action, res.url).href;
    res = await go(target, action.endsWith('/login') ? { account, password } : {});
  }
  throw new Error('sign-in did not finish in 20 steps');
}

/** Runs `fn` `total` times with `clients` at once; returns each duration in ms (throws on a wrong status). */
async function timedLoads(total: number, clients: number, fn: (n: number) => Promise<Response>): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < total) {
        const n = next++;
        const t0 = performance.now();
        const res = await fn(n);
        const body = await res.text();
        if (res.status !== 200) throw new Error(`${res.status}: ${body.slice(0, 300)}`);
        times.push(performance.now() - t0);
      }
    }),
  );
  return times;
}

async function openCases(stack: StackProcess, count: number, log: (m: string) => void): Promise<string[]> {
  const ids: string[] = [];
  const token = stack.demoTokens.requester.token;
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async (_, c) => {
      while (next < count) {
        const n = next++;
        const res = await fetch(`${stack.apiUrl}/cases`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(openBody('console', c, n)),
        });
        const body = (await res.json()) as { caseId?: string };
        if (res.status !== 201 || !body.caseId) throw new Error(`opening case ${n}: ${res.status}`);
        ids.push(body.caseId);
        if (ids.length % 200 === 0) log(`${ids.length} cases open`);
      }
    }),
  );
  return ids;
}

const tenth = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10);
const stats = (times: number[]) => ({
  count: times.length,
  p50: tenth(percentile(times, 50)),
  p95: tenth(percentile(times, 95)),
  max: times.length ? Math.round(Math.max(...times) * 10) / 10 : null,
});

/**
 * The reviewer console's pages with 1,000 open cases on the embedded stack (issue 19): an investigator signed in
 * through the embedded OIDC provider loads the queue page, the case list and case pages, a few at once; p95 of each
 * is held to 200 ms. The cases are opened through the API first; pages are timed from outside the stack's process.
 */
export const benchmark: Benchmark = {
  id: 'console-pages',
  title: 'Reviewer console pages with 1,000 open cases (p95 <= 200 ms)',
  issueItem: 'issue 19',
  async run({ options, workDir, log }) {
    refuseUnknown(options, KNOWN, 'console-pages');
    const o: Options = {
      cases: options.cases ? parseInteger(options.cases, 'cases', 1, 5000) : 1000,
      requests: options.requests ? parseInteger(options.requests, 'requests', 10, 100_000) : 300,
      clients: options.clients ? parseInteger(options.clients, 'clients', 1, 50) : 4,
      ...(options['read-cache'] !== undefined
        ? { readCacheMs: parseDuration(options['read-cache'], 'read-cache') }
        : {}),
    };
    const startedAt = new Date().toISOString();
    // Opening 1,000 cases as one requester would hit the per-principal rate limit meant for people.
    const stack = await startStackProcess({
      workDir,
      env: {
        TERMINUS_API_RATE_OPEN: '100000/1h',
        ...(o.readCacheMs !== undefined ? { TERMINUS_API_READ_CACHE_MS: String(o.readCacheMs) } : {}),
      },
    });
    try {
      log(`stack ready at ${stack.apiUrl}; opening ${o.cases} cases`);
      const ids = await openCases(stack, o.cases, log);
      const consoleUrl = `${stack.apiUrl}/console`;
      const signInFile = path.join(workDir, 'home', 'data', 'demo-sign-in.json');
      const { password } = JSON.parse(await readFile(signInFile, 'utf8')) as { password: string };
      const jar = await signIn(consoleUrl, 'demo-investigator', password);
      const get = (p: string) => fetch(`${consoleUrl}${p}`, { headers: { cookie: jar.header() } });
      // The queue page must show the investigator's work (else it would time an empty page).
      const queueRows = ((await (await get('/queues')).text()).match(/href="\/console\/cases\/case-/g) ?? []).length;
      if (queueRows === 0) throw new Error("the investigator's queue page lists no case");
      log(`signed in; ${queueRows} cases in the queue; timing ${o.requests} loads of each page, ${o.clients} at once`);
      const pages = {
        queues: stats(await timedLoads(o.requests, o.clients, () => get('/queues'))),
        cases: stats(await timedLoads(o.requests, o.clients, () => get('/cases'))),
        case: stats(await timedLoads(o.requests, o.clients, (n) => get(`/cases/${ids[(n * 37) % ids.length]}`))),
      };
      const figures: Figure[] = Object.entries(pages).map(([name, s]) => ({
        key: `${name}P95Ms`,
        label: `Console ${name === 'case' ? 'case page' : `${name} page`}, p95, ${o.clients} at once, ${o.cases} open cases`,
        value: s.p95,
        unit: 'ms',
        target: `<= ${P95_TARGET_MS} ms`,
        met: s.p95 === null ? null : s.p95 <= P95_TARGET_MS,
        note: `p50 ${s.p50} ms, max ${s.max} ms over ${s.count} loads`,
      }));
      return {
        id: 'console-pages',
        title: this.title,
        startedAt,
        finishedAt: new Date().toISOString(),
        parameters: { ...o },
        figures,
        details: { pages, queueRows },
        notes: [
          `The investigator's queue page listed ${queueRows} cases. Read cache: ${o.readCacheMs === undefined ? 'the default (1 s), as a deployment runs' : `${o.readCacheMs} ms`}.`,
          "Each case page is a Temporal query (behind the API's 1 s read cache, as for the API) plus rendering the " +
            'statement and notice; the queue page lists the newest 25 cases of each stage its queues cover and reads ' +
            'their views.',
        ],
      };
    } finally {
      await stack.stop();
    }
  },
};

// The API's read cache: views and list pages from memory for a short time, one call per key at a time, and an
// action's answer visible at once; failures are never kept.
import type { CaseView } from '../../../src/domain/case/case-state';
import type { CaseService } from '../../../src/services/case/case-service';
import { CachedCaseService } from '../../../src/services/case/case-read-cache';
import type { CaseActionInputs } from '../../../src/domain/case/actions';

function fakeService() {
  const calls = { view: 0, list: 0, act: 0 };
  let stage = 'investigating';
  let fail = false;
  const release: (() => void)[] = [];
  const gate = () => new Promise<void>((r) => release.push(r));
  const view = (id: string, at = stage) => ({ caseId: id, stage: at }) as unknown as CaseView;
  const inner = {
    open: () => Promise.reject(new Error('not used')),
    view: async (id: string) => {
      calls.view++;
      const asked = stage;
      await gate();
      if (fail) throw new Error('Temporal is unreachable');
      return view(id, asked);
    },
    list: () => {
      calls.list++;
      return Promise.resolve({ cases: [] });
    },
    act: (id: string) => {
      calls.act++;
      stage = 'legal_review';
      return Promise.resolve(view(id));
    },
  } as unknown as CaseService;
  return {
    inner,
    calls,
    setStage: (s: string) => (stage = s),
    setFail: (f: boolean) => (fail = f),
    releaseAll: () => release.splice(0).forEach((r) => r()),
    /** Lets the fake's pending views answer, then waits for `read`. */
    released<T>(read: Promise<T>): Promise<T> {
      release.splice(0).forEach((r) => r());
      return read;
    },
  };
}

const findings = {} as CaseActionInputs['findings'];

it('shares one call between concurrent readers and serves the answer until it expires', async () => {
  let now = 1_000;
  const f = fakeService();
  const cache = new CachedCaseService(f.inner, { ttlMs: 1000, maxEntries: 10, now: () => now });
  const reads = Array.from({ length: 20 }, () => cache.view('case-a'));
  f.releaseAll();
  const views = await Promise.all(reads);
  expect(f.calls.view).toBe(1);
  expect(new Set(views.map((v) => v.stage))).toEqual(new Set(['investigating']));

  f.setStage('notifying');
  now += 999;
  expect((await cache.view('case-a')).stage).toBe('investigating');
  now += 2;
  expect((await f.released(cache.view('case-a'))).stage).toBe('notifying');
  expect(f.calls.view).toBe(2);
});

it('shows an action at once and drops the cached list pages', async () => {
  const f = fakeService();
  const cache = new CachedCaseService(f.inner, { ttlMs: 60_000, maxEntries: 10 });
  await f.released(cache.view('case-a'));
  await cache.list({ limit: 20 });
  await cache.list({ limit: 20 });
  expect(f.calls.list).toBe(1);

  await cache.act('case-a', 'findings', findings);
  expect((await cache.view('case-a')).stage).toBe('legal_review');
  expect(f.calls.view).toBe(1);
  await cache.list({ limit: 20 });
  expect(f.calls.list).toBe(2);
  await cache.list({ limit: 20, stage: 'monitoring' });
  expect(f.calls.list).toBe(3);
});

it('keeps no failure: the next read asks again', async () => {
  const f = fakeService();
  const cache = new CachedCaseService(f.inner, { ttlMs: 60_000, maxEntries: 10 });
  f.setFail(true);
  await expect(f.released(cache.view('case-a'))).rejects.toThrow('unreachable');
  f.setFail(false);
  expect((await f.released(cache.view('case-a'))).stage).toBe('investigating');
  expect(f.calls.view).toBe(2);
});

it('a read that started before an action is not kept over the action', async () => {
  const f = fakeService();
  const cache = new CachedCaseService(f.inner, { ttlMs: 60_000, maxEntries: 10 });
  const before = cache.view('case-a');
  await cache.act('case-a', 'findings', findings);
  f.releaseAll();
  expect((await before).stage).toBe('investigating');
  expect((await cache.view('case-a')).stage).toBe('legal_review');
});

it('holds at most maxEntries, dropping the oldest', async () => {
  const f = fakeService();
  const cache = new CachedCaseService(f.inner, { ttlMs: 60_000, maxEntries: 2 });
  for (const id of ['case-a', 'case-b', 'case-c']) await f.released(cache.view(id));
  expect(f.calls.view).toBe(3);
  await f.released(cache.view('case-a'));
  expect(f.calls.view).toBe(4);
  await cache.view('case-c');
  expect(f.calls.view).toBe(4);
});

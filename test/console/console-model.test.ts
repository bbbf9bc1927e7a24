// What the console derives from the action table and the case view, without a server: who sees which queue, which
// actions a viewer is offered (and why the others are closed), the four-eyes wording and the time-axis pictures.
import { offeredActions } from '../../src/console/action-forms';
import { fourEyes } from '../../src/console/case-format';
import { providerSegments, stageSegments, timeAxis } from '../../src/console/charts';
import { toHtml } from '../../src/console/layout';
import { queuesFor } from '../../src/console/queue-model';
import { enterStage } from '../../src/domain/case/case-transitions';
import type { CaseView } from '../../src/domain/case/case-state';
import { FakeCaseService, KNOWN_CASE } from '../support/api/fake-case-service';

const T0 = Date.parse('2026-03-01T08:00:00.000Z');
const iso = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();

async function investigatingCase(): Promise<CaseView> {
  return structuredClone(await new FakeCaseService().view(KNOWN_CASE));
}

describe('queues', () => {
  it('shows each role the queues of the actions it may take at the API (operators only watch)', () => {
    const ids = (roles: Parameters<typeof queuesFor>[0]) => queuesFor(roles).map((q) => q.id);
    expect(ids(['investigator'])).toEqual(['findings']);
    expect(ids(['legal'])).toEqual(['legal', 'holds', 'retry-notice']);
    expect(ids(['tns_lead'])).toEqual(['second-approval', 'retry-notice']);
    expect(ids(['appeals'])).toEqual(['appeals']);
    expect(ids(['operator'])).toEqual([]);
  });
});

describe('offered actions', () => {
  it('offers the investigator the findings form, and legal its decision only once the case is in legal review', async () => {
    const view = await investigatingCase();
    const investigator = offeredActions(view, { id: 'ivan', roles: ['investigator'] }, T0);
    expect(investigator.find((a) => a.name === 'findings')).toEqual({
      name: 'findings',
      role: 'investigator',
      open: true,
    });
    expect(investigator.some((a) => a.name === 'legal-decision')).toBe(false);

    const legal = offeredActions(view, { id: 'lena', roles: ['legal'] }, T0);
    const decision = legal.find((a) => a.name === 'legal-decision')!;
    expect(decision.open).toBe(false);
    expect(decision.why).toMatch(/investigating/);
  });

  it('closes every action on a closed case, saying so', async () => {
    const view = { ...(await investigatingCase()), stage: 'closed' as const };
    const offered = offeredActions(view, { id: 'ada', roles: ['admin'] }, T0);
    expect(offered.length).toBeGreaterThan(0);
    expect(offered.every((a) => !a.open && a.why === 'the case is closed')).toBe(true);
  });
});

describe('four eyes', () => {
  it('says who approved and who is still awaited', async () => {
    const view = await investigatingCase();
    view.legal = {
      by: 'lena',
      role: 'legal',
      at: iso(5),
      reasons: 'r',
      decision: 'approve',
      ground: 'illegal_content',
      groundExplanation: 'x',
    };
    view.pendingApproverRoles = ['tns_lead'];
    expect(fourEyes(view)).toBe('approved by legal (lena); waiting for T&S lead');
    view.approvals = [{ by: 'tom', role: 'tns_lead', at: iso(6), reasons: 'r', decision: 'approve' }];
    view.pendingApproverRoles = [];
    expect(fourEyes(view)).toBe('approved by legal (lena), approved by tns lead (tom); approvals complete');
  });
});

describe('pictures', () => {
  it("puts the case's stages on a time axis from its timeline, the last one running until now", async () => {
    const view = await investigatingCase();
    enterStage(view, 'legal_review', iso(10));
    enterStage(view, 'notifying', iso(25));
    const segments = stageSegments(view, T0 + 40 * 60_000);
    expect(segments.map((s) => [s.label, (s.fromMs - T0) / 60_000, (s.toMs - T0) / 60_000])).toEqual([
      ['investigating', 0, 10],
      ['legal_review', 10, 25],
      ['notifying', 25, 40],
    ]);
  });

  it("draws each domain's provider over time, labelled for assistive technology and repeated as a table, escaped", async () => {
    const view = await investigatingCase();
    view.providerChain = [
      { domain: 'board.example', state: 'dark', provider: null, confidence: 1, at: iso(0) },
      { domain: 'board.example', state: 'njalla', provider: 'njalla', confidence: 0.9, at: iso(30) },
      { domain: 'www.board.example', state: '<b>odd</b>', provider: null, confidence: 1, at: iso(5) },
    ];
    const rows = [...providerSegments(view, T0 + 60 * 60_000)].map(([name, segments]) => ({ name, segments }));
    expect(rows.map((r) => [r.name, r.segments.map((s) => s.label)])).toEqual([
      ['board.example', ['dark', 'njalla']],
      ['www.board.example', ['<b>odd</b>']],
    ]);
    const svg = toHtml(timeAxis('providers', 'Provider per watched domain over time', rows));
    expect(svg).toMatch(/<svg\s+role="img"\s+aria-labelledby="providers-cap"/);
    expect(svg).toMatch(/<figcaption id="providers-cap">\s*Provider per watched domain over time\s*<\/figcaption>/);
    expect(svg.match(/<tr>\s*<td>/g)).toHaveLength(3);
    expect(svg).toContain('&lt;b&gt;odd&lt;/b&gt;');
    expect(svg).not.toContain('<b>odd</b>');
  });
});

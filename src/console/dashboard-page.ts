import type { Hono } from 'hono';
import { html } from 'hono/html';
import { OUTCOMES, STAGES } from '../domain/vocabularies';
import type { CaseService } from '../services/case/case-service';
import type { CaseSummary } from '../services/case/case-list';
import { isStaff } from '../services/access/case-access';
import { barChart } from './charts';
import { auditOnce } from './console-audit';
import type { ConsoleContext, ConsoleEnv } from './console-env';
import { page } from './layout';
import { principalOf } from './viewer';

/** Cases counted for the dashboard at most (visibility pages of 500); the page says when it stopped. */
const MAX_COUNTED = 5000;

async function everyCase(cases: CaseService): Promise<{ all: CaseSummary[]; capped: boolean }> {
  const all: CaseSummary[] = [];
  let cursor: string | undefined;
  do {
    const pageOf = await cases.list({ limit: 500, ...(cursor ? { cursor } : {}) });
    all.push(...pageOf.cases);
    cursor = pageOf.nextCursor;
  } while (cursor && all.length < MAX_COUNTED);
  return { all, capped: cursor !== undefined };
}

const count = (items: CaseSummary[], key: 'stage' | 'outcome', values: readonly string[]) =>
  values.map((label) => ({ label, count: items.filter((s) => s[key] === label).length }));

/** The dashboard: cases by stage and by outcome, and the transparency figures of the last 90 days (staff only). */
export function dashboardPage(app: Hono<ConsoleEnv>, ctx: ConsoleContext): void {
  app.get('/dashboard', async (c) => {
    const session = c.get('session');
    if (!isStaff(principalOf(session))) {
      await auditOnce(ctx, c, 'console.dashboard', 403, { detail: 'staff only' });
      return c.html(
        page('Dashboard', session, html`<p class="error" role="alert">The dashboard is for staff.</p>`),
        403,
      );
    }
    const { all, capped } = await everyCase(ctx.cases);
    const open = all.filter((s) => s.stage !== 'closed');
    const closed = all.filter((s) => s.stage === 'closed' || s.outcome);
    await auditOnce(ctx, c, 'console.dashboard', 200);
    const body = html`<div class="grid">
        <section aria-labelledby="by-stage">
          <h2 id="by-stage">Open cases by stage (${open.length})</h2>
          ${barChart(
            'stage-chart',
            'Open cases by stage',
            count(
              open,
              'stage',
              STAGES.filter((s) => s !== 'closed'),
            ),
          )}
        </section>
        <section aria-labelledby="by-outcome">
          <h2 id="by-outcome">Decided cases by outcome (${closed.length})</h2>
          ${barChart('outcome-chart', 'Cases by outcome', count(closed, 'outcome', OUTCOMES))}
        </section>
      </div>
      ${capped ? html`<p class="muted">Counted the ${all.length} newest cases only.</p>` : ''}
      <p>
        <a href="/console/dashboard/transparency"
          >Transparency figures: time to action, appeals, reappearance (last 90 days)</a
        >
      </p>`;
    return c.html(page('Dashboard', session, body));
  });

  app.get('/dashboard/transparency', async (c) => {
    const session = c.get('session');
    if (!isStaff(principalOf(session)))
      return c.html(page('Transparency', session, html`<p role="alert">For staff.</p>`), 403);
    const to = new Date();
    const from = new Date(to.getTime() - 90 * 86_400_000);
    const report = await ctx.cases.transparency({ from: from.toISOString(), to: to.toISOString() });
    await auditOnce(ctx, c, 'console.transparency', 200);
    const hours = (v: number | null) => (v === null ? 'n/a' : `${v.toFixed(1)} h`);
    const body = html`<p>
        ${report.period.from} to ${report.period.to}: ${report.cases.opened} opened, ${report.cases.closed} closed.
      </p>
      <div class="grid">
        <section aria-labelledby="t-outcome">
          <h2 id="t-outcome">Decisions</h2>
          ${barChart(
            't-outcome-chart',
            'Decisions by outcome',
            OUTCOMES.map((o) => ({ label: o, count: report.decisions.byOutcome[o] })),
          )}
        </section>
        <section aria-labelledby="t-appeals">
          <h2 id="t-appeals">Appeals</h2>
          ${barChart('t-appeals-chart', 'Appeals', [
            { label: 'filed', count: report.appeals.filed },
            { label: 'upheld', count: report.appeals.upheld },
            { label: 'denied', count: report.appeals.denied },
            { label: 'pending', count: report.appeals.pending },
          ])}
        </section>
        <section aria-labelledby="t-providers">
          <h2 id="t-providers">Reappearance by provider</h2>
          ${barChart(
            't-providers-chart',
            'Revoked domains that reappeared, by provider',
            report.reappearance.byProvider.map((p) => ({ label: p.provider, count: p.count })),
          )}
        </section>
      </div>
      <h2>Time to action</h2>
      <p>
        Notice periods: median ${hours(report.noticePeriods.medianHours)} (min ${hours(report.noticePeriods.minHours)},
        max ${hours(report.noticePeriods.maxHours)}, ${report.noticePeriods.count} cases). Time to reappearance: median
        ${hours(report.reappearance.medianHours)} over ${report.reappearance.count} domains.
      </p>`;
    return c.html(page('Transparency figures', session, body));
  });
}

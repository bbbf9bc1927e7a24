import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import { FAILURE_STATUS } from '../api/problem';
import { CASE_ACTION_TABLE, type CaseActionName } from '../domain/case/actions';
import type { CaseView } from '../domain/case/case-state';
import { canAccessCase, redactView } from '../services/access/case-access';
import { toServiceFailure } from '../services/case/service-error';
import { actionForm, offeredActions } from './action-forms';
import {
  cutoffSection,
  domainsSection,
  evidenceSection,
  holdsAndAppealsSection,
  noticeSection,
  timelineSection,
} from './case-sections';
import { fourEyes, urgencyCell } from './case-format';
import { auditOnce } from './console-audit';
import type { ConsoleContext, ConsoleEnv } from './console-env';
import { page, type Html } from './layout';
import { liveAnswer, versionOf } from './live-version';
import { noticePreview } from './notice-preview';
import { DEFAULT_LIVE_INTERVAL_MS } from './page-script';
import type { ConsoleSession } from './session-store';
import { principalOf } from './viewer';
import type { DomainWatchReport } from './watch-report';
import { watchSection } from './watch-section';

function actionsSection(view: CaseView, session: ConsoleSession, nowMs: number): Html {
  const offered = offeredActions(view, principalOf(session), nowMs);
  const open = offered.filter((a) => a.open);
  const closed = offered.filter((a) => !a.open);
  return html`<section aria-labelledby="actions" data-live="actions" data-live-label="your actions">
    <h2 id="actions">Your actions</h2>
    ${open.length ? '' : html`<p>No action of your roles is open on this case now.</p>`}
    ${open.map(
      (a) =>
        html`<section aria-labelledby="action-${a.name}">
          <h3 id="action-${a.name}">${CASE_ACTION_TABLE[a.name].summary} (as ${a.role})</h3>
          ${CASE_ACTION_TABLE[a.name].destructive ? html`<p class="muted">Destructive: a confirmation page names the consequence before anything happens.</p>` : ''}
          ${actionForm(a.name, view, session)}
        </section>`,
    )}
    ${
      closed.length
        ? html`<details>
            <summary>Not open now (${closed.length})</summary>
            <ul>
              ${closed.map((a) => html`<li>${CASE_ACTION_TABLE[a.name].summary}: ${a.why}</li>`)}
            </ul>
          </details>`
        : ''
    }
  </section>`;
}

/** The case as a viewer may see it, and what its watches recorded; or the page saying why not. */
async function readCase(
  ctx: ConsoleContext,
  c: Context<ConsoleEnv>,
  caseId: string,
): Promise<{ view: CaseView; reports: DomainWatchReport[] } | { refused: number; message: string; title: string }> {
  const principal = principalOf(c.get('session'));
  let view: CaseView;
  try {
    view = await ctx.cases.view(caseId);
  } catch (err) {
    const failure = toServiceFailure(err, { caseId });
    const status = FAILURE_STATUS[failure.type]?.status ?? 500;
    return { refused: status, message: failure.message, title: 'Case not available' };
  }
  if (!canAccessCase(principal, view))
    return { refused: 403, message: 'You may see only the cases you opened.', title: 'Not allowed' };
  view = redactView(view, principal);
  const reports = ctx.watches ? await Promise.all(view.watches.map((w) => ctx.watches!.read(caseId, w))) : [];
  return { view, reports };
}

/** The version of a case page: the case as the viewer sees it and the watch reports (not the clock). */
const caseVersion = (session: ConsoleSession, view: CaseView, reports: DomainWatchReport[]): string =>
  versionOf([session.roles, view, reports]);

/**
 * The case page: everything a person deciding needs, and the actions their roles may take now; and its live
 * endpoint, which the open page asks whether the case changed.
 */
export function casePage(app: Hono<ConsoleEnv>, ctx: ConsoleContext): void {
  app.get('/cases/:caseId/live', async (c) => {
    const read = await readCase(ctx, c, c.req.param('caseId'));
    if ('refused' in read) return c.json({ error: read.message }, read.refused as 404);
    return liveAnswer(c, caseVersion(c.get('session'), read.view, read.reports));
  });

  app.get('/cases/:caseId', async (c) => {
    const session = c.get('session');
    const caseId = c.req.param('caseId');
    const read = await readCase(ctx, c, caseId);
    if ('refused' in read) {
      await auditOnce(ctx, c, 'console.case.view', read.refused, { target: caseId, detail: read.message });
      return c.html(
        page(read.title, session, html`<p class="error" role="alert" tabindex="-1" data-focus>${read.message}</p>`),
        read.refused as 404,
      );
    }
    const { view, reports } = read;
    await auditOnce(ctx, c, 'console.case.view', 200, { target: caseId });
    const nowMs = Date.now();
    const done = c.req.query('done') as CaseActionName | undefined;
    const flash =
      done && CASE_ACTION_TABLE[done]
        ? html`<p class="ok" role="status" tabindex="-1" data-focus>Done: ${CASE_ACTION_TABLE[done].summary}.</p>`
        : '';
    const webUi = ctx.config.temporalUiUrl
      ? html` <a href="${ctx.config.temporalUiUrl}/namespaces/${ctx.config.namespace}/workflows/${caseId}"
          >Workflow in the Temporal Web UI</a
        >`
      : '';
    const body = html`<div class="state" data-live="state" data-live-label="stage and approvals">
        <p>
          Stage <strong>${view.stage}</strong>${view.outcome ? html`, outcome <strong>${view.outcome}</strong>` : ''};
          urgency ${urgencyCell(view.intake.urgency)}; category ${view.policy.category.id} (policy
          ${view.policyVersion}, ${view.policyClause}).
        </p>
        <p>Four eyes: <strong>${fourEyes(view)}</strong>.</p>
        <p>
          Account ${view.intake.account.name} (${view.intake.account.id}); opened ${view.openedAt} by
          ${view.intake.requestedBy}.${webUi}
        </p>
      </div>
      ${actionsSection(view, session, nowMs)} ${cutoffSection(view, nowMs)} ${noticeSection(noticePreview(view, nowMs))}
      ${timelineSection(view, nowMs)} ${evidenceSection(view)} ${domainsSection(view)} ${holdsAndAppealsSection(view)}
      ${watchSection(view, nowMs, reports)}`;
    const live = {
      url: `/console/cases/${caseId}/live`,
      version: caseVersion(session, view, reports),
      intervalMs: ctx.liveIntervalMs ?? DEFAULT_LIVE_INTERVAL_MS,
    };
    return c.html(page(`Case ${caseId}`, session, body, flash || undefined, live));
  });
}

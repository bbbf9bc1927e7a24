import type { Hono } from 'hono';
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
  LOCAL_TIME_SCRIPT,
  noticeSection,
  timelineSection,
  watchSection,
} from './case-sections';
import { fourEyes, urgencyCell } from './case-format';
import { auditOnce } from './console-audit';
import type { ConsoleContext, ConsoleEnv } from './console-env';
import { page, type Html } from './layout';
import { noticePreview } from './notice-preview';
import type { ConsoleSession } from './session-store';
import { principalOf } from './viewer';

function actionsSection(view: CaseView, session: ConsoleSession, nowMs: number): Html {
  const offered = offeredActions(view, principalOf(session), nowMs);
  const open = offered.filter((a) => a.open);
  const closed = offered.filter((a) => !a.open);
  return html`<section aria-labelledby="actions">
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

/** The case page: everything a person deciding needs, and the actions their roles may take now. */
export function casePage(app: Hono<ConsoleEnv>, ctx: ConsoleContext): void {
  app.get('/cases/:caseId', async (c) => {
    const session = c.get('session');
    const principal = principalOf(session);
    const caseId = c.req.param('caseId');
    let view: CaseView;
    try {
      view = await ctx.cases.view(caseId);
    } catch (err) {
      const failure = toServiceFailure(err, { caseId });
      const status = FAILURE_STATUS[failure.type]?.status ?? 500;
      await auditOnce(ctx, c, 'console.case.view', status, { target: caseId, detail: failure.message });
      return c.html(
        page('Case not available', session, html`<p class="error" role="alert">${failure.message}</p>`),
        status as 404,
      );
    }
    if (!canAccessCase(principal, view)) {
      await auditOnce(ctx, c, 'console.case.view', 403, { target: caseId, detail: 'not a case of this principal' });
      return c.html(
        page('Not allowed', session, html`<p class="error" role="alert">You may see only the cases you opened.</p>`),
        403,
      );
    }
    view = redactView(view, principal);
    await auditOnce(ctx, c, 'console.case.view', 200, { target: caseId });
    const nowMs = Date.now();
    const done = c.req.query('done') as CaseActionName | undefined;
    const flash =
      done && CASE_ACTION_TABLE[done]
        ? html`<p class="ok" role="status">Done: ${CASE_ACTION_TABLE[done].summary}.</p>`
        : '';
    const webUi = ctx.config.temporalUiUrl
      ? html` <a href="${ctx.config.temporalUiUrl}/namespaces/${ctx.config.namespace}/workflows/${caseId}"
          >Workflow in the Temporal Web UI</a
        >`
      : '';
    const body = html`<div class="state">
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
      ${watchSection(view, nowMs)} ${LOCAL_TIME_SCRIPT}`;
    return c.html(page(`Case ${caseId}`, session, body, flash || undefined));
  });
}

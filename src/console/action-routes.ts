import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import { FAILURE_STATUS } from '../api/problem';
import {
  CASE_ACTION_NAMES,
  CASE_ACTION_TABLE,
  type CaseActionInputs,
  type CaseActionName,
} from '../domain/case/actions';
import { canAccessCase } from '../services/access/case-access';
import { toServiceFailure } from '../services/case/service-error';
import { actingRole, actionForm, consequenceOf, parseActionForm } from './action-forms';
import { auditEntry, auditOnce, resultOf } from './console-audit';
import type { ConsoleContext, ConsoleEnv } from './console-env';
import { csrfField, page } from './layout';
import { principalOf } from './viewer';

const isAction = (name: string): name is CaseActionName => (CASE_ACTION_NAMES as string[]).includes(name);

type StatusCode = 200 | 400 | 403 | 404 | 409 | 429 | 500 | 502 | 503 | 504;

function refusal(c: Context<ConsoleEnv>, status: number, title: string, message: string, caseId?: string) {
  return c.html(
    page(
      title,
      c.get('session'),
      html`<p class="error" role="alert" tabindex="-1" data-focus>${message}</p>
        ${caseId ? html`<p><a href="/console/cases/${caseId}">Back to the case</a></p>` : ''}`,
    ),
    status as StatusCode,
  );
}

/**
 * Taking an action from the console: the form's values become the action's input (fields from the action table),
 * the actor is the signed-in principal in a role the table allows, and the case service sends the workflow update
 * (whose validator applies the same rules as for the API). A destructive action first shows a confirmation page
 * naming the consequence. Each attempt is audited before it runs and completed after; refusals are audited too.
 */
export function actionRoutes(app: Hono<ConsoleEnv>, ctx: ConsoleContext): void {
  app.post('/cases/:caseId/actions/:action', async (c) => {
    const session = c.get('session');
    const principal = principalOf(session);
    const caseId = c.req.param('caseId');
    const name = c.req.param('action');
    if (!isAction(name)) return refusal(c, 404, 'No such action', `there is no action "${name}"`, caseId);
    const spec = CASE_ACTION_TABLE[name];
    const role = actingRole(principal, name);
    if (!role) {
      const why = `principal ${principal.id} (roles ${principal.roles.join(', ')}) may not ${name} (needs one of: ${spec.roles.join(', ')})`;
      await auditOnce(ctx, c, `case.${name}`, 403, { target: caseId, detail: why });
      return refusal(c, 403, 'Not allowed', why, caseId);
    }
    const form = await c.req.parseBody();
    const parsed = parseActionForm(name, form);
    const view = await ctx.cases.view(caseId);
    if (!canAccessCase(principal, view)) {
      await auditOnce(ctx, c, `case.${name}`, 403, { target: caseId, detail: 'not a case of this principal' });
      return refusal(c, 403, 'Not allowed', `principal ${principal.id} may act only on cases it opened`, caseId);
    }
    const values = Object.fromEntries(
      Object.entries(form).filter((kv): kv is [string, string] => typeof kv[1] === 'string'),
    );
    if (!parsed.ok) {
      await auditOnce(ctx, c, `case.${name}`, 400, { target: caseId, detail: parsed.problems.join('; ') });
      return c.html(
        page(
          spec.summary,
          session,
          html`<div class="error" role="alert" tabindex="-1" data-focus>
              <p>Nothing was done:</p>
              <ul>
                ${parsed.problems.map((p) => html`<li>${p}</li>`)}
              </ul>
            </div>
            ${actionForm(name, view, session, values)}`,
        ),
        400,
      );
    }
    if (spec.destructive && form.confirmed !== 'yes') {
      return c.html(
        page(
          `Confirm: ${spec.summary}`,
          session,
          html`<div class="state" role="note" tabindex="-1" data-focus>
              <p><strong>Consequence.</strong> ${consequenceOf(name)}</p>
              <p>Case <a href="/console/cases/${caseId}">${caseId}</a>, acting as ${principal.id} (${role}).</p>
            </div>
            <dl>
              ${Object.entries(values)
                .filter(([k]) => k !== 'csrf' && k !== 'confirmed')
                .map(
                  ([k, v]) =>
                    html`<dt>${k}</dt>
                      <dd>${v}</dd>`,
                )}
            </dl>
            <form method="post" action="/console/cases/${caseId}/actions/${name}">
              ${csrfField(session)}
              ${Object.entries(values)
                .filter(([k]) => k !== 'csrf' && k !== 'confirmed')
                .map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}" />`)}
              <input type="hidden" name="confirmed" value="yes" />
              <button type="submit" class="danger">Yes: ${spec.summary}</button>
              <a href="/console/cases/${caseId}#action-${name}" data-cancel>Cancel</a>
              <span class="muted">(Escape cancels)</span>
            </form>`,
        ),
      );
    }
    if (spec.destructive) {
      const decision = await ctx.limiter.take(principal.id, 'destructive', ctx.destructiveRate);
      if (!decision.allowed) {
        const why = `principal ${principal.id} reached the limit for destructive actions; retry in ${decision.retryAfterSeconds} s`;
        await auditOnce(ctx, c, `case.${name}`, 429, { target: caseId, detail: why });
        return refusal(c, 429, 'Too many destructive actions', why, caseId);
      }
    }
    let auditId: string;
    try {
      auditId = await ctx.audit.write({ ...auditEntry(c, `case.${name}`, caseId), result: 'started' });
    } catch (err) {
      ctx.logger?.error({ err, action: name }, 'audit log write failed; console action refused');
      return refusal(c, 503, 'Unavailable', 'the audit log cannot be written; no action was taken', caseId);
    }
    const input = { ...parsed.fields, principal, role } as CaseActionInputs[typeof name];
    try {
      await ctx.cases.act(caseId, name, input);
    } catch (err) {
      const failure = toServiceFailure(err, { caseId });
      const status = FAILURE_STATUS[failure.type]?.status ?? 500;
      await ctx.audit.finish(auditId, resultOf(status), status, failure.message, caseId).catch(() => undefined);
      return refusal(c, status, FAILURE_STATUS[failure.type]?.title ?? 'Failed', failure.message, caseId);
    }
    await ctx.audit
      .finish(auditId, 'ok', 200, undefined, caseId)
      .catch((err: unknown) => ctx.logger?.error({ err, auditId }, 'audit log completion failed'));
    return c.redirect(`/console/cases/${caseId}?done=${name}`, 303);
  });
}

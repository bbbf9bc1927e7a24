import type { Hono } from 'hono';
import { html } from 'hono/html';
import { isStaff } from '../services/access/case-access';
import { ageOf, cutoffCell, cutoffOf, urgencyCell } from './case-format';
import { auditOnce } from './console-audit';
import type { ConsoleContext, ConsoleEnv } from './console-env';
import { page, type Html } from './layout';
import { liveAnswer, versionOf } from './live-version';
import { DEFAULT_LIVE_INTERVAL_MS } from './page-script';
import { fillQueues, queuesFor, type FilledQueue } from './queue-model';
import { principalOf } from './viewer';

/** Cases of each stage a queue looks at (the newest); the page says when there are more. */
const PER_STAGE = 25;

function queueTable(queue: FilledQueue, nowMs: number): Html {
  const id = `queue-${queue.spec.id}`;
  return html`<section aria-labelledby="${id}" data-live="${id}" data-live-label="${queue.spec.title.toLowerCase()}">
    <h2 id="${id}">${queue.spec.title} (${queue.items.length})</h2>
    ${
      queue.items.length
        ? html`<table>
            <caption class="muted">
              Oldest first. Cutoff countdown from now.
            </caption>
            <thead>
              <tr>
                <th scope="col">Case</th>
                <th scope="col">Account</th>
                <th scope="col">Domains</th>
                <th scope="col">Stage</th>
                <th scope="col">Age</th>
                <th scope="col">Urgency</th>
                <th scope="col">Cutoff</th>
              </tr>
            </thead>
            <tbody>
              ${[...queue.items]
                .sort((a, b) => Date.parse(a.view.openedAt) - Date.parse(b.view.openedAt))
                .map(
                  ({ summary, view }) =>
                    html`<tr>
                      <td><a href="/console/cases/${summary.caseId}">${summary.caseId}</a></td>
                      <td>${view.intake.account.name} (${view.intake.account.id})</td>
                      <td>${[view.domains.primary, ...view.domains.aliases].join(', ')}</td>
                      <td>${view.stage}</td>
                      <td>${ageOf(view.openedAt, nowMs)}</td>
                      <td>${urgencyCell(view.intake.urgency)}</td>
                      <td>${cutoffCell(view, nowMs, summary.cutoffAt)}</td>
                    </tr>`,
                )}
            </tbody>
          </table>`
        : html`<p>Nothing waits here.</p>`
    }
    ${queue.truncated ? html`<p class="muted">Looked at the ${queue.examined} newest cases of its stages; <a href="/console/cases">search all cases</a> for older ones.</p>` : ''}
  </section>`;
}

/** The version of a queue page: which cases wait where, in which stage, with which cutoff (not the clock). */
const queuesVersion = (queues: readonly FilledQueue[]): string =>
  versionOf(
    queues.map((q) => [
      q.spec.id,
      q.examined,
      q.truncated,
      q.items.map((i) => [i.summary.caseId, i.view.stage, cutoffOf(i.view, i.summary.cutoffAt) ?? null]),
    ]),
  );

/** "What waits for me": the queues of the signed-in principal's roles, and the live endpoint the page asks. */
export function queuesPage(app: Hono<ConsoleEnv>, ctx: ConsoleContext): void {
  app.get('/queues/live', async (c) => {
    const queues = await fillQueues(ctx.cases, queuesFor(principalOf(c.get('session')).roles), PER_STAGE);
    return liveAnswer(c, queuesVersion(queues));
  });

  app.get('/queues', async (c) => {
    const session = c.get('session');
    const principal = principalOf(session);
    const specs = queuesFor(principal.roles);
    const queues = await fillQueues(ctx.cases, specs, PER_STAGE);
    await auditOnce(ctx, c, 'console.queues', 200);
    const nowMs = Date.now();
    const body = specs.length
      ? html`${queues.map((q) => queueTable(q, nowMs))}`
      : html`<p>
          Your roles (${principal.roles.join(', ')}) decide nothing on cases;
          ${
            isStaff(principal)
              ? html`<a href="/console/cases">all cases</a> are open to you.`
              : 'you see the cases you opened.'
          }
        </p>`;
    const live = {
      url: '/console/queues/live',
      version: queuesVersion(queues),
      intervalMs: ctx.liveIntervalMs ?? DEFAULT_LIVE_INTERVAL_MS,
    };
    return c.html(page('What waits for me', session, body, undefined, live));
  });
}

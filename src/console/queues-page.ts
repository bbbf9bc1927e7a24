import type { Hono } from 'hono';
import { html } from 'hono/html';
import { isStaff } from '../services/access/case-access';
import { toServiceFailure } from '../services/case/service-error';
import { ageOf, cutoffCell, cutoffOf, urgencyCell } from './case-format';
import { auditOnce } from './console-audit';
import type { ConsoleContext, ConsoleEnv } from './console-env';
import { page, type Html } from './layout';
import { liveAnswer, versionOf } from './live-version';
import { DEFAULT_LIVE_INTERVAL_MS } from './page-script';
import { decodeCursors, encodeCursors, fillQueues, queuesFor, type FilledQueue } from './queue-model';
import { principalOf } from './viewer';

/** Cases of each stage a queue looks at (the newest); the page says when there are more. */
const PER_STAGE = 25;

function queueTable(queue: FilledQueue, nowMs: number, from?: string): Html {
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
    ${
      queue.next
        ? html`<p>
            <span class="muted">Looked at ${queue.examined} cases of its stages${from ? '' : ' (the newest)'}.</span>
            <a href="/console/queues/${queue.spec.id}?from=${encodeCursors(queue.next)}"
              >Older cases of this queue<span class="skip"> (${queue.spec.title})</span></a
            >
          </p>`
        : ''
    }
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

  // One queue, paged: the next cases of its stages after the cursors of the previous page.
  app.get('/queues/:queueId', async (c) => {
    const session = c.get('session');
    const spec = queuesFor(principalOf(session).roles).find((q) => q.id === c.req.param('queueId'));
    if (!spec) {
      await auditOnce(ctx, c, 'console.queues', 404, { detail: `no queue ${c.req.param('queueId')} for these roles` });
      return c.html(
        page('No such queue', session, html`<p class="error" role="alert">None of your queues is called that.</p>`),
        404,
      );
    }
    const from = c.req.query('from');
    const cursors = decodeCursors(from, spec.stages);
    if (!cursors) {
      await auditOnce(ctx, c, 'console.queues', 400, { detail: 'from: not a queue position' });
      return c.html(
        page(
          spec.title,
          session,
          html`<p class="error" role="alert">
            This link does not point into the queue (or the console restarted).
            <a href="/console/queues/${spec.id}">Start from the newest cases</a>.
          </p>`,
        ),
        400,
      );
    }
    let queue: FilledQueue;
    try {
      [queue] = (await fillQueues(ctx.cases, [spec], PER_STAGE, cursors)) as [FilledQueue];
    } catch (err) {
      const failure = toServiceFailure(err);
      await auditOnce(ctx, c, 'console.queues', 400, { detail: failure.message });
      return c.html(
        page(
          spec.title,
          session,
          html`<p class="error" role="alert">
            ${failure.message}. <a href="/console/queues/${spec.id}">Start from the newest cases</a>.
          </p>`,
        ),
        400,
      );
    }
    await auditOnce(ctx, c, 'console.queues', 200, { target: spec.id });
    return c.html(
      page(
        spec.title,
        session,
        html`<p><a href="/console/queues">All my queues</a></p>
          ${queueTable(queue, Date.now(), from)}`,
      ),
    );
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

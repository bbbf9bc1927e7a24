import type { Hono } from 'hono';
import { html } from 'hono/html';
import { z } from 'zod';
import { OUTCOMES, STAGES } from '../domain/vocabularies';
import type { CaseFilter } from '../services/case/case-list';
import { toServiceFailure } from '../services/case/service-error';
import { countdown } from './case-format';
import { auditOnce } from './console-audit';
import type { ConsoleContext, ConsoleEnv } from './console-env';
import { page } from './layout';

const Query = z.object({
  stage: z
    .enum(STAGES)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  outcome: z
    .enum(OUTCOMES)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  q: z.string().trim().max(253).optional(),
  cursor: z.string().max(4100).optional(),
});

/** The free-text search as a filter: a domain (has a dot) or an account id, matched exactly. */
function searchFilter(q: string | undefined): Partial<CaseFilter> {
  if (!q) return {};
  return q.includes('.') ? { domain: q.toLowerCase() } : { account: q };
}

const options = (values: readonly string[], selected: string | undefined) =>
  values.map((v) => html`<option value="${v}" ${v === selected ? 'selected' : ''}>${v}</option>`);

/** Every case (newest first), filtered by stage, outcome and a search, paged with the list's cursor. */
export function casesPage(app: Hono<ConsoleEnv>, ctx: ConsoleContext): void {
  app.get('/cases', async (c) => {
    const session = c.get('session');
    const parsed = Query.safeParse(c.req.query());
    const query = parsed.success ? parsed.data : {};
    // A case id goes straight to its page.
    if (query.q && /^case-[A-Za-z0-9._:@-]{1,200}$/.test(query.q)) return c.redirect(`/console/cases/${query.q}`, 302);
    const search = searchFilter(query.q);
    let listing;
    let problem: string | undefined = parsed.success ? undefined : 'Some filters were not understood and were ignored.';
    try {
      listing = await ctx.cases.list({
        ...search,
        ...(query.stage ? { stage: query.stage } : {}),
        ...(query.outcome ? { outcome: query.outcome } : {}),
        ...(query.cursor ? { cursor: query.cursor } : {}),
        limit: 50,
      });
    } catch (err) {
      problem = toServiceFailure(err).message;
    }
    await auditOnce(ctx, c, 'console.cases', problem && !listing ? 400 : 200);
    const nowMs = Date.now();
    const next = new URLSearchParams({
      ...(query.stage ? { stage: query.stage } : {}),
      ...(query.outcome ? { outcome: query.outcome } : {}),
      ...(query.q ? { q: query.q } : {}),
      ...(listing?.nextCursor ? { cursor: listing.nextCursor } : {}),
    });
    const body = html`<form method="get" action="/console/cases" role="search">
        <label for="q">Search (case id, domain or account id, exact)</label
        ><input id="q" name="q" type="text" value="${query.q ?? ''}" /> <label for="stage">Stage</label
        ><select id="stage" name="stage">
          <option value="">any</option>
          ${options(STAGES, query.stage)}
        </select>
        <label for="outcome">Outcome</label
        ><select id="outcome" name="outcome">
          <option value="">any</option>
          ${options(OUTCOMES, query.outcome)}
        </select>
        <button type="submit">Filter</button>
      </form>
      ${problem ? html`<p class="error" role="alert">${problem}</p>` : ''}
      ${
        listing
          ? html`<table>
                <caption>
                  ${listing.cases.length} cases, newest first
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Case</th>
                    <th scope="col">Account</th>
                    <th scope="col">Domains</th>
                    <th scope="col">Stage</th>
                    <th scope="col">Outcome</th>
                    <th scope="col">Category</th>
                    <th scope="col">Cutoff</th>
                    <th scope="col">Now served by</th>
                  </tr>
                </thead>
                <tbody>
                  ${listing.cases.map(
                    (s) =>
                      html`<tr>
                        <td><a href="/console/cases/${s.caseId}">${s.caseId}</a></td>
                        <td>${s.account ?? ''}</td>
                        <td>${s.domains.join(', ')}</td>
                        <td>${s.stage ?? ''}</td>
                        <td>${s.outcome ?? ''}</td>
                        <td>${s.category ?? ''}</td>
                        <td>${countdown(s.cutoffAt, nowMs)}</td>
                        <td>${s.provider ?? ''}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
              ${listing.nextCursor ? html`<p><a href="/console/cases?${next.toString()}">Next page</a></p>` : ''}`
          : ''
      }`;
    return c.html(page('All cases', session, body));
  });
}

import { html } from 'hono/html';
import type { CaseView } from '../domain/case/case-state';
import { providerSegments, timeAxis } from './charts';
import type { Html } from './layout';
import type { DomainWatchReport, WatchHistoryEntry, WatchVerdict } from './watch-report';

/** Where a domain is served, in a word: `dark` (served nowhere we can see), `our edge`, or the provider. */
const where = (state: string, provider: string | null): string =>
  state === 'ours' ? 'our edge' : state === 'dark' ? 'dark' : (provider ?? state);

/** The verdict of one observation: why, the matched signals (with their signatures and sources), what was seen. */
export function verdictDetails(v: WatchVerdict, caption: string): Html {
  const specific = v.evidence.filter((e) => !e.generic);
  const generic = v.evidence.filter((e) => e.generic);
  return html`<p>
      ${v.reason} (confidence ${v.confidence}, fingerprint database ${v.databaseVersion}); observed
      <time datetime="${v.observedAt}">${v.observedAt}</time> by the watch's DNS and HTTP probes.
    </p>
    ${
      v.evidence.length
        ? html`<table>
            <caption>
              ${caption}
            </caption>
            <thead>
              <tr>
                <th scope="col">Signal</th>
                <th scope="col">Seen</th>
                <th scope="col">Matched signature</th>
                <th scope="col">Provider (role)</th>
                <th scope="col">Sources</th>
              </tr>
            </thead>
            <tbody>
              ${[...specific, ...generic].map(
                (e) =>
                  html`<tr>
                    <td>${e.signal}${e.generic ? ' (generic: supports, never identifies)' : ''}</td>
                    <td><code>${e.observed}</code></td>
                    <td><code>${e.matched}</code></td>
                    <td>${e.provider} (${e.role})</td>
                    <td>${e.sources.join(', ')}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : html`<p>No signature matched.</p>`
    }
    <dl>
      ${v.seen.map(
        (s) =>
          html`<dt>${s.label}</dt>
            <dd>${s.value || 'none'}</dd>`,
      )}
    </dl>`;
}

function historyRow(domain: string, h: WatchHistoryEntry, i: number): Html {
  return html`<li>
    <strong>${where(h.state, h.provider)}</strong> from <time datetime="${h.at}">${h.at}</time> (confidence
    ${h.confidence})
    ${
      h.verdict
        ? html`<details>
            <summary>Evidence behind this verdict</summary>
            ${verdictDetails(h.verdict, `Signals matched for ${domain}, change ${i + 1}`)}
          </details>`
        : html`<span class="muted"> - the observation behind it is no longer in the watch's history.</span>`
    }
  </li>`;
}

/** One watched domain: where it is served now, the confirmed changes with their evidence, the latest verdict. */
function domainReport(r: DomainWatchReport): Html {
  const id = `watch-${r.domain.replace(/[^a-z0-9-]/gi, '-')}`;
  return html`<section aria-labelledby="${id}">
    <h3 id="${id}">${r.domain}</h3>
    ${r.problem ? html`<p class="error">${r.problem}</p>` : ''} ${r.note ? html`<p class="muted">${r.note}</p>` : ''}
    ${
      r.current
        ? html`<p>
            Now: <strong>${where(r.current.state, r.current.provider)}</strong> since
            <time datetime="${r.current.since}">${r.current.since}</time>${
              r.observations !== undefined
                ? html`; ${r.observations} observations, ${r.unknownObservations ?? 0} inconclusive`
                : ''
            }.${
              r.pending
                ? html` Being confirmed: ${where(r.pending.state, r.pending.provider)} (${r.pending.count} consistent
                  observations since ${r.pending.since}).`
                : ''
            }
          </p>`
        : ''
    }
    ${
      r.history.length
        ? html`<ol>
            ${r.history.map((h, i) => historyRow(r.domain, h, i))}
          </ol>`
        : html`<p>No change confirmed yet.</p>`
    }
    ${
      r.latest
        ? html`<details>
            <summary>Latest observation (${r.latest.observedAt})</summary>
            ${verdictDetails(r.latest, `Signals matched for ${r.domain} in the latest observation`)}
          </details>`
        : ''
    }
  </section>`;
}

/**
 * The watch: each domain's provider over time (the picture), and per domain its confirmed changes, each with the
 * evidence behind its verdict (signals matched, what the probes saw and when). Without reports (no watch reader),
 * the case's own chain of confirmed changes.
 */
export function watchSection(view: CaseView, nowMs: number, reports: readonly DomainWatchReport[]): Html {
  const body =
    !view.providerChain.length && !view.watches.length
      ? html`<p>No watch yet (it starts after revocation).</p>`
      : html`${timeAxis(
          'providers',
          'Provider per watched domain over time',
          [...providerSegments(view, nowMs)].map(([name, segments]) => ({ name, segments })),
        )}
        ${
          reports.length
            ? reports.map(domainReport)
            : html`<ol>
                ${view.providerChain.map(
                  (c) =>
                    html`<li>
                      ${c.domain}: <strong>${where(c.state, c.provider)}</strong> from ${c.at} (confidence
                      ${c.confidence})
                    </li>`,
                )}
              </ol>`
        }`;
  return html`<section aria-labelledby="watch" data-live="watch" data-live-label="watch">
    <h2 id="watch">Watch: where each domain is served</h2>
    ${body}
  </section>`;
}

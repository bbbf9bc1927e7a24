import { html } from 'hono/html';
import type { CaseView } from '../domain/case/case-state';
import { describeInstant } from '../domain/notice';
import { stageSegments, timeAxis } from './charts';
import { countdown, cutoffOf } from './case-format';
import type { Html } from './layout';
import type { NoticePreview } from './notice-preview';

/** A section of the case page; `data-live` names it for live updates (swapped whole when it changed). */
const section = (id: string, title: string, body: Html | string): Html =>
  html`<section aria-labelledby="${id}" data-live="${id}" data-live-label="${title.toLowerCase()}">
    <h2 id="${id}">${title}</h2>
    ${body}
  </section>`;

/** The cutoff in the viewer's zone (filled by the browser), in the zone the notice states, and in UTC. */
export function cutoffSection(view: CaseView, nowMs: number): Html {
  const at = cutoffOf(view);
  const zone = view.cutoff?.timeZone ?? (view.intake.cutoff.kind === 'local' ? view.intake.cutoff.timeZone : 'UTC');
  if (!at) {
    const asked = view.intake.cutoff;
    return section(
      'cutoff',
      'Cutoff',
      html`<p>
        Not resolved yet (it is fixed when the notice is sent). Requested:
        ${
          asked.kind === 'local' ? `${asked.time} ${asked.timeZone}${asked.date ? ` on ${asked.date}` : ''}` : asked.at
        };
        minimum notice ${Math.round(view.policy.category.minimumNotice.ms / 3_600_000)} h under policy
        ${view.policyVersion}.
      </p>`,
    );
  }
  const stated = describeInstant(at, zone);
  return section(
    'cutoff',
    'Cutoff',
    html`<dl>
      <dt>Your time zone</dt>
      <dd><time class="local-time" datetime="${at}">${stated.utc}</time></dd>
      <dt>As the notice states it (${zone})</dt>
      <dd>${stated.local}</dd>
      <dt>UTC</dt>
      <dd>${stated.utc}</dd>
      <dt>Countdown</dt>
      <dd>${countdown(at, nowMs)}</dd>
    </dl>`,
  );
}

/** The timeline of the case, newest last, with the stages on a time axis above it. */
export function timelineSection(view: CaseView, nowMs: number): Html {
  return section(
    'timeline',
    'Timeline',
    html`${timeAxis('stages', `Stages of ${view.caseId} over time`, [{ name: view.caseId, segments: stageSegments(view, nowMs) }])}
      ${view.timelineDropped ? html`<p class="muted">${view.timelineDropped} older entries were dropped to keep the case bounded.</p>` : ''}
      <table>
        <caption>
          Every act and stage change
        </caption>
        <thead>
          <tr>
            <th scope="col">When (UTC)</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          ${view.timeline.map(
            (e) =>
              html`<tr>
                <td><time datetime="${e.at}">${e.at.replace('T', ' ').slice(0, 19)}</time></td>
                <td>${e.actor}${e.role ? ` (${e.role})` : ''}</td>
                <td>${e.summary}</td>
                <td>${e.reasons ?? ''}</td>
              </tr>`,
          )}
        </tbody>
      </table>`,
  );
}

/** The evidence: stored items (hash, label, when) and the references given, with who gave them. */
export function evidenceSection(view: CaseView): Html {
  const refs = [
    ...view.intake.evidenceRefs.map((ref) => ({
      ref,
      by: view.intake.requestedBy,
      when: view.openedAt,
      how: 'at intake',
    })),
    ...(view.findings?.evidence ?? []).map((ref) => ({
      ref,
      by: view.findings!.by,
      when: view.findings!.at,
      how: 'with the findings',
    })),
  ];
  return section(
    'evidence',
    'Evidence',
    html`<table>
      <caption>
        Stored evidence (content-addressed) and references
      </caption>
      <thead>
        <tr>
          <th scope="col">Evidence</th>
          <th scope="col">Added by</th>
          <th scope="col">When</th>
        </tr>
      </thead>
      <tbody>
        ${view.evidence.map(
          (e) =>
            html`<tr>
              <td><code>sha256:${e.sha256}</code> ${e.label}</td>
              <td>system (investigation)</td>
              <td>${e.storedAt}</td>
            </tr>`,
        )}
        ${refs.map(
          (r) =>
            html`<tr>
              <td><code>${r.ref}</code></td>
              <td>${r.by} (${r.how})</td>
              <td>${r.when}</td>
            </tr>`,
        )}
        ${view.snapshots.map(
          (s) =>
            html`<tr>
              <td><code>sha256:${s.sha256}</code> footprint snapshot ${s.snapshotId}</td>
              <td>system</td>
              <td>${s.takenAt}</td>
            </tr>`,
        )}
      </tbody>
    </table>`,
  );
}

/** The domains and what of them is on our edge (zones, proxy hosts) and what revocation did. */
export function domainsSection(view: CaseView): Html {
  const zones = [...new Set(view.snapshots.flatMap((s) => s.zones))];
  const hosts = [...new Set(view.snapshots.flatMap((s) => s.proxyHosts))];
  return section(
    'domains',
    'Domains and zones',
    html`<p>
        Primary
        <strong>${view.domains.primary}</strong
        >${view.domains.aliases.length ? html`; aliases and mirrors: ${view.domains.aliases.join(', ')}` : ''}. Services
        to end: ${view.intake.services.join(', ')}.
      </p>
      <p>
        Zones on our edge: ${zones.join(', ') || 'none recorded yet'}. Proxy hosts:
        ${hosts.join(', ') || 'none recorded yet'}.
      </p>
      ${
        view.revocation.length
          ? html`<table>
              <caption>
                Revocation
              </caption>
              <thead>
                <tr>
                  <th scope="col">Domain</th>
                  <th scope="col">Service</th>
                  <th scope="col">Status</th>
                  <th scope="col">When</th>
                </tr>
              </thead>
              <tbody>
                ${view.revocation.map(
                  (r) =>
                    html`<tr>
                      <td>${r.domain}</td>
                      <td>${r.service}</td>
                      <td>${r.status}${r.error ? ` (${r.error})` : ''}</td>
                      <td>${r.at ?? ''}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
          : ''
      }`,
  );
}

/** The statement of reasons and the customer notice exactly as rendered for sending (text and HTML parts). */
export function noticeSection(preview: NoticePreview): Html {
  if (!preview.notice || !preview.statement) {
    return section(
      'notice',
      'Statement of reasons and notice',
      html`<p class="error">Cannot be rendered now: ${preview.problem ?? 'unknown'}</p>`,
    );
  }
  return section(
    'notice',
    'Statement of reasons and notice',
    html`<p class="state">
        ${preview.asSent ? 'As sent to the customer.' : 'As it would be sent if the customer were notified now (the cutoff is resolved at notice).'}
      </p>
      <h3>Subject: ${preview.notice.subject}</h3>
      <h3>Text part</h3>
      <pre tabindex="0">${preview.notice.text}</pre>
      <h3>HTML part</h3>
      <iframe
        title="The notice's HTML part, as the customer's mail program shows it"
        sandbox=""
        srcdoc="${preview.notice.html}"
      ></iframe>
      ${
        preview.dsa
          ? html`<h3>DSA statement of reasons (Transparency Database format)</h3>
              <pre tabindex="0">${JSON.stringify(preview.dsa, null, 2)}</pre>`
          : ''
      }`,
  );
}

/** Holds and appeals, each with its state. */
export function holdsAndAppealsSection(view: CaseView): Html {
  return section(
    'holds-appeals',
    'Holds and appeals',
    html`<ul>
      ${view.holds.map((h) => html`<li>Hold ${h.id}: ${h.kind}, reference ${h.reference}, expires ${h.expiresAt}${view.activeHolds.some((a) => a.id === h.id) ? ' (active)' : ''}</li>`)}
      ${view.appeals.map((a) => html`<li>Appeal ${a.id} filed ${a.filedAt}: ${a.decision ? `${a.decision.outcome} by ${a.decision.by}` : 'open'}</li>`)}
      ${!view.holds.length && !view.appeals.length ? html`<li>None.</li>` : ''}
    </ul>`,
  );
}

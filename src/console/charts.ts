import { html } from 'hono/html';
import type { CaseView } from '../domain/case/case-state';
import type { Html } from './layout';

/** A stretch of time in one state, for the time-axis pictures. */
export interface Segment {
  label: string;
  fromMs: number;
  toMs: number;
}

const PALETTE = ['#cfe2f3', '#fce5cd', '#d9ead3', '#fff2cc', '#ead1dc', '#d0e0e3', '#e6e6e6', '#f4cccc'];

/** The case's stages over time, from its timeline (the opening, then each stage change). */
export function stageSegments(view: CaseView, nowMs: number): Segment[] {
  const marks: { label: string; at: number }[] = [{ label: 'investigating', at: Date.parse(view.openedAt) }];
  for (const e of view.timeline) {
    const to = e.kind === 'stage_changed' ? /-> ([a-z_]+)$/.exec(e.summary)?.[1] : undefined;
    if (to) marks.push({ label: to, at: Date.parse(e.at) });
  }
  const end = view.closedAt ? Date.parse(view.closedAt) : nowMs;
  return marks.map((m, i) => ({ label: m.label, fromMs: m.at, toMs: marks[i + 1]?.at ?? Math.max(end, m.at) }));
}

/** Each watched domain's provider over time, from the provider chain (confirmed changes only). */
export function providerSegments(view: CaseView, nowMs: number): Map<string, Segment[]> {
  const byDomain = new Map<string, { label: string; at: number }[]>();
  for (const c of view.providerChain) {
    const list = byDomain.get(c.domain) ?? [];
    list.push({
      label: c.state === 'elsewhere' || c.provider ? (c.provider ?? c.state) : c.state,
      at: Date.parse(c.at),
    });
    byDomain.set(c.domain, list);
  }
  const out = new Map<string, Segment[]>();
  for (const [domain, marks] of byDomain) {
    out.set(
      domain,
      marks.map((m, i) => ({ label: m.label, fromMs: m.at, toMs: marks[i + 1]?.at ?? Math.max(nowMs, m.at) })),
    );
  }
  return out;
}

const clock = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';

/**
 * Segments on one time axis as inline SVG, with a text alternative: the SVG is labelled by the caption and the same
 * facts follow as a table, so nothing is only in the picture.
 */
export function timeAxis(id: string, caption: string, rows: { name: string; segments: Segment[] }[]): Html {
  const all = rows.flatMap((r) => r.segments);
  if (!all.length) return html`<p>${caption}: nothing yet.</p>`;
  const start = Math.min(...all.map((s) => s.fromMs));
  const end = Math.max(...all.map((s) => s.toMs), start + 1000);
  const left = 170;
  const width = 640;
  const x = (ms: number): number => left + ((ms - start) / (end - start)) * width;
  const colour = new Map<string, string>();
  for (const s of all) if (!colour.has(s.label)) colour.set(s.label, PALETTE[colour.size % PALETTE.length]!);
  const height = rows.length * 34 + 30;
  return html`<figure>
      <svg
        role="img"
        aria-labelledby="${id}-cap"
        viewBox="0 0 ${left + width + 10} ${height}"
        width="100%"
        style="max-width:60rem"
      >
        ${rows.map(
          (row, r) =>
            html`<text x="4" y="${r * 34 + 22}" font-size="12" fill="#1b1b1b">${row.name.slice(0, 26)}</text>
              ${row.segments.map(
                (s) =>
                  html`<g
                    ><title>${s.label}: ${clock(s.fromMs)} to ${clock(s.toMs)}</title>
                    <rect
                      x="${x(s.fromMs).toFixed(1)}"
                      y="${r * 34 + 6}"
                      width="${Math.max(2, x(s.toMs) - x(s.fromMs)).toFixed(1)}"
                      height="24"
                      fill="${colour.get(s.label)}"
                      stroke="#555"
                    ></rect>
                    <text x="${(x(s.fromMs) + 3).toFixed(1)}" y="${r * 34 + 22}" font-size="11" fill="#1b1b1b"
                      >${x(s.toMs) - x(s.fromMs) > 60 ? s.label : ''}</text
                    ></g
                  >`,
              )}`,
        )}
        <text x="${left}" y="${height - 4}" font-size="11" fill="#1b1b1b">${clock(start)}</text>
        <text x="${left + width}" y="${height - 4}" font-size="11" fill="#1b1b1b" text-anchor="end">${clock(end)}</text>
      </svg>
      <figcaption id="${id}-cap">${caption}</figcaption>
    </figure>
    <table>
      <caption class="muted">
        ${caption} (as a table)
      </caption>
      <thead>
        <tr>
          <th scope="col">${rows.length > 1 ? 'Domain' : 'Row'}</th>
          <th scope="col">State</th>
          <th scope="col">From</th>
          <th scope="col">To</th>
        </tr>
      </thead>
      <tbody>
        ${rows.flatMap((row) =>
          row.segments.map(
            (s) =>
              html`<tr>
                <td>${row.name}</td>
                <td>${s.label}</td>
                <td>${clock(s.fromMs)}</td>
                <td>${clock(s.toMs)}</td>
              </tr>`,
          ),
        )}
      </tbody>
    </table>`;
}

/** Counts as horizontal bars (inline SVG) with the numbers written beside them and a caption as the alternative. */
export function barChart(id: string, caption: string, counts: { label: string; count: number }[]): Html {
  const max = Math.max(1, ...counts.map((c) => c.count));
  const left = 150;
  const width = 300;
  return html`<figure>
    <svg
      role="img"
      aria-labelledby="${id}-cap"
      viewBox="0 0 ${left + width + 60} ${counts.length * 26 + 6}"
      width="100%"
      style="max-width:32rem"
    >
      ${counts.map(
        (c, i) =>
          html`<text x="4" y="${i * 26 + 18}" font-size="12" fill="#1b1b1b">${c.label}</text>
            <rect
              x="${left}"
              y="${i * 26 + 4}"
              width="${((c.count / max) * width).toFixed(1)}"
              height="18"
              fill="#5b8bd0"
            ></rect>
            <text x="${left + (c.count / max) * width + 6}" y="${i * 26 + 18}" font-size="12" fill="#1b1b1b"
              >${c.count}</text
            >`,
      )}
    </svg>
    <figcaption id="${id}-cap">${caption}: ${counts.map((c) => `${c.label} ${c.count}`).join(', ')}</figcaption>
  </figure>`;
}

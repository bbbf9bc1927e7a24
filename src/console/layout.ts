import { html, raw } from 'hono/html';
import { pageScript, type LivePage } from './page-script';
import type { ConsoleSession } from './session-store';

/** A piece of rendered, escaped HTML (Hono's `html` template: every interpolated value is escaped). */
export type Html = ReturnType<typeof html>;

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fff;line-height:1.4}
header{background:#1d2b3a;color:#fff;padding:.5rem 1rem;display:flex;gap:1.5rem;align-items:center;flex-wrap:wrap}
header a{color:#fff}header nav ul{list-style:none;display:flex;gap:1rem;margin:0;padding:0}
header form{margin-left:auto}main{padding:1rem 1.5rem;max-width:80rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{border-bottom:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#eef1f4}td time{white-space:nowrap}a{color:#0b4f9c}.urgent{color:#a00000;font-weight:bold}.muted{color:#555}
.state{border-left:4px solid #0b4f9c;padding:.3rem .8rem;background:#eef4fb}.error{border-left:4px solid #a00000;padding:.3rem .8rem;background:#fbeeee}
.ok{border-left:4px solid #1e6b2e;padding:.3rem .8rem;background:#eef8f0}
pre{white-space:pre-wrap;background:#f6f6f6;padding:.6rem;border:1px solid #ddd;max-height:30rem;overflow:auto}
iframe{width:100%;height:28rem;border:1px solid #ccc}
label{display:block;margin-top:.6rem;font-weight:600}textarea,input[type=text],select{font-size:1rem;padding:.3rem;width:100%;max-width:40rem;box-sizing:border-box}
button{font-size:1rem;padding:.35rem .9rem;margin:.6rem .4rem 0 0}button.danger{background:#a00000;color:#fff;border:1px solid #700}
:focus-visible,[data-focus]:focus{outline:3px solid #1a5fb4;outline-offset:2px}.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(22rem,1fr));gap:1rem}
section{margin-bottom:1.5rem}figure{margin:0}figcaption{font-size:.9rem;color:#444}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;color:#000;padding:.3rem}`;

/** A template rendered to its string (console templates are synchronous; a promise here is a programming error). */
export function toHtml(h: Html): string {
  if (h instanceof Promise) throw new Error('asynchronous template');
  return h.toString();
}

/** The CSRF field every state-changing form carries (the session's synchroniser token). */
export const csrfField = (session: ConsoleSession): Html =>
  html`<input type="hidden" name="csrf" value="${session.csrfToken}" />`;

/**
 * A console page: landmarks, a skip link, the navigation and who is signed in (with a sign-out form), the console's
 * script, and with `live` the page's version and where to ask whether it changed (see `page-script.ts`).
 */
export function page(
  title: string,
  session: ConsoleSession | null,
  body: Html | string,
  status?: Html,
  live?: LivePage,
): string {
  return toHtml(
    html`<!DOCTYPE html>
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>${title} - terminus console</title>
          <style>
            ${raw(STYLE)}
          </style>
        </head>
        <body>
          <a class="skip" href="#main">Skip to content</a>
          <header>
            <strong>terminus console</strong> ${
              session
                ? html`<nav aria-label="Console">
                      <ul>
                        <li><a href="/console/queues">My queues</a></li>
                        <li><a href="/console/cases">All cases</a></li>
                        <li><a href="/console/dashboard">Dashboard</a></li>
                      </ul>
                    </nav>
                    <form method="post" action="/console/sign-out">
                      ${csrfField(session)} <span>${session.principalId} (${session.roles.join(', ')})</span>
                      <button type="submit">Sign out</button>
                    </form>`
                : ''
            }
          </header>
          <main
            id="main"
            ${live ? html`data-live-url="${live.url}" data-live-version="${live.version}" data-live-interval="${live.intervalMs}"` : ''}
          >
            <h1>${title}</h1>
            ${status ?? ''}
            <p id="live-status" class="muted" role="status" aria-live="polite"></p>
            ${body}
          </main>
          ${pageScript()}
        </body>
      </html>`,
  );
}

/** A duration as people say it ("3 h 20 min", "2 d 4 h"); negative durations are "overdue by ...". */
export function humanDuration(ms: number): string {
  const past = ms < 0;
  let rest = Math.abs(ms);
  const d = Math.floor(rest / 86_400_000);
  rest -= d * 86_400_000;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  const text = d ? `${d} d ${h} h` : h ? `${h} h ${m} min` : m ? `${m} min` : `${Math.floor(rest / 1000)} s`;
  return past ? `${text} ago` : text;
}

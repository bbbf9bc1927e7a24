import { html, raw } from 'hono/html';
import type { Html } from './layout';

/** How often an open page asks whether what it shows has changed (a JSON version with an ETag: cheap). */
export const DEFAULT_LIVE_INTERVAL_MS = 5_000;

/** Where a live page asks for its version, the version it was rendered at, and how often it asks. */
export interface LivePage {
  url: string;
  version: string;
  intervalMs: number;
}

/**
 * The console's one script, on every page (pages work without it; it adds what only a script can):
 * - instants in `time.local-time` shown in the browser's own time zone;
 * - the keyboard: focus moves to the element marked `data-focus` (the result of an action, an error, the consequence
 *   on a confirmation page), and Escape follows the page's `data-cancel` link (a confirmation's Cancel);
 * - live updates: a page whose `main` names a live URL asks it for the page's version every few seconds (ETag,
 *   If-None-Match: 304 while nothing changed); on a change it fetches the page again and swaps every `data-live`
 *   region whose content differs, and says so in a polite live region. While a form is being filled (focus in a
 *   field, or a field changed) it waits, says that the page has changed, and swaps once the form is left alone.
 */
const SCRIPT = `(() => {
  const localTimes = () => {
    for (const el of document.querySelectorAll('time.local-time')) {
      const d = new Date(el.getAttribute('datetime'));
      el.textContent = d.toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'long' }) +
        ' (' + Intl.DateTimeFormat().resolvedOptions().timeZone + ')';
    }
  };
  localTimes();
  const target = document.querySelector('[data-focus]');
  if (target) target.focus();
  document.addEventListener('keydown', (e) => {
    const cancel = document.querySelector('a[data-cancel]');
    if (e.key === 'Escape' && cancel) { e.preventDefault(); cancel.click(); }
  });
  const main = document.getElementById('main');
  const url = main && main.dataset.liveUrl;
  if (!url) return;
  const status = document.getElementById('live-status');
  const every = Number(main.dataset.liveInterval) || 5000;
  let version = main.dataset.liveVersion;
  const say = (text) => { if (status) status.textContent = text; };
  const fields = 'form textarea, form input[type=text], form select';
  const filling = () => {
    const a = document.activeElement;
    if (a && a.matches && a.matches(fields)) return true;
    for (const f of document.querySelectorAll(fields)) {
      if (f.tagName === 'SELECT') {
        // A list with no option marked selected starts on its first option (an empty one on none).
        const marked = [...f.options].findIndex((o) => o.defaultSelected);
        const initial = marked >= 0 ? marked : f.options.length ? 0 : -1;
        if (f.selectedIndex !== initial) return true;
      } else if (f.value !== f.defaultValue) return true;
    }
    return false;
  };
  const swap = async () => {
    const res = await fetch(location.href, { credentials: 'same-origin', redirect: 'manual' });
    if (res.status !== 200) return null;
    const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
    const changed = [];
    for (const fresh of doc.querySelectorAll('[data-live]')) {
      const name = fresh.getAttribute('data-live');
      const old = document.querySelector('[data-live="' + name + '"]');
      if (old && old.innerHTML !== fresh.innerHTML) {
        old.innerHTML = fresh.innerHTML;
        changed.push(fresh.getAttribute('data-live-label') || name);
      }
    }
    localTimes();
    return changed;
  };
  const poll = async () => {
    try {
      const res = await fetch(url, {
        credentials: 'same-origin', cache: 'no-store', redirect: 'manual',
        headers: { 'if-none-match': '"' + version + '"' },
      });
      if (res.type === 'opaqueredirect' || res.status === 401) { say('Signed out: this page no longer updates.'); return; }
      if (res.status === 200) {
        const next = (await res.json()).version;
        if (next && next !== version) {
          if (filling()) {
            main.dataset.livePaused = 'true';
            say('This page has changed. It updates once you leave the form you are filling.');
          } else {
            const changed = await swap();
            if (changed) {
              version = next;
              main.dataset.liveVersion = next;
              delete main.dataset.livePaused;
              say(changed.length ? 'Updated at ' + new Date().toLocaleTimeString() + ': ' + changed.join(', ') + '.' : '');
            }
          }
        }
      }
    } catch (e) {
      // offline or the server restarting: ask again at the next turn
    }
    setTimeout(poll, every);
  };
  setTimeout(poll, every);
})();`;

/** The script element (the same text on every page). */
export const pageScript = (): Html =>
  html`<script>
    ${raw(SCRIPT)};
  </script>`;

import { html } from 'hono/html';
import {
  apiRoles,
  CASE_ACTION_NAMES,
  CASE_ACTION_TABLE,
  type CaseActionDefinition,
  type CaseActionName,
  type FieldSpec,
} from '../domain/case/actions';
import type { CaseView } from '../domain/case/case-state';
import type { Principal, Role } from '../domain/case-types';
import { FailureType } from '../domain/failures';
import { stateOfView } from '../services/case/view-state';
import { csrfField, type Html } from './layout';
import type { ConsoleSession } from './session-store';

/** What destructive actions do, in the words the confirmation page uses. */
const CONSEQUENCES: Partial<Record<CaseActionName, string>> = {
  'legal-decision':
    'Approving lets the case go to the customer once the T&S lead also approves: the notice with the statement of reasons is sent and service ends at the cutoff. Rejecting closes the case. Either decision is recorded under your name and cannot be taken back here.',
  'second-approval':
    'Approving completes the four eyes: the customer is notified at once with the statement of reasons, and service ends at the cutoff.',
  expedite: 'Expedite ends service without waiting for the cutoff (imminent threat to life), once two approvers agree.',
  withdraw: 'Withdrawing closes the case: service is not ended (or is restored if it was).',
  'hold-release': 'Releasing the hold lets a paused case go on to notice and revocation.',
  'retry-revocation': "Retrying revocation removes the customer's DNS zones and proxy routes again.",
  'appeal-decision':
    'Upholding the appeal restores service from the before-snapshot; denying keeps service ended. The customer is told.',
};

/** The consequence a destructive action's confirmation names. */
export const consequenceOf = (name: CaseActionName): string =>
  CONSEQUENCES[name] ?? `${CASE_ACTION_TABLE[name].summary}. This cannot be undone from the console.`;

/** The role the principal takes an action as: its first role the API allows for it. */
export function actingRole(principal: Principal, name: CaseActionName): Role | undefined {
  const allowed = apiRoles(CASE_ACTION_TABLE[name]);
  return principal.roles.find((r) => allowed.includes(r));
}

/** Ids a path field may take on this case: the open appeal, the active holds. */
function pathChoices(view: CaseView, field: string): string[] {
  if (field === 'appealId') return view.openAppeal ? [view.openAppeal.id] : [];
  if (field === 'holdId') return view.activeHolds.map((h) => h.id);
  return [];
}

/** A stand-in value for each field, so the rule can say whether the action is open now (before the form). */
function probeValue(spec: FieldSpec, view: CaseView, field: string): unknown {
  switch (spec.kind) {
    case 'choice':
      return spec.values[0];
    case 'emails':
      return ['probe@example.org'];
    case 'refs':
      return ['probe'];
    case 'instant':
      return new Date(Date.now() + 86_400_000).toISOString();
    case 'pathId':
      return pathChoices(view, field)[0] ?? '';
    default:
      return 'probe';
  }
}

/** An action the viewer's roles allow, and whether the case as it stands lets it be taken now (and if not, why). */
export interface OfferedAction {
  name: CaseActionName;
  role: Role;
  open: boolean;
  why?: string;
}

/**
 * The actions offered to the viewer on a case: only those its roles may take (from the action table), each checked
 * against the case as it stands with the table's own rule (a wrong stage or a four-eyes refusal shows why).
 */
export function offeredActions(view: CaseView, principal: Principal, nowMs: number): OfferedAction[] {
  const state = stateOfView(view);
  const offered: OfferedAction[] = [];
  for (const name of CASE_ACTION_NAMES) {
    const role = actingRole(principal, name);
    if (!role) continue;
    const spec = CASE_ACTION_TABLE[name];
    const probe = Object.fromEntries(Object.entries(spec.fields).map(([k, f]) => [k, probeValue(f, view, k)]));
    const input = { ...probe, principal, role };
    const violation =
      view.stage === 'closed'
        ? { type: FailureType.Conflict, message: 'the case is closed' }
        : (spec as CaseActionDefinition).check(state, input, nowMs);
    if (!violation || violation.type === FailureType.InvalidInput) offered.push({ name, role, open: true });
    else offered.push({ name, role, open: false, why: violation.message });
  }
  return offered;
}

const label = (field: string): string => field.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());

function fieldInput(action: CaseActionName, name: string, spec: FieldSpec, view: CaseView, value: string): Html {
  // Unique on the page (several forms share field names): each label names its own form's field.
  const id = `f-${action}-${name}`;
  const hint = html`<span class="muted"> - ${spec.doc}${spec.optional ? ' (optional)' : ''}</span>`;
  const required = spec.optional ? '' : 'required';
  switch (spec.kind) {
    case 'choice':
      return html`<label for="${id}">${label(name)}${hint}</label
        ><select id="${id}" name="${name}" ${required}>
          ${spec.optional ? html`<option value="">(default)</option>` : ''}${spec.values.map((v) => html`<option value="${v}" ${v === value ? 'selected' : ''}>${v}</option>`)}
        </select>`;
    case 'pathId':
      return html`<label for="${id}">${label(name)}${hint}</label
        ><select id="${id}" name="${name}" required>
          ${pathChoices(view, name).map((v) => html`<option value="${v}" ${v === value ? 'selected' : ''}>${v}</option>`)}
        </select>`;
    case 'emails':
    case 'refs':
      return html`<label for="${id}">${label(name)}${hint} (one per line)</label
        ><textarea id="${id}" name="${name}" rows="3" ${required}>${value}</textarea>`;
    case 'text':
      return html`<label for="${id}">${label(name)}${hint}</label
        ><textarea id="${id}" name="${name}" rows="3" maxlength="${spec.max}" ${required}>${value}</textarea>`;
    default:
      return html`<label for="${id}"
          >${label(name)}${hint}${spec.kind === 'instant' ? ' (ISO instant, e.g. 2026-12-31T23:00:00Z)' : ''}</label
        >
        <input id="${id}" name="${name}" type="text" value="${value}" ${required} />`;
  }
}

/** The form of one action, built from the action's fields; posts to the console with the CSRF token. */
export function actionForm(
  name: CaseActionName,
  view: CaseView,
  session: ConsoleSession,
  values: Record<string, string> = {},
): Html {
  const spec = CASE_ACTION_TABLE[name];
  return html`<form method="post" action="/console/cases/${view.caseId}/actions/${name}">
    ${csrfField(session)}
    ${Object.entries(spec.fields).map(([field, f]) => fieldInput(name, field, f, view, values[field] ?? ''))}
    <button type="submit" ${spec.destructive ? html`class="danger"` : ''}>
      ${spec.destructive ? 'Continue' : spec.summary}
    </button>
  </form>`;
}

/** The form values as the action's input fields, or the problems (named by field). */
export function parseActionForm(
  name: CaseActionName,
  form: Record<string, unknown>,
): { ok: true; fields: Record<string, unknown> } | { ok: false; problems: string[] } {
  const spec = CASE_ACTION_TABLE[name];
  const fields: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [field, f] of Object.entries(spec.fields)) {
    const raw = typeof form[field] === 'string' ? form[field].trim() : '';
    if (!raw) {
      if (!f.optional) problems.push(`${label(field)}: required`);
      continue;
    }
    if (f.kind === 'text' && raw.length > f.max) problems.push(`${label(field)}: at most ${f.max} characters`);
    else if (f.kind === 'choice' && !f.values.includes(raw))
      problems.push(`${label(field)}: one of ${f.values.join(', ')}`);
    else if (f.kind === 'instant' && Number.isNaN(Date.parse(raw))) problems.push(`${label(field)}: an ISO instant`);
    else if (f.kind === 'emails' || f.kind === 'refs') {
      const items = raw
        .split(/\r?\n/)
        .map((s) => s.trim())
        .filter(Boolean);
      if (items.length > f.max) problems.push(`${label(field)}: at most ${f.max}`);
      fields[field] = items;
      continue;
    }
    fields[field] =
      f.kind === 'instant' ? new Date(Date.parse(raw)).toISOString() : f.kind === 'domain' ? raw.toLowerCase() : raw;
  }
  return problems.length ? { ok: false, problems } : { ok: true, fields };
}

// Random human actions on a case for the property tests: every action of the table, taken by principals that
// include the requester, one person holding two approving roles, an investigator who is also legal, and an admin;
// every field sized at random up to and past its bound, in ASCII, 3-byte characters, quotes or control characters.
import fc from 'fast-check';
import { FAILURE_STATUS } from '../../../src/api/problem';
import { CASE_ACTION_NAMES, CASE_ACTIONS, type CaseActionName, type FieldSpec } from '../../../src/domain/case/actions';
import { CASE_BOUNDS, jsonBytes, STATE_BUDGET_BYTES } from '../../../src/domain/case/case-bounds';
import { terminationApprovers } from '../../../src/domain/case/case-rules';
import type { CaseState } from '../../../src/domain/case/case-state';
import type { Principal, Role } from '../../../src/domain/case-types';
import { APPROVER_ROLES, ROLES } from '../../../src/domain/vocabularies';

/** The cast: `rita` opens every case (see `makeIntake` and `newCase`). */
export const CAST = {
  rita: { id: 'rita', roles: ['requester', 'investigator', 'legal'] },
  ivan: { id: 'ivan', roles: ['investigator'] },
  vic: { id: 'vic', roles: ['investigator', 'legal', 'tns_lead'] },
  lena: { id: 'lena', roles: ['legal'] },
  dana: { id: 'dana', roles: ['legal', 'tns_lead'] },
  tom: { id: 'tom', roles: ['tns_lead'] },
  ada: { id: 'ada', roles: ['appeals'] },
  otto: { id: 'otto', roles: ['operator'] },
  root: { id: 'root', roles: ['admin'] },
} satisfies Record<string, Principal>;

/** What one field gets: a size (from empty to past the bound) and a kind of character. */
export interface FieldSeed {
  size: number;
  char: string;
  /** Instants: ms from now (negative: the past). */
  offsetMs: number;
  /** Path ids and choices: which one. */
  pick: number;
}

/** One human action as drawn: built into an update input when it runs (instants need the clock then). */
export interface ActionCommand {
  action: CaseActionName;
  principal: keyof typeof CAST;
  /** Below 100: one of the principal's roles (by index, modulo); from 100: any role (`ROLES[i - 100]`), mostly not
   * held. */
  roleIndex: number;
  fields: Record<string, FieldSeed>;
}

const HOUR = 3_600_000;

/** Mostly valid values (so sequences get somewhere), often at or past a bound, sometimes malformed. */
const seed = (max: number): fc.Arbitrary<FieldSeed> =>
  fc.record({
    size: fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 1, max: 40 }) },
      { weight: 3, arbitrary: fc.constantFrom(max, Math.ceil(max / 3) + 1, Math.floor(max / 2)) },
      { weight: 1, arbitrary: fc.constantFrom(0, max + 1) },
    ),
    char: fc.oneof(
      { weight: 8, arbitrary: fc.constant('a') },
      { weight: 3, arbitrary: fc.constantFrom('語', '"', '😀', ' ') },
      { weight: 1, arbitrary: fc.constant('\u0007') },
    ),
    offsetMs: fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: 1, max: 80 * 24 }).map((h) => h * HOUR) },
      { weight: 1, arbitrary: fc.constantFrom(-HOUR, 91 * 24 * HOUR, 8000 * 365 * 24 * HOUR) },
    ),
    pick: fc.integer({ min: 0, max: 30 }),
  });

const maxOf = (spec: FieldSpec): number =>
  spec.kind === 'text' ? spec.max : spec.kind === 'emails' || spec.kind === 'refs' ? spec.max : 60;

/** How often each action is drawn: the ones that move a case on more, the ones that end it less (a sequence that
 * withdraws at its second step tests little). */
const WEIGHT: Partial<Record<CaseActionName, number>> = {
  findings: 30,
  'legal-decision': 40,
  'second-approval': 40,
  withdraw: 1,
  'end-monitoring': 2,
};

/** Mostly someone holding a role the action allows (so sequences get somewhere), otherwise anyone. */
function principalFor(action: CaseActionName): fc.Arbitrary<keyof typeof CAST> {
  const names = Object.keys(CAST) as (keyof typeof CAST)[];
  const allowed = CASE_ACTIONS[action].roles;
  const able = names.filter((n) => (CAST[n].roles as readonly Role[]).some((r) => allowed.includes(r)));
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...(able.length ? able : names)) },
    { weight: 1, arbitrary: fc.constantFrom(...names) },
  );
}

/** One random human action (any action of the table, any principal of the cast). */
export const actionCommand: fc.Arbitrary<ActionCommand> = fc
  .oneof(...CASE_ACTION_NAMES.map((name) => ({ weight: WEIGHT[name] ?? 20, arbitrary: fc.constant(name) })))
  .chain((action) => {
    const specs = Object.entries(CASE_ACTIONS[action].fields as Record<string, FieldSpec>);
    return fc.record({
      action: fc.constant(action),
      principal: principalFor(action),
      roleIndex: fc.oneof(
        { weight: 6, arbitrary: fc.integer({ min: 0, max: 2 }) },
        { weight: 1, arbitrary: fc.integer({ min: 100, max: 100 + ROLES.length - 1 }) },
      ),
      fields: fc.record(Object.fromEntries(specs.map(([name, spec]) => [name, seed(maxOf(spec))]))),
    });
  });

const text = (s: FieldSeed) => s.char.repeat(Math.max(0, Math.floor(s.size / s.char.length)));

/** The value of one field for a seed, at `nowMs`. */
function valueOf(name: string, spec: FieldSpec, s: FieldSeed, nowMs: number): unknown {
  switch (spec.kind) {
    case 'text':
      return s.size === 0 ? '' : text(s);
    case 'choice':
      return s.pick === 30 ? 'bogus' : spec.values[s.pick % spec.values.length];
    case 'instant':
      return new Date(Math.min(nowMs + s.offsetMs, 8.64e15)).toISOString();
    case 'domain':
      return s.pick === 30 ? 'co.uk' : `alias-${s.pick}-${s.size}.example`;
    case 'emails':
      return Array.from({ length: Math.min(s.size, 30) }, (_, i) => `c${i}${s.char === 'a' ? '' : s.char}@x.example`);
    case 'refs':
      return Array.from(
        { length: Math.min(s.size, 120) },
        (_, i) => `sha256:${i}${'f'.repeat(s.pick % 5 ? 8 : s.pick * 20)}`,
      );
    case 'pathId':
      return name === 'holdId' ? `hold-${s.pick % 24}` : `appeal-${s.pick % 4}`;
  }
}

/** The update input of a command at `nowMs`. */
export function inputOf(c: ActionCommand, nowMs: number): Record<string, unknown> {
  const principal = CAST[c.principal];
  const roles: readonly Role[] = principal.roles;
  const role: Role = c.roleIndex >= 100 ? ROLES[c.roleIndex - 100]! : roles[c.roleIndex % roles.length]!;
  const specs = CASE_ACTIONS[c.action].fields as Record<string, FieldSpec>;
  const input: Record<string, unknown> = { principal, role };
  for (const [name, spec] of Object.entries(specs)) {
    const s = c.fields[name];
    if (!s) continue;
    if (spec.optional && s.pick % 3 === 0) continue;
    input[name] = valueOf(name, spec, s, nowMs);
  }
  return input;
}

/** A refusal is one of the failure types the API answers with a 4xx, and says why. */
export function expectClientRefusal(refusal: { type?: string; message?: string }): void {
  const status = refusal.type ? FAILURE_STATUS[refusal.type as keyof typeof FAILURE_STATUS]?.status : undefined;
  if (status === undefined || status < 400 || status >= 500) {
    throw new Error(`refusal of type ${String(refusal.type)} is not a 4xx: ${String(refusal.message)}`);
  }
  if (!refusal.message?.trim()) throw new Error(`refusal of type ${refusal.type} has no message`);
}

/**
 * The invariants every case state keeps, whatever was accepted: the size budget, each list's bound, and separation
 * of duties (investigator, legal approver and T&S lead three different people, the requester none of them, admin
 * approving nothing, an appeal decided by someone who approved nothing). Throws naming the first broken one.
 */
export function checkCaseInvariants(s: CaseState, view: unknown = s): void {
  const fail = (what: string) => {
    throw new Error(`invariant broken: ${what}`);
  };
  const B = CASE_BOUNDS;
  if (jsonBytes(s) >= STATE_BUDGET_BYTES) fail(`state is ${jsonBytes(s)} bytes`);
  if (jsonBytes(view) >= STATE_BUDGET_BYTES) fail(`view is ${jsonBytes(view)} bytes`);
  if (s.holds.length > B.holds) fail(`${s.holds.length} holds`);
  if (s.appeals.length > B.appeals) fail(`${s.appeals.length} appeals`);
  if (s.domains.aliases.length > B.aliases) fail(`${s.domains.aliases.length} aliases`);
  if (s.noticeAttempts > B.noticeAttempts) fail(`${s.noticeAttempts} notice attempts`);
  if (s.timeline.length > B.timelineEntries) fail(`${s.timeline.length} timeline entries`);
  if (s.providerChain.length > B.providerChain) fail(`${s.providerChain.length} provider changes`);

  const requester = s.intake.requestedBy;
  const investigator = s.findings?.by;
  if (investigator === requester) fail('the requester submitted the findings');
  const legal = s.legal?.by;
  if (legal !== undefined && (legal === requester || legal === investigator)) fail(`legal decided by ${legal}`);
  const further = s.approvals.map((a) => a.by);
  if (new Set(further).size !== further.length) fail('one person gave two further approvals');
  for (const a of s.approvals) {
    if ([requester, investigator, legal].includes(a.by)) fail(`${a.by} approved twice or approved their own case`);
    if (!(APPROVER_ROLES as readonly string[]).includes(a.role)) fail(`approval as ${a.role}`);
  }
  const expediters = s.expedite.approvals.map((a) => a.by);
  if (new Set(expediters).size !== expediters.length) fail('one person approved the expedite twice');
  for (const a of s.expedite.approvals) {
    if (a.by === requester) fail('the requester approved the expedite');
    if (!(APPROVER_ROLES as readonly string[]).includes(a.role)) fail(`expedite approval as ${a.role}`);
  }
  if (s.expedite.effectiveAt && s.expedite.approvals.length < 2) fail('expedite effective with one approver');
  const approvers = new Set([...terminationApprovers(s), ...expediters, requester]);
  for (const a of s.appeals) {
    if (a.decision && approvers.has(a.decision.by)) fail(`appeal ${a.id} decided by ${a.decision.by}`);
  }
}

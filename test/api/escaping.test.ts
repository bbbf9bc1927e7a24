import { actionBodySchema } from '../../src/api/schemas/action-bodies';
import { OpenCaseBody } from '../../src/api/schemas/case-schemas';
import { CASE_ACTION_NAMES, CASE_ACTION_TABLE, type FieldSpec } from '../../src/domain/case/actions';
import type { CaseActionDefinition } from '../../src/domain/case/actions/action-definition';
import type { Actor } from '../../src/domain/case/case-inputs';
import { caseDetails, caseSummary } from '../../src/domain/case/case-details';
import type { CaseState } from '../../src/domain/case/case-state';
import { buildStatement } from '../../src/domain/case/statement';
import { ROLES, type CustomerMessageKind } from '../../src/domain/vocabularies';
import { renderCustomerMessage, renderStaffAlert, type RenderedMessage } from '../../src/domain/notice';
import { DAY, iso, newCase, NOW } from '../support/fixtures/case-fixtures';

/**
 * Finding 6 of issue 15: text from a case reaches a staff member's browser (the Web UI's markdown details) and the
 * customer's mail client. Driven from the action table: every free-text field of every action, and of the intake,
 * carries markdown, HTML and control characters; the API refuses the control characters naming the field, and
 * whatever reaches the domain anyway (a direct Temporal client) comes out with no live markup in the Web UI
 * summary and details, the mail's HTML and text parts, and the rendered statement of reasons.
 */

/** Markdown, HTML, autolinks, entities, bidi overrides and control characters, tagged with where they went in. */
const hostile = (tag: string, max = 1000): string =>
  (
    `${tag}\u202Eevil\u2066 \u0007\u001b[31m\u0000\r\n# h\n- i [l](https://evil.example/${tag}) ` +
    `<script>alert(1)</script> ![i](https://evil.example/i) <img src=x onerror=alert(1)> &lt; **b** _e_ \`c\` ` +
    `www.evil.example mail@evil.example |t|`
  ).slice(0, max);

/**
 * The hostile value in the forms a rule may still accept: as is; without control characters (the domain refuses
 * them too); as one printable-ASCII word (evidence references are hashes or URLs). The driver uses the first form
 * the action's rule accepts, so the test keeps covering the field whatever the rules refuse.
 */
const VARIANTS: ((tag: string, max: number) => string)[] = [
  hostile,
  // eslint-disable-next-line no-control-regex
  (tag, max) => hostile(tag, max).replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, ' '),
  (tag, max) => `${tag}[l](https://evil.example/${tag})<script>alert(1)</script>![i](x)&lt;**b**_e_\`c\``.slice(0, max),
];

const FREE_TEXT_KINDS: readonly FieldSpec['kind'][] = ['text', 'refs'];
const freeTextFields = (action: CaseActionDefinition): [string, FieldSpec][] =>
  Object.entries(action.fields).filter(([, f]) => FREE_TEXT_KINDS.includes(f.kind));

// --- Output checks, one per context ---------------------------------------------------------------------------

const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** Markdown with its backslash escapes removed: whatever markup is left is live. */
const liveMarkdown = (markdown: string): string => markdown.replace(/\\[!-/:-@[-`{-~]/g, '');

function expectInertMarkdown(markdown: string): void {
  const live = liveMarkdown(markdown);
  // Links, images, raw HTML, entities, code, emphasis by "_", tables, headings, strike-through and autolinks all
  // need one of these; the templates themselves use none of them.
  expect(live).not.toMatch(/[[\]<>!&`_|#~]|https?:|www\.|@/);
  expect(markdown).not.toMatch(BIDI);
  // Values stay on their line: every line of the details is one of the template's labelled lines.
  for (const line of markdown.split('\n').filter((l) => l !== '')) expect(line).toMatch(/^(\*\*|Termination case)/);
  // eslint-disable-next-line no-control-regex
  expect(markdown.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
}

const HTML_TAGS = new Set(['html', 'head', 'meta', 'title', 'body', 'p', 'br', 'ul', 'li', 'h2']);

function expectInertMail(mail: RenderedMessage): void {
  const tags = [...mail.html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]!.toLowerCase());
  expect(tags.filter((t) => !HTML_TAGS.has(t))).toEqual([]);
  expect(mail.html).not.toMatch(/<[^>]*(\son[a-z]+\s*=|javascript:)/i);
  expect(mail.html.replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toContain('&');
  for (const part of [mail.html, mail.text]) {
    // eslint-disable-next-line no-control-regex
    expect(part).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(part).not.toMatch(BIDI);
  }
  // eslint-disable-next-line no-control-regex
  expect(mail.subject).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
}

/** Every message the case can send from `state`, built the way the workflow builds them. */
function messagesOf(state: CaseState): RenderedMessage[] {
  const cutoff = state.cutoff ?? { at: iso(NOW + 2 * DAY), timeZone: 'America/Los_Angeles', localTime: '00:00' };
  const statement = buildStatement(state, cutoff, NOW);
  const kinds: CustomerMessageKind[] = ['termination_notice', 'reinstatement'];
  const messages = kinds.map((kind) => renderCustomerMessage({ kind, statement, nonDisclosure: false }));
  for (const appeal of state.appeals) {
    messages.push(
      renderCustomerMessage({ kind: 'appeal_received', statement, nonDisclosure: false, appeal: { id: appeal.id } }),
    );
    if (appeal.decision) {
      const { outcome: decision, reasons } = appeal.decision;
      const content = { id: appeal.id, decision, reasons };
      messages.push(
        renderCustomerMessage({ kind: 'appeal_decided', statement, nonDisclosure: false, appeal: content }),
      );
    }
  }
  return messages;
}

function expectInertOutputs(state: CaseState): void {
  expectInertMarkdown(caseSummary(state.intake));
  expectInertMarkdown(caseDetails(state, NOW));
  for (const mail of messagesOf(state)) expectInertMail(mail);
}

// --- Driving every action from the table --------------------------------------------------------------------

/** A value the API would accept for a field, free text replaced by hostile text. */
function inputValue(name: string, field: FieldSpec, state: CaseState, tag: string, variant = 0): unknown {
  const text = VARIANTS[variant]!;
  switch (field.kind) {
    case 'text':
      return text(`${tag}.${name}`, field.max);
    case 'refs':
      return [text(`${tag}.${name}`, field.itemMax)];
    case 'choice':
      return field.values[0];
    case 'instant':
      return iso(NOW + 30 * DAY);
    case 'domain':
      return `alias-${tag.replace(/[^a-z]/g, '')}.example`;
    case 'emails':
      return ['abuse@8board.example'];
    case 'pathId':
      if (name === 'appealId') return state.appeals.find((a) => !a.decision)?.id;
      if (name === 'holdId') return state.holds.find((h) => !h.releasedAt)?.id;
      throw new Error(`no value for the path id ${name}: teach this test where it comes from`);
  }
}

type AnyAction = CaseActionDefinition<string, Actor & Record<string, unknown>>;

/** Applies `name` with hostile text to a copy of the first base state (and role) whose rule accepts it. */
function applyHostile(name: string, bases: readonly CaseState[]): CaseState {
  const action = CASE_ACTION_TABLE[name as keyof typeof CASE_ACTION_TABLE] as unknown as AnyAction;
  const refusals: string[] = [];
  for (const base of bases) {
    for (const role of ROLES) {
      for (let variant = 0; variant < VARIANTS.length; variant++) {
        const state = structuredClone(base);
        const input: Actor & Record<string, unknown> = { principal: { id: `${name}-${role}`, roles: [role] }, role };
        for (const [key, field] of Object.entries(action.fields)) {
          input[key] = inputValue(key, field, state, name, variant);
        }
        const violation = action.check(state, input, NOW);
        if (violation !== null) {
          refusals.push(`${base.stage}/${role}/variant ${variant}: ${violation.message}`);
          continue;
        }
        action.apply(state, input, iso(NOW));
        return state;
      }
    }
  }
  throw new Error(`no base state accepts "${name}": add one to the bases of this test\n${refusals.join('\n')}`);
}

function apply(state: CaseState, name: string): CaseState {
  return applyHostile(name, [state]);
}

/** The intake, with every free-text field hostile. */
function hostileCase(): CaseState {
  return newCase({
    account: { id: 'acct-1', name: hostile('account.name'), noticeContacts: ['abuse@8board.example'] },
    summary: hostile('summary'),
    evidenceRefs: [hostile('evidenceRefs')],
    source: { kind: 'trusted_flagger', notifier: hostile('source.notifier'), reference: hostile('source.reference') },
    // An account case, so item exclusions (with hostile reasons) are rendered too.
    scope: 'account',
  });
}

/** The case at each point an action may come: investigating, in legal review, approved, waiting, ended. */
function baseStates(): CaseState[] {
  const investigating = apply(hostileCase(), 'hold');
  const review = apply(investigating, 'findings');
  review.stage = 'legal_review';
  const approved = apply(review, 'legal-decision');
  const notifying = { ...structuredClone(approved), stage: 'notifying' as const, noticeUndeliverable: true };
  const waiting = apply(approved, 'second-approval');
  waiting.stage = 'awaiting_cutoff';
  waiting.cutoff = { at: iso(NOW + 2 * DAY), timeZone: 'America/Los_Angeles', localTime: '2019-08-06 00:00' };
  const ended = apply({ ...structuredClone(waiting), stage: 'monitoring', revocationStuck: true }, 'appeal');
  return [investigating, review, approved, notifying, waiting, ended];
}

describe('escaping everything rendered (issue 15, finding 6)', () => {
  const bases = baseStates();

  it('the base states themselves (intake, findings, legal reasons, hold, appeal) render inert', () => {
    for (const state of bases) expectInertOutputs(state);
    const notice = messagesOf(bases[4]!)[0]!;
    // Not vacuous: the hostile text is there, shown as text.
    expect(notice.html).toContain('[l](https://evil.example/findings.facts)');
    expect(notice.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(notice.text).toContain('[l](https://evil.example/findings.facts)');
    expect(notice.text).toContain('<script>alert(1)</script>');
    expect(caseDetails(bases[4]!, NOW).replace(/\\(.)/g, '$1')).toContain(
      '[l](https://evil.example/hold.reference) <script>',
    );
  });

  it.each(CASE_ACTION_NAMES)('%s: hostile free text in, no live markup out', (name) => {
    expectInertOutputs(applyHostile(name, bases));
  });

  it.each(CASE_ACTION_NAMES)('%s: the API refuses control characters in each free-text field, naming it', (name) => {
    const action = CASE_ACTION_TABLE[name] as unknown as AnyAction;
    const schema = actionBodySchema(name);
    const state = bases[bases.length - 1]!;
    const valid: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(action.fields)) {
      if (field.kind === 'pathId') continue;
      valid[key] =
        field.kind === 'text' ? 'plain text' : field.kind === 'refs' ? ['ref'] : inputValue(key, field, state, name);
    }
    expect(schema.safeParse(valid).success).toBe(true);
    for (const [key, field] of freeTextFields(action)) {
      // Markup is text, kept as written (escaped on output); a control character is refused.
      const markup = '[x](https://evil.example)<b>bold</b>';
      expect(schema.safeParse({ ...valid, [key]: field.kind === 'refs' ? [markup] : markup }).success).toBe(true);
      for (const control of ['\u0000', '\u001b[31m', '\u0007', '\r']) {
        const bad = `text${control}text`;
        const result = schema.safeParse({ ...valid, [key]: field.kind === 'refs' ? [bad] : bad });
        expect(result.success).toBe(false);
        expect(result.error?.issues.map((i) => String(i.path[0]))).toContain(key);
      }
    }
  });

  it('the intake refuses control characters in each free-text field, naming it', () => {
    const intake = {
      account: { id: 'acct-1', name: 'Board', noticeContacts: ['abuse@8board.example'] },
      domains: { primary: '8board.example' },
      services: ['dns'],
      category: 'violent_extremism',
      summary: 'summary',
      evidenceRefs: ['ref'],
      cutoff: { kind: 'instant', at: iso(NOW + 30 * DAY) },
      source: { kind: 'trusted_flagger', notifier: 'Flagger', reference: 'REF-1', receivedAt: iso(NOW) },
    };
    expect(OpenCaseBody.safeParse(intake).error?.issues).toBeUndefined();
    const paths: [string[], (bad: string) => unknown][] = [
      [['account', 'name'], (bad) => ({ ...intake, account: { ...intake.account, name: bad } })],
      [['summary'], (bad) => ({ ...intake, summary: bad })],
      [['evidenceRefs', '0'], (bad) => ({ ...intake, evidenceRefs: [bad] })],
      [['source', 'notifier'], (bad) => ({ ...intake, source: { ...intake.source, notifier: bad } })],
      [['source', 'reference'], (bad) => ({ ...intake, source: { ...intake.source, reference: bad } })],
    ];
    for (const [path, withValue] of paths) {
      const result = OpenCaseBody.safeParse(withValue('text\u0000text'));
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path.join('.'));
    }
  });

  it('staff alerts built from hostile text render inert', () => {
    const text = hostile('alert');
    expectInertMail(renderStaffAlert({ caseId: 'case-acct-1', kind: 'hold_expiring', subject: text, body: text }));
  });
});

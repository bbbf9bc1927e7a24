import { checkActor, checkStage, conflict, first, invalid, nonEmpty } from '../case-rules';
import { actedBy, decisionOf } from '../case-transitions';
import { record } from '../timeline';
import { defineCaseAction, REASONS_FIELD, type ActionInput } from './action-definition';

const roles = ['investigator'] as const;
const fields = {
  facts: { kind: 'text', max: 20_000, doc: 'The facts the statement of reasons relies on' },
  evidence: { kind: 'refs', max: 100, itemMax: 2048, doc: 'Evidence references (evidence-store hashes or URLs)' },
  reasons: REASONS_FIELD,
} as const;

/** Investigator's findings; moves the case from `investigating` to `legal_review`. */
export type SubmitFindingsInput = ActionInput<typeof fields>;

/** The investigator submits findings once, while the case is investigating. */
export const submitFindings = defineCaseAction({
  name: 'findings',
  update: 'submitFindings',
  path: '/findings',
  summary: "Submit the investigator's findings (investigating -> legal_review)",
  roles,
  destructive: false,
  fields,
  check: (state, input) =>
    first(
      () => checkActor(input, roles),
      () => checkStage(state, ['investigating'], 'submitting findings'),
      () => (state.findings ? conflict('findings were already submitted') : null),
      () => nonEmpty(input.facts, 'facts'),
      () => nonEmpty(input.reasons, 'reasons'),
      () =>
        Array.isArray(input.evidence) && input.evidence.every((e) => typeof e === 'string' && e.trim() !== '')
          ? null
          : invalid('evidence must be a list of references'),
    ),
  apply: (state, input, at) => {
    state.findings = { ...decisionOf(input, at), facts: input.facts, evidence: [...input.evidence] };
    record(
      state,
      at,
      'findings_submitted',
      `findings submitted (${input.evidence.length} evidence references)`,
      actedBy(input),
    );
  },
  cli: {
    command: 'findings',
    description: "Submit the investigator's findings; the case moves to legal review",
    example:
      'terminus case findings case-acct-8832 --facts "Attack manifestos posted before three shootings" --evidence sha256:ab12... --reasons "pattern over 6 months"',
    done: () => 'findings submitted',
  },
});

import { CASE_BOUNDS } from '../case-bounds';
import { checkActor, checkRefs, checkStage, conflict, first, forbidden, nonEmpty } from '../case-rules';
import { actedBy, decisionOf } from '../case-transitions';
import { record } from '../timeline';
import { defineCaseAction, REASONS_FIELD, type ActionInput } from './action-definition';

const roles = ['investigator'] as const;
const fields = {
  facts: { kind: 'text', max: CASE_BOUNDS.facts.chars, doc: 'The facts the statement of reasons relies on' },
  evidence: {
    kind: 'refs',
    max: CASE_BOUNDS.evidenceRefs,
    itemMax: CASE_BOUNDS.evidenceRef,
    doc: 'Evidence references (evidence-store hashes or URLs)',
  },
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
      () =>
        input.principal.id === state.intake.requestedBy
          ? forbidden(
              `principal ${input.principal.id} opened this case and cannot also investigate it (separation of duties)`,
            )
          : null,
      () => (state.findings ? conflict('findings were already submitted') : null),
      () => nonEmpty(input.facts, 'facts', CASE_BOUNDS.facts),
      () => nonEmpty(input.reasons, 'reasons'),
      () => checkRefs(input.evidence, 'evidence'),
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

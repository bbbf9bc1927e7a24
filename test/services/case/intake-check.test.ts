import { checkIntakeAtEdge } from '../../../src/services/case/intake-check';
import { DEFAULT_CUTOFF_RULES } from '../../../src/domain/cutoff';
import { newCase } from '../../support/fixtures/case-fixtures';

const NOW = Date.parse('2026-12-07T12:00:00Z');
const intake = (overrides: Partial<ReturnType<typeof newCase>['intake']> = {}) => ({
  ...newCase().intake,
  cutoff: { kind: 'instant' as const, at: '2026-12-08T00:00:00Z' },
  ...overrides,
});
const failure = (fn: () => void) => {
  try {
    fn();
  } catch (err) {
    return err as { name: string; type: string; message: string };
  }
  throw new Error('expected a refusal');
};

describe('intake checked at the service before the workflow starts', () => {
  it('accepts a cutoff within the window', () => {
    expect(() => checkIntakeAtEdge(intake(), DEFAULT_CUTOFF_RULES, NOW)).not.toThrow();
  });

  it('a past or far-future cutoff is InvalidInput (400) with the reason', () => {
    const past = failure(() =>
      checkIntakeAtEdge(intake({ cutoff: { kind: 'instant', at: '2020-01-01T00:00:00Z' } }), DEFAULT_CUTOFF_RULES, NOW),
    );
    expect(past).toMatchObject({
      name: 'ServiceFailure',
      type: 'InvalidInput',
      message: expect.stringMatching(/in the past/),
    });
    const far = failure(() =>
      checkIntakeAtEdge(
        intake({ cutoff: { kind: 'instant', at: '+010000-01-01T00:00:00Z' } }),
        DEFAULT_CUTOFF_RULES,
        NOW,
      ),
    );
    expect(far).toMatchObject({
      type: 'InvalidInput',
      message: expect.stringMatching(/further ahead than the policy/),
    });
  });

  it('an unknown zone keeps its InvalidCutoff type; an intake past its bounds is InvalidInput', () => {
    const zone = failure(() =>
      checkIntakeAtEdge(
        intake({ cutoff: { kind: 'local', time: '00:00', timeZone: 'Nowhere/City' } }),
        DEFAULT_CUTOFF_RULES,
        NOW,
      ),
    );
    expect(zone).toMatchObject({ type: 'InvalidCutoff', message: expect.stringMatching(/unknown time zone/) });
    const refs = failure(() =>
      checkIntakeAtEdge(
        intake({ evidenceRefs: Array.from({ length: 51 }, (_, i) => `sha256:${i}`) }),
        DEFAULT_CUTOFF_RULES,
        NOW,
      ),
    );
    expect(refs).toMatchObject({ type: 'InvalidInput', message: 'evidenceRefs: at most 50 references' });
  });
});

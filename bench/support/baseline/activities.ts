/** The baseline's one activity: returns at once (no I/O), so only Temporal's own cost of an activity remains. */
export interface BaselineActivities {
  noop(input: { step: string }): Promise<{ step: string }>;
}

/** The activity implementations the baseline worker registers. */
export function createBaselineActivities(): BaselineActivities {
  return {
    noop(input) {
      return Promise.resolve({ step: input.step });
    },
  };
}

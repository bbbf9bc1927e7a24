// The property tests' run counts and seed: fixed and small in `npm test`, larger in `npm run test:property`
// (TERMINUS_PROPERTY_RUNS multiplies the runs; TERMINUS_PROPERTY_SEED replays a reported failure).

/** The fast-check parameters for a property with `base` runs in the normal suite. */
export function propertyParams(base: number): { seed: number; numRuns: number; endOnFailure: true } {
  const factor = Number(process.env.TERMINUS_PROPERTY_RUNS ?? '1');
  const seed = Number(process.env.TERMINUS_PROPERTY_SEED ?? '20261207');
  return {
    seed: Number.isFinite(seed) ? seed : 20261207,
    numRuns: Math.max(1, Math.round(base * (Number.isFinite(factor) && factor > 0 ? factor : 1))),
    endOnFailure: true,
  };
}

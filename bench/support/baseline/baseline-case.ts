import { proxyActivities, sleep } from '@temporalio/workflow';
import type { BaselineActivities } from './activities';

/**
 * The bare baseline of the case-throughput benchmark: a workflow that does nothing but the activities and timers
 * a real case does, in the same groups (what one workflow task of the case scheduled together runs together
 * here), with no-op activities and the shortest timers. No updates, no queries, no search attributes, no child
 * workflows, no payloads worth the name: what a case costs beyond this is what terminus adds.
 */

/** Activities and timers started together by one workflow task. */
export interface BaselineRound {
  activities: number;
  timers: number;
}

/** Input of {@link baselineCase}. */
export interface BaselineCaseInput {
  rounds: BaselineRound[];
  /** Each timer's duration (a timer the server must fire; the case's timers are cancelled by decisions instead). */
  timerMs: number;
}

/** What it did, for the driver to check against the shape it asked for. */
export interface BaselineCaseResult {
  activities: number;
  timers: number;
}

// The same options as the case's cheapest profile (COMPUTE): an explicit timeout and a bounded retry.
const { noop } = proxyActivities<BaselineActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3, initialInterval: '1 second' },
});

/** Runs the rounds one after another, each round's work concurrently. */
export async function baselineCase(input: BaselineCaseInput): Promise<BaselineCaseResult> {
  const done: BaselineCaseResult = { activities: 0, timers: 0 };
  for (const [i, round] of input.rounds.entries()) {
    const work: Promise<unknown>[] = [];
    for (let a = 0; a < round.activities; a++) work.push(noop({ step: `${i}-${a}` }).then(() => done.activities++));
    for (let t = 0; t < round.timers; t++) work.push(sleep(input.timerMs).then(() => done.timers++));
    await Promise.all(work);
  }
  return done;
}

// The watch-scale benchmark's history analysis: the workflow task timeouts the target counts are the ones recorded
// while the worker ran; those recorded after the benchmark stops it (tasks in flight time out once) are kept apart.
import { temporal } from '@temporalio/proto';
import Long from 'long';
import { analyzeRun, summarizeScan } from '../../bench/watch-scale/histories';

const ET = temporal.api.enums.v1.EventType;
const TT = temporal.api.enums.v1.TimeoutType;

const at = (ms: number) => ({ seconds: Long.fromNumber(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1e6 });
const id = (n: number) => Long.fromNumber(n);

function timedOut(eventId: number, ms: number, type: temporal.api.enums.v1.TimeoutType) {
  return {
    eventId: id(eventId),
    eventTime: at(ms),
    eventType: ET.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT,
    workflowTaskTimedOutEventAttributes: { timeoutType: type },
  };
}

it('counts timeouts up to the window end in the figure and the later ones apart', () => {
  const run = analyzeRun('watch-a', 'run-1', [
    { eventId: id(1), eventTime: at(1_000), eventType: ET.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED },
    timedOut(2, 5_000, TT.TIMEOUT_TYPE_START_TO_CLOSE),
    timedOut(3, 9_000, TT.TIMEOUT_TYPE_SCHEDULE_TO_START),
    timedOut(4, 21_000, TT.TIMEOUT_TYPE_SCHEDULE_TO_START),
    timedOut(5, 22_000, TT.TIMEOUT_TYPE_START_TO_CLOSE),
  ]);
  expect(run.workflowTaskTimeouts).toEqual({ startToClose: 2, scheduleToStart: 2 });

  const windowed = summarizeScan([run], 10_000);
  expect(windowed.workflowTaskTimeouts).toEqual({ startToClose: 1, scheduleToStart: 1 });
  expect(windowed.workflowTaskTimeoutsAfterWindow).toBe(2);

  const whole = summarizeScan([run]);
  expect(whole.workflowTaskTimeouts).toEqual({ startToClose: 2, scheduleToStart: 2 });
  expect(whole.workflowTaskTimeoutsAfterWindow).toBe(0);
});

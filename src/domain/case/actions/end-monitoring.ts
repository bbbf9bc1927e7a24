import { checkActor, checkStage, conflict, first, nonEmpty } from '../case-rules';
import { actedBy, decisionOf } from '../case-transitions';
import { record } from '../timeline';
import { defineCaseAction, REASONS_FIELD, type ActionInput } from './action-definition';

const roles = ['tns_lead', 'legal', 'admin'] as const;
const fields = { reasons: REASONS_FIELD } as const;

/** Staff end monitoring before the follow-up period does; the case then closes. */
export type EndMonitoringInput = ActionInput<typeof fields>;

/** Ends monitoring early; the case then closes and its record is archived. */
export const endMonitoring = defineCaseAction({
  name: 'end-monitoring',
  update: 'endMonitoring',
  path: '/end-monitoring',
  summary: 'End monitoring before the follow-up period does; the case then closes and is archived',
  roles,
  destructive: false,
  fields,
  check: (state, input) =>
    first(
      () => checkActor(input, roles),
      () => checkStage(state, ['monitoring'], 'ending monitoring'),
      () => (state.monitoringEnd ? conflict('monitoring is already ending') : null),
      () => nonEmpty(input.reasons, 'reasons'),
    ),
  apply: (state, input, at) => {
    state.monitoringEnd = decisionOf(input, at);
    record(state, at, 'monitoring_ended', 'monitoring ended by staff', actedBy(input));
  },
  cli: {
    command: 'end-monitoring',
    description: 'End monitoring before the follow-up period does; the case closes and its record is archived',
    example: 'terminus case end-monitoring case-acct-8832 --reasons "domains parked for 60 days"',
    done: () => 'monitoring ending',
  },
});

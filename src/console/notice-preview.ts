import type { CaseView } from '../domain/case/case-state';
import { buildStatement } from '../domain/case/statement';
import { resolveCutoff } from '../domain/cutoff';
import { dsaStatementOfCase } from '../domain/dsa/case-statement';
import type { DsaStatement } from '../domain/dsa/dsa-statement';
import { renderCustomerMessage, type RenderedMessage } from '../domain/notice';
import type { StatementOfReasons } from '../domain/statement-of-reasons';
import { stateOfView } from '../services/case/view-state';

/** The statement of reasons and the notice as the customer gets them, and whether they were already sent. */
export interface NoticePreview {
  statement?: StatementOfReasons;
  /** True once the notice went out (the statement is the one sent); false: what would be sent if notified now. */
  asSent: boolean;
  notice?: RenderedMessage;
  dsa?: DsaStatement;
  problem?: string;
}

/**
 * The statement and the notice built by the same functions the workflow and the notify activity use: the sent
 * statement once there is one; before that, the statement as it would be built for a notice sent at `nowMs` (the
 * cutoff resolved by the same arithmetic, the ground and findings as they stand).
 */
export function noticePreview(view: CaseView, nowMs: number): NoticePreview {
  const state = stateOfView(view);
  const nonDisclosure = view.activeHolds.some((h) => h.kind === 'non_disclosure');
  try {
    const cutoff =
      view.cutoff ??
      resolveCutoff(view.intake.cutoff, {
        noticeAt: new Date(nowMs).toISOString(),
        minimumNoticeMs: view.policy.category.minimumNotice.ms,
        nonexistentLocalTime: view.policy.cutoff.nonexistentLocalTime,
        ambiguousLocalTime: view.policy.cutoff.ambiguousLocalTime,
        expedited: view.expedite.effectiveAt !== undefined,
      });
    const statement = view.statement ?? buildStatement(state, cutoff, nowMs);
    const notice = renderCustomerMessage({ kind: 'termination_notice', statement, nonDisclosure });
    const dsa = dsaStatementOfCase(state);
    return { statement, asSent: view.statement !== undefined, notice, ...(dsa ? { dsa } : {}) };
  } catch (err) {
    return { asSent: false, problem: err instanceof Error ? err.message : String(err) };
  }
}

import { ApplicationFailure } from '@temporalio/common';
import type { CutoffRequest, ResolvedCutoff } from '../domain/case-types';
import { cutoffOutsideWindow, resolveCutoff } from '../domain/cutoff';
import { FailureType } from '../domain/failures';
import { casePolicyFor } from '../domain/policy/policy-lookup';
import type { CasePolicy, PolicyDocument } from '../domain/policy/policy-types';

/** Input of `resolveCasePolicy`. */
export interface ResolveCasePolicyInput {
  category: string;
}

/** Input of `resolveCutoff`: everything the arithmetic needs, so the result depends on nothing else. */
export interface ResolveCutoffInput {
  request: CutoffRequest;
  noticeAt: string;
  minimumNoticeMs: number;
  rules: CasePolicy['cutoff'];
  expedited: boolean;
  /** At intake: refuse (non-retryable `InvalidInput`) a request outside the policy's window at `noticeAt`. */
  checkWindow?: boolean;
}

/** Dependencies of the case activities: the policy document, validated at worker start-up. */
export interface CaseActivityDeps {
  policy: PolicyDocument;
}

/**
 * Activities that turn data the workflow must not compute itself into history: the policy slice a case is
 * decided under (the document can change while cases run) and the cutoff instant (tz data lives on the worker
 * and can change; the persisted result makes replay independent of both).
 */
export function createCaseActivities({ policy }: CaseActivityDeps) {
  return {
    resolveCasePolicy({ category }: ResolveCasePolicyInput): Promise<CasePolicy> {
      try {
        return Promise.resolve(casePolicyFor(policy, category));
      } catch (err) {
        return Promise.reject(ApplicationFailure.nonRetryable((err as Error).message, FailureType.InvalidInput));
      }
    },
    resolveCutoff(input: ResolveCutoffInput): Promise<ResolvedCutoff> {
      try {
        const outside = input.checkWindow
          ? cutoffOutsideWindow(input.request, Date.parse(input.noticeAt), input.rules)
          : null;
        if (outside) return Promise.reject(ApplicationFailure.nonRetryable(outside, FailureType.InvalidInput));
        return Promise.resolve(
          resolveCutoff(input.request, {
            noticeAt: input.noticeAt,
            minimumNoticeMs: input.minimumNoticeMs,
            nonexistentLocalTime: input.rules.nonexistentLocalTime,
            ambiguousLocalTime: input.rules.ambiguousLocalTime,
            expedited: input.expedited,
          }),
        );
      } catch (err) {
        if ((err as Error).name === 'CutoffError') {
          return Promise.reject(ApplicationFailure.nonRetryable((err as Error).message, FailureType.InvalidCutoff));
        }
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
    },
  };
}

/** The case activities as workflows see them. */
export type CaseActivities = ReturnType<typeof createCaseActivities>;

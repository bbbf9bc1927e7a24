import { loadPolicy } from '../../../src/config/policy';
import type { CaseIntake, CaseState } from '../../../src/domain/case/case-state';
import { openCase } from '../../../src/domain/case/case-transitions';
import type { Principal } from '../../../src/domain/case-types';
import { casePolicyFor } from '../../../src/domain/policy/policy-lookup';

export const NOW = Date.parse('2019-08-04T20:00:00.000Z');
export const iso = (ms: number) => new Date(ms).toISOString();
export const DAY = 86_400_000;

export const p = (id: string, ...roles: Principal['roles']): Principal => ({ id, roles });

/** A case for the 8chan-like category, opened by `rita`. */
export function newCase(overrides: Partial<CaseIntake> = {}, category = 'violent_extremism'): CaseState {
  return openCase(
    { caseId: 'case-acct-1', caseRef: 'run-1' },
    {
      account: { id: 'acct-1', name: '8board', noticeContacts: ['abuse@8board.example'] },
      domains: { primary: '8Board.Example.', aliases: ['mirror.example'] },
      services: ['dns', 'proxy'],
      category,
      summary: 'manifestos before attacks',
      evidenceRefs: ['https://evidence.example/1'],
      cutoff: { kind: 'local', time: '00:00', timeZone: 'America/Los_Angeles' },
      urgency: 'imminent',
      requestedBy: 'rita',
      ...overrides,
    },
    casePolicyFor(loadPolicy(), category),
    iso(NOW),
  );
}

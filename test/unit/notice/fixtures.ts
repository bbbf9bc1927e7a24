import type { StatementOfReasons } from '../../../src/domain/statement-of-reasons';

/** A statement of reasons modelled on the 8chan case: midnight Pacific on a summer night (PDT, UTC-7). */
export function statementFixture(overrides: Partial<StatementOfReasons> = {}): StatementOfReasons {
  return {
    caseId: 'case-acct-8c',
    accountId: 'acct-8c',
    accountName: 'Example Imageboard LLC',
    decision: { services: ['dns', 'proxy'], domains: ['board.example', 'board-mirror.example'] },
    facts: 'The site hosted manifestos praising a mass shooting.\nModerators did not remove them after two reports.',
    evidence: ['sha256:4f1b2c3d', 'https://archive.example/board/123'],
    ground: 'incompatible_content',
    groundExplanation: 'Terms of service, section 4.2: content that incites or glorifies violence.',
    policy: {
      version: '2019.3',
      clause: 'TOS-4.2',
      category: 'violent_extremism',
      dsaCategory: 'STATEMENT_CATEGORY_VIOLENCE',
    },
    automatedDetection: false,
    automatedDecision: false,
    effective: {
      at: '2019-08-05T07:00:00.000Z',
      timeZone: 'America/Los_Angeles',
      localTime: '2019-08-05T00:00:00-07:00',
    },
    appeal: { until: '2019-09-04T07:00:00.000Z', how: 'Reply to appeals@terminus.example quoting the case reference.' },
    ...overrides,
  };
}

/** Hostile strings: markup, a script, attribute breakers and header injection with CR/LF. */
export const HOSTILE = {
  name: 'Evil <script>alert("x")</script> & Co\r\nBcc: victim@elsewhere.example',
  facts: '<img src=x onerror="alert(1)"> "quoted" \'single\' & <b>bold</b>\r\nX-Injected: yes',
  domain: 'evil.example"><script>alert(2)</script>',
};

import {
  LAW_ENFORCEMENT_TERMS,
  lawEnforcementMentions,
  renderCustomerMessage,
  type CustomerMessageContent,
} from '../../../src/domain/notice';
import { HOSTILE, statementFixture } from '../../support/fixtures/notice-fixtures';

const notice = (over: Partial<CustomerMessageContent> = {}): CustomerMessageContent => ({
  kind: 'termination_notice',
  statement: statementFixture(),
  nonDisclosure: false,
  ...over,
});

/** The error `fn` throws (fails the test when it throws nothing). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error, got none');
}

/** The HTML part as text, so content checks read the same in both parts. */
const htmlText = (html: string): string =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('termination notice', () => {
  const m = renderCustomerMessage(notice());

  it('states every element of the statement of reasons, in both parts', () => {
    for (const body of [m.text.replace(/\s+/g, ' '), htmlText(m.html)]) {
      expect(body).toContain('authoritative DNS hosting and reverse proxy (HTTP and HTTPS)');
      expect(body).toContain('board.example');
      expect(body).toContain('board-mirror.example');
      expect(body).toContain('The site hosted manifestos praising a mass shooting.');
      expect(body).toContain('sha256:4f1b2c3d');
      expect(body).toContain('incompatible with our terms of service');
      expect(body).toContain('section 4.2');
      expect(body).toContain('Clause: TOS-4.2');
      expect(body).toContain('Policy version: 2019.3');
      expect(body).toContain('Automated means were not used to detect the content.');
      expect(body).toContain('automated means were not used to take it');
      expect(body).toContain('Reply to appeals@terminus.example quoting the case reference.');
      expect(body).toContain('Case reference: case-acct-8c');
    }
  });

  it('gives the effective time in the stated zone and in UTC (midnight PDT is 07:00 UTC)', () => {
    expect(m.text).toContain('Monday 5 August 2019, 00:00 (America/Los_Angeles, GMT-07:00)');
    expect(m.text).toContain('Monday 5 August 2019, 07:00 UTC (2019-08-05T07:00:00Z)');
    expect(htmlText(m.html)).toContain('Monday 5 August 2019, 00:00 (America/Los_Angeles, GMT-07:00)');
  });

  it('follows the zone across DST: midnight PST in winter is 08:00 UTC', () => {
    const winter = renderCustomerMessage(
      notice({
        statement: statementFixture({
          effective: { at: '2019-12-02T08:00:00Z', timeZone: 'America/Los_Angeles', localTime: '' },
        }),
      }),
    );
    expect(winter.text).toContain('Monday 2 December 2019, 00:00 (America/Los_Angeles, GMT-08:00)');
    expect(winter.text).toContain('Monday 2 December 2019, 08:00 UTC');
  });

  it('says until when and how to appeal, in the same zone and in UTC', () => {
    expect(m.text).toContain(
      'You can appeal this decision until Wednesday 4 September 2019, 00:00 (America/Los_Angeles, GMT-07:00), which is Wednesday 4 September 2019, 07:00 UTC.',
    );
  });

  it('reports automated means when they were used', () => {
    const auto = renderCustomerMessage(
      notice({ statement: statementFixture({ automatedDetection: true, automatedDecision: true }) }),
    );
    expect(auto.text).toContain('Automated means were used to detect the content.');
    expect(auto.text).toContain('Automated means were used to take this decision.');
  });

  it('names the ground: illegal content', () => {
    const illegal = renderCustomerMessage(notice({ statement: statementFixture({ ground: 'illegal_content' }) }));
    expect(illegal.text).toContain('The content is illegal.');
  });

  it('escapes hostile names, facts and domains in HTML and keeps them out of header structure', () => {
    const hostile = renderCustomerMessage(
      notice({
        statement: statementFixture({
          accountName: HOSTILE.name,
          facts: HOSTILE.facts,
          decision: { services: ['dns'], domains: [HOSTILE.domain] },
        }),
      }),
    );
    expect(hostile.html).not.toMatch(/<script|<img|<b>|onerror="/i);
    expect(hostile.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(hostile.html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    expect(hostile.html).toContain('evil.example&quot;&gt;&lt;script&gt;');
    expect(hostile.subject).not.toMatch(/[\r\n]/);
    expect(hostile.subject).toContain('evil.example');
    // The text part keeps the characters (plain text cannot execute) but no CR.
    expect(hostile.text).toContain('<img src=x onerror="alert(1)">');
    expect(hostile.text).not.toContain('\r');
  });

  it('refuses a statement with no domain or an unknown time zone', () => {
    expect(() =>
      renderCustomerMessage(notice({ statement: statementFixture({ decision: { services: ['dns'], domains: [] } }) })),
    ).toThrow(/domains is empty/);
    const err = thrown(() =>
      renderCustomerMessage(
        notice({
          statement: statementFixture({
            effective: { at: '2019-08-05T07:00:00Z', timeZone: 'Mars/Olympus', localTime: '' },
          }),
        }),
      ),
    );
    expect(err.name).toBe('NoticeInputError');
    expect(err.message).toContain('Mars/Olympus');
  });
});

describe('non-disclosure', () => {
  it('a clean notice under non-disclosure says nothing about law enforcement', () => {
    const m = renderCustomerMessage(notice({ nonDisclosure: true }));
    expect(lawEnforcementMentions([m.subject, m.text, htmlText(m.html)])).toEqual([]);
  });

  it.each([
    ['facts', { facts: 'Following an FBI request we reviewed the site.' }, 'FBI'],
    ['ground', { groundExplanation: 'Required by a court order of 3 August.' }, 'court order'],
    ['evidence', { evidence: ['https://x.example/subpoena-2019-0042.pdf'] }, 'subpoena'],
    [
      'appeal how',
      { appeal: { until: '2019-09-04T07:00:00Z', how: 'Law enforcement asked us to keep this quiet.' } },
      'law enforcement',
    ],
  ])('refuses a notice whose %s would reveal the request', (_where, over, term) => {
    const err = thrown(() => renderCustomerMessage(notice({ nonDisclosure: true, statement: statementFixture(over) })));
    expect(err.name).toBe('NoticeInputError');
    expect(err.message).toContain(`"${term}"`);
  });

  it('renders the same text when disclosure is allowed (the guard only applies under non-disclosure)', () => {
    const m = renderCustomerMessage(
      notice({ statement: statementFixture({ facts: 'Reported by police in two countries.' }) }),
    );
    expect(m.text).toContain('Reported by police in two countries.');
  });

  it('screens appeal reasons too', () => {
    expect(() =>
      renderCustomerMessage(
        notice({
          kind: 'appeal_decided',
          nonDisclosure: true,
          appeal: { id: 'ap-1', decision: 'denied', reasons: 'Per the 2705(b) order.' },
        }),
      ),
    ).toThrow(/2705/);
  });

  it('matches terms on word boundaries, not inside other words', () => {
    expect(lawEnforcementMentions(['The warranty expired', 'subpoenaed records'])).toEqual([]);
    expect(lawEnforcementMentions(['an 18 U.S.C. 2703(f) letter'])).toEqual(['2703', '18 U.S.C']);
    expect(LAW_ENFORCEMENT_TERMS.length).toBeGreaterThan(10);
  });
});

describe('other customer messages', () => {
  it('appeal received names the appeal and the decision appealed', () => {
    const m = renderCustomerMessage(notice({ kind: 'appeal_received', appeal: { id: 'ap-7' } }));
    expect(m.subject).toBe('We received your appeal ap-7 (board.example and 1 more)');
    expect(m.text).toContain('reviewed by a person who did not take the original decision');
    expect(m.text).toContain('board-mirror.example');
  });

  it('appeal decided: upheld reverses, denied stands, reasons are shown and escaped', () => {
    const up = renderCustomerMessage(
      notice({
        kind: 'appeal_decided',
        appeal: { id: 'ap-7', decision: 'upheld', reasons: 'Content <removed> promptly.' },
      }),
    );
    expect(up.subject).toContain('upheld');
    expect(up.text).toContain('we are reversing our decision');
    expect(up.html).toContain('Content &lt;removed&gt; promptly.');
    const down = renderCustomerMessage(notice({ kind: 'appeal_decided', appeal: { id: 'ap-7', decision: 'denied' } }));
    expect(down.text).toContain('our decision stands');
  });

  it('refuses appeal messages without an appeal id or decision', () => {
    expect(() => renderCustomerMessage(notice({ kind: 'appeal_received' }))).toThrow(/appeal.id/);
    expect(() => renderCustomerMessage(notice({ kind: 'appeal_decided', appeal: { id: 'ap-1' } }))).toThrow(
      /appeal.decision/,
    );
  });

  it('reinstatement lists the restored services and domains', () => {
    const m = renderCustomerMessage(notice({ kind: 'reinstatement' }));
    expect(m.subject).toBe('Service restored for board.example and 1 more');
    expect(m.text).toContain('We have restored authoritative DNS hosting and reverse proxy (HTTP and HTTPS)');
  });
});

import type { AppealOutcome, CustomerMessageKind } from '../vocabularies';
import type { ServiceKind } from '../case-types';
import type { StatementOfReasons } from '../statement-of-reasons';
import { lawEnforcementMentions } from './disclosure';
import { renderDocument, type MessageDocument, type RenderedMessage, type Section } from './document';
import { NoticeInputError } from './errors';
import { describeInstant } from './time-format';

/**
 * The customer-facing messages. The termination notice carries the full statement of reasons (EU DSA Art. 17:
 * decision, facts, ground, policy clause and version, automated means, effective time, redress); the appeal and
 * reinstatement messages restate the decision they refer to. Templates never mention law-enforcement holds or
 * requests; under non-disclosure the staff-written text is screened as well (see `disclosure.ts`).
 */

/** What a customer message says; structurally the notify contract's input minus the transport fields. */
export interface CustomerMessageContent {
  kind: CustomerMessageKind;
  statement: StatementOfReasons;
  nonDisclosure: boolean;
  appeal?: { id: string; decision?: AppealOutcome; reasons?: string };
}

const SERVICE_LABELS: Record<ServiceKind, string> = {
  dns: 'authoritative DNS hosting',
  proxy: 'reverse proxy (HTTP and HTTPS)',
};

const GROUND_LABELS: Record<StatementOfReasons['ground'], string> = {
  illegal_content: 'The content is illegal.',
  incompatible_content: 'The content is incompatible with our terms of service.',
};

function services(s: StatementOfReasons): string {
  return s.decision.services.map((k) => SERVICE_LABELS[k] ?? k).join(' and ');
}

function domainsSubject(s: StatementOfReasons): string {
  const [first, ...rest] = s.decision.domains;
  return rest.length > 0 ? `${first} and ${rest.length} more` : (first ?? '');
}

function decisionSection(s: StatementOfReasons, heading = 'Decision'): Section {
  const a = s.affected;
  return {
    heading,
    blocks: [
      { kind: 'paragraph', text: `We are ending ${services(s)} for these domains:` },
      { kind: 'list', items: s.decision.domains },
      ...(a
        ? ([
            {
              kind: 'paragraph',
              text:
                `and for every zone and proxied hostname of account(s) ${a.accounts.join(', ')} on our network: ` +
                `${a.items} name(s)` +
                (a.sample.length ? `, including:` : '.'),
            },
            ...(a.sample.length ? [{ kind: 'list', items: a.sample }] : []),
            ...(a.exclusions.length
              ? [
                  { kind: 'paragraph', text: 'These names are not affected by this decision:' },
                  { kind: 'list', items: a.exclusions.map((e) => `${e.name}: ${e.reason}`) },
                ]
              : []),
          ] as Section['blocks'])
        : []),
    ],
  };
}

function terminationNotice(s: StatementOfReasons): MessageDocument {
  const effective = describeInstant(s.effective.at, s.effective.timeZone);
  const appealUntil = describeInstant(s.appeal.until, s.effective.timeZone);
  return {
    subject: `Notice of service termination for ${domainsSubject(s)}`,
    greeting: `Dear ${s.accountName},`,
    intro: [
      `This is the statement of reasons for our decision to end service to your account ${s.accountId}. ` +
        'It explains what ends, when, why, under which rule, and how you can appeal.',
    ],
    sections: [
      decisionSection(s),
      {
        heading: 'When it takes effect',
        blocks: [{ kind: 'list', items: [effective.local, `${effective.utc} (${effective.iso})`] }],
      },
      { heading: 'Facts and circumstances', blocks: [{ kind: 'paragraph', text: s.facts }] },
      ...(s.source
        ? [
            {
              heading: 'What led to this decision',
              blocks: [{ kind: 'paragraph' as const, text: `This decision follows ${s.source}.` }],
            },
          ]
        : []),
      {
        heading: 'Evidence relied on',
        blocks: s.evidence.length
          ? [{ kind: 'list', items: s.evidence }]
          : [{ kind: 'paragraph', text: 'No evidence references are listed for this decision.' }],
      },
      {
        heading: 'Ground for the decision',
        blocks: [
          { kind: 'paragraph', text: GROUND_LABELS[s.ground] },
          { kind: 'paragraph', text: s.groundExplanation },
        ],
      },
      {
        heading: 'Policy applied',
        blocks: [
          {
            kind: 'list',
            items: [
              `Clause: ${s.policy.clause}`,
              `Policy version: ${s.policy.version}`,
              `Category: ${s.policy.category} (${s.policy.dsaCategory})`,
            ],
          },
        ],
      },
      {
        heading: 'Use of automated means',
        blocks: [
          {
            kind: 'list',
            items: [
              s.automatedDetection
                ? 'Automated means were used to detect the content.'
                : 'Automated means were not used to detect the content.',
              s.automatedDecision
                ? 'Automated means were used to take this decision.'
                : 'This decision was taken by people; automated means were not used to take it.',
            ],
          },
        ],
      },
      {
        heading: 'How to appeal',
        blocks: [
          {
            kind: 'paragraph',
            text: `You can appeal this decision until ${appealUntil.local}, which is ${appealUntil.utc}.`,
          },
          { kind: 'paragraph', text: s.appeal.how },
        ],
      },
    ],
    closing: [`Case reference: ${s.caseId}`, 'Trust & Safety'],
  };
}

function appealReceived(s: StatementOfReasons, appealId: string): MessageDocument {
  return {
    subject: `We received your appeal ${appealId} (${domainsSubject(s)})`,
    greeting: `Dear ${s.accountName},`,
    intro: [
      `We received your appeal ${appealId} against our decision on your account ${s.accountId}. ` +
        'It will be reviewed by a person who did not take the original decision. We will write to you with the outcome.',
    ],
    sections: [decisionSection(s, 'The decision you appealed')],
    closing: [`Case reference: ${s.caseId}`, 'Trust & Safety'],
  };
}

function appealDecided(s: StatementOfReasons, appeal: NonNullable<CustomerMessageContent['appeal']>): MessageDocument {
  if (appeal.decision !== 'upheld' && appeal.decision !== 'denied') {
    throw new NoticeInputError('an appeal_decided message needs appeal.decision ("upheld" or "denied")');
  }
  const outcome =
    appeal.decision === 'upheld'
      ? 'Your appeal is upheld: we are reversing our decision and restoring the service.'
      : 'Your appeal is denied: our decision stands.';
  return {
    subject: `Outcome of your appeal ${appeal.id}: ${appeal.decision} (${domainsSubject(s)})`,
    greeting: `Dear ${s.accountName},`,
    intro: [`We have decided your appeal ${appeal.id} against our decision on your account ${s.accountId}.`, outcome],
    sections: [
      decisionSection(s, 'The decision you appealed'),
      {
        heading: 'Reasons',
        blocks: [{ kind: 'paragraph', text: appeal.reasons?.trim() || 'No further reasons were given.' }],
      },
    ],
    closing: [`Case reference: ${s.caseId}`, 'Trust & Safety'],
  };
}

function reinstatement(s: StatementOfReasons): MessageDocument {
  return {
    subject: `Service restored for ${domainsSubject(s)}`,
    greeting: `Dear ${s.accountName},`,
    intro: [`We have restored ${services(s)} for your account ${s.accountId} on these domains:`],
    sections: [
      { heading: 'Restored', blocks: [{ kind: 'list', items: s.decision.domains }] },
      {
        heading: 'What to check',
        blocks: [
          {
            kind: 'paragraph',
            text: 'Your configuration was restored as it was before the decision. DNS caches may take a while to catch up.',
          },
        ],
      },
    ],
    closing: [`Case reference: ${s.caseId}`, 'Trust & Safety'],
  };
}

/** Every free-text field a customer message can show; what the non-disclosure screen reads. */
function shownText(content: CustomerMessageContent): string[] {
  const s = content.statement;
  return [
    s.facts,
    s.groundExplanation,
    s.appeal.how,
    ...s.evidence,
    s.policy.clause,
    content.appeal?.reasons ?? '',
    ...(s.affected?.exclusions.map((e) => e.reason) ?? []),
  ];
}

function checkStatement(s: StatementOfReasons): void {
  if (s.decision.domains.length === 0) throw new NoticeInputError('statement.decision.domains is empty');
  if (s.decision.services.length === 0) throw new NoticeInputError('statement.decision.services is empty');
  if (!s.accountName.trim()) throw new NoticeInputError('statement.accountName is empty');
}

/**
 * Renders a customer message. Throws {@link NoticeInputError} when the content cannot make a valid message,
 * including a non-disclosure notice whose text would reveal a law-enforcement request.
 */
export function renderCustomerMessage(content: CustomerMessageContent): RenderedMessage {
  const s = content.statement;
  checkStatement(s);
  if (content.nonDisclosure) {
    const found = lawEnforcementMentions(shownText(content));
    if (found.length > 0) {
      throw new NoticeInputError(
        `the case is under a non-disclosure hold and the message text mentions ${found.map((t) => `"${t}"`).join(', ')}; ` +
          'rewrite the statement so it does not reveal the request',
      );
    }
  }
  switch (content.kind) {
    case 'termination_notice':
      return renderDocument(terminationNotice(s));
    case 'appeal_received':
    case 'appeal_decided': {
      if (!content.appeal?.id) throw new NoticeInputError(`a ${content.kind} message needs appeal.id`);
      return renderDocument(
        content.kind === 'appeal_received' ? appealReceived(s, content.appeal.id) : appealDecided(s, content.appeal),
      );
    }
    case 'reinstatement':
      return renderDocument(reinstatement(s));
    default:
      throw new NoticeInputError(
        `unknown customer message kind ${JSON.stringify((content as { kind: unknown }).kind)}`,
      );
  }
}

import type { Role } from '../../../src/domain/case-types';
import { KNOWN_CASE } from './fake-case-service';

/** One invalid request for a route and the field its problem must name. */
export interface InvalidCase {
  why: string;
  field: string;
  body?: unknown;
  path?: string;
  query?: string;
}

/** A route of the API as its specification says: who may call it, a valid request, invalid ones. */
export interface RouteSpec {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  roles: Role[];
  body?: Record<string, unknown>;
  invalid: InvalidCase[];
}

export const ALL: Role[] = ['requester', 'investigator', 'legal', 'tns_lead', 'appeals', 'operator', 'admin'];
const C = `/cases/${KNOWN_CASE}`;
const reasonsOnly = (name: string, path: string, roles: Role[]): RouteSpec => ({
  name,
  method: 'POST',
  path,
  roles,
  body: { reasons: 'because' },
  invalid: [
    { why: 'reasons missing', field: 'reasons', body: {} },
    { why: 'reasons blank', field: 'reasons', body: { reasons: '   ' } },
    { why: 'reasons too long', field: 'reasons', body: { reasons: 'x'.repeat(5001) } },
    { why: 'NUL in the reasons', field: 'reasons', body: { reasons: 'ok\u0000' } },
    {
      why: 'principal in the body',
      field: 'principal',
      body: { reasons: 'r', principal: { id: 'root', roles: ['admin'] } },
    },
    { why: 'bad case id', field: 'caseId', path: path.replace(KNOWN_CASE, 'nope') },
  ],
});

/** A valid intake body for `POST /cases` (account `acct-new`). */
export function openBody(account = 'acct-new'): Record<string, unknown> {
  return {
    account: { id: account, name: 'Board', noticeContacts: [`abuse@${account}.example`] },
    domains: { primary: `${account}.example`, aliases: [`www.${account}.example`] },
    services: ['dns', 'proxy'],
    category: 'violent_extremism',
    summary: 'Forum used to announce attacks',
    evidenceRefs: ['https://evidence.example/1'],
    cutoff: { kind: 'local', time: '00:00', timeZone: 'America/Los_Angeles' },
    urgency: 'imminent',
  };
}

const withField = (patch: (b: Record<string, unknown>) => void) => {
  const b = JSON.parse(JSON.stringify(openBody())) as Record<string, unknown>;
  patch(b);
  return b;
};

/** Every route of the API with its role matrix (the specification, written out here on purpose). */
export const ROUTES: RouteSpec[] = [
  {
    name: 'open case',
    method: 'POST',
    path: '/cases',
    roles: ['requester', 'investigator', 'admin'],
    body: openBody(),
    invalid: [
      {
        why: 'account id missing',
        field: 'account.id',
        body: withField((b) => delete (b.account as Record<string, unknown>).id),
      },
      {
        why: 'bad contact',
        field: 'account.noticeContacts[0]',
        body: withField((b) => ((b.account as Record<string, unknown>).noticeContacts = ['not-an-email'])),
      },
      {
        why: 'bad domain',
        field: 'domains.primary',
        body: withField((b) => ((b.domains as Record<string, unknown>).primary = 'no_domain')),
      },
      { why: 'unknown category', field: 'category', body: withField((b) => (b.category = 'jaywalking')) },
      {
        why: 'a notice without its notifier',
        field: 'source.notifier',
        body: withField((b) => (b.source = { kind: 'article_16_notice', receivedAt: '2026-03-01T10:00:00Z' })),
      },
      {
        why: 'an order without its country',
        field: 'source.country',
        body: withField(
          (b) => (b.source = { kind: 'member_state_order', authority: 'Court', receivedAt: '2026-03-01T10:00:00Z' }),
        ),
      },
      {
        why: 'an order from outside the EEA',
        field: 'source.country',
        body: withField(
          (b) =>
            (b.source = {
              kind: 'member_state_order',
              authority: 'Court',
              country: 'US',
              receivedAt: '2026-03-01T10:00:00Z',
            }),
        ),
      },
      { why: 'an unknown source kind', field: 'source.kind', body: withField((b) => (b.source = { kind: 'rumour' })) },
      {
        why: 'a bad account creation date',
        field: 'account.createdOn',
        body: withField((b) => ((b.account as Record<string, unknown>).createdOn = '2026-02-30')),
      },
      {
        why: 'bad time zone',
        field: 'cutoff.timeZone',
        body: withField((b) => (b.cutoff = { kind: 'local', time: '00:00', timeZone: 'Mars/Olympus_Mons' })),
      },
      {
        why: 'bad local time',
        field: 'cutoff.time',
        body: withField((b) => (b.cutoff = { kind: 'local', time: '24:30', timeZone: 'UTC' })),
      },
      {
        why: 'instant without offset',
        field: 'cutoff.at',
        body: withField((b) => (b.cutoff = { kind: 'instant', at: '2026-03-01T00:00:00' })),
      },
      { why: 'unknown service', field: 'services[0]', body: withField((b) => (b.services = ['ftp'])) },
      { why: 'requester in the body', field: 'requestedBy', body: withField((b) => (b.requestedBy = 'someone-else')) },
      { why: 'summary too long', field: 'summary', body: withField((b) => (b.summary = 'x'.repeat(5001))) },
      {
        why: 'too many aliases',
        field: 'domains.aliases',
        body: withField(
          (b) =>
            ((b.domains as Record<string, unknown>).aliases = Array.from({ length: 51 }, (_, i) => `a${i}.example`)),
        ),
      },
      { why: 'wrong type', field: 'urgency', body: withField((b) => (b.urgency = 3)) },
    ],
  },
  {
    name: 'list cases',
    method: 'GET',
    path: '/cases?stage=legal_review',
    roles: ALL,
    invalid: [
      { why: 'unknown stage', field: 'stage', path: '/cases?stage=nope' },
      { why: 'limit zero', field: 'limit', path: '/cases?limit=0' },
      { why: 'limit not a number', field: 'limit', path: '/cases?limit=abc' },
      { why: 'unknown parameter', field: 'foo', path: '/cases?foo=1' },
      { why: 'bad domain', field: 'domain', path: "/cases?domain=a'b" },
      { why: 'bad account', field: 'account', path: "/cases?account=x'%20OR%201=1" },
    ],
  },
  {
    name: 'case view',
    method: 'GET',
    path: C,
    roles: ALL,
    invalid: [{ why: 'bad case id', field: 'caseId', path: '/cases/nocase' }],
  },
  {
    name: 'case record',
    method: 'GET',
    path: `${C}/record`,
    roles: ALL,
    invalid: [{ why: 'bad case id', field: 'caseId', path: '/cases/x/record' }],
  },
  {
    name: 'case statement',
    method: 'GET',
    path: `${C}/statement`,
    roles: ALL,
    invalid: [{ why: 'bad case id', field: 'caseId', path: '/cases/case-%20/statement' }],
  },
  {
    name: 'findings',
    method: 'POST',
    path: `${C}/findings`,
    roles: ['investigator'],
    body: { facts: 'facts', evidence: ['https://e.example/1'], reasons: 'r' },
    invalid: [
      { why: 'facts missing', field: 'facts', body: { evidence: [], reasons: 'r' } },
      { why: 'evidence not a list', field: 'evidence', body: { facts: 'f', evidence: 'x', reasons: 'r' } },
      { why: 'unknown field', field: 'verdict', body: { facts: 'f', reasons: 'r', verdict: 'guilty' } },
    ],
  },
  {
    name: 'legal decision',
    method: 'POST',
    path: `${C}/legal-decision`,
    roles: ['legal'],
    body: { decision: 'approve', reasons: 'AUP 3.1' },
    invalid: [
      { why: 'bad decision', field: 'decision', body: { decision: 'maybe', reasons: 'r' } },
      { why: 'bad ground', field: 'ground', body: { decision: 'approve', reasons: 'r', ground: 'vibes' } },
      { why: 'role not a role', field: 'role', body: { decision: 'approve', reasons: 'r', role: 'judge' } },
    ],
  },
  {
    name: 'second approval',
    method: 'POST',
    path: `${C}/second-approval`,
    roles: ['tns_lead'],
    body: { decision: 'approve', reasons: 'agree' },
    invalid: [{ why: 'decision missing', field: 'decision', body: { reasons: 'r' } }],
  },
  {
    name: 'file appeal',
    method: 'POST',
    path: `${C}/appeals`,
    roles: ['appeals', 'legal', 'tns_lead', 'investigator', 'requester', 'admin'],
    body: { text: 'we removed it' },
    invalid: [
      { why: 'text empty', field: 'text', body: { text: '' } },
      { why: 'text too long', field: 'text', body: { text: 'x'.repeat(20_001) } },
    ],
  },
  {
    name: 'decide appeal',
    method: 'POST',
    path: `${C}/appeals/appeal-1/decision`,
    roles: ['appeals'],
    body: { outcome: 'denied', reasons: 'still online' },
    invalid: [
      { why: 'bad outcome', field: 'outcome', body: { outcome: 'partial', reasons: 'r' } },
      { why: 'bad appeal id', field: 'appealId', path: `${C}/appeals/a%20b/decision` },
    ],
  },
  {
    name: 'place hold',
    method: 'POST',
    path: `${C}/holds`,
    roles: ['legal'],
    body: {
      kind: 'do_not_terminate',
      reference: 'FBI-1',
      agencyContact: 'SA Doe',
      expiresAt: '2099-01-01T00:00:00Z',
      reasons: 'r',
    },
    invalid: [
      {
        why: 'bad kind',
        field: 'kind',
        body: { kind: 'gag', reference: 'R', agencyContact: 'A', expiresAt: '2099-01-01T00:00:00Z', reasons: 'r' },
      },
      {
        why: 'expiry not an instant',
        field: 'expiresAt',
        body: { kind: 'preservation', reference: 'R', agencyContact: 'A', expiresAt: 'tomorrow', reasons: 'r' },
      },
      {
        why: 'contact too long',
        field: 'agencyContact',
        body: {
          kind: 'preservation',
          reference: 'R',
          agencyContact: 'x'.repeat(501),
          expiresAt: '2099-01-01T00:00:00Z',
          reasons: 'r',
        },
      },
    ],
  },
  reasonsOnly('release hold', `${C}/holds/hold-1/release`, ['legal']),
  reasonsOnly('expedite', `${C}/expedite`, ['legal', 'tns_lead']),
  reasonsOnly('withdraw', `${C}/withdraw`, ['requester', 'investigator', 'legal', 'tns_lead', 'admin']),
  {
    name: 'add alias',
    method: 'POST',
    path: `${C}/aliases`,
    roles: ['investigator', 'legal', 'tns_lead', 'admin'],
    body: { domain: 'mirror.example', reasons: 'new mirror' },
    invalid: [{ why: 'not a domain', field: 'domain', body: { domain: 'not a domain', reasons: 'r' } }],
  },
  {
    name: 'retry notice',
    method: 'POST',
    path: `${C}/retry-notice`,
    roles: ['legal', 'tns_lead', 'admin'],
    body: { contacts: ['legal@board.example'], reasons: 'new contact' },
    invalid: [{ why: 'bad contact', field: 'contacts[0]', body: { contacts: ['x'], reasons: 'r' } }],
  },
  {
    name: 'exclude item',
    method: 'POST',
    path: `${C}/items/exclude`,
    roles: ['investigator', 'tns_lead'],
    body: { name: 'shared.example', reasons: 'status page run for a third party' },
    invalid: [{ why: 'not a domain', field: 'name', body: { name: 'not a domain', reasons: 'r' } }],
  },
  {
    name: 'case items',
    method: 'GET',
    path: `${C}/items?limit=10`,
    roles: ALL,
    invalid: [
      { why: 'limit too large', field: 'limit', path: `${C}/items?limit=501` },
      { why: 'unknown status', field: 'status', path: `${C}/items?status=gone` },
      { why: 'bad cursor', field: 'cursor', path: `${C}/items?cursor=a%20b` },
    ],
  },
  ...(['timeline', 'evidence'] as const).map(
    (list): RouteSpec => ({
      name: `case ${list}`,
      method: 'GET',
      path: `${C}/${list}?limit=5`,
      roles: ALL,
      invalid: [
        { why: 'bad cursor', field: 'cursor', path: `${C}/${list}?cursor=x` },
        { why: 'limit zero', field: 'limit', path: `${C}/${list}?limit=0` },
      ],
    }),
  ),
  reasonsOnly('retry revocation', `${C}/retry-revocation`, ['admin']),
  reasonsOnly('end monitoring', `${C}/end-monitoring`, ['tns_lead', 'legal', 'admin']),
  {
    name: 'statement batch',
    method: 'POST',
    path: '/statements/batch',
    roles: ['legal', 'tns_lead', 'operator', 'admin'],
    body: { caseIds: [KNOWN_CASE] },
    invalid: [
      { why: 'empty', field: 'caseIds', body: { caseIds: [] } },
      {
        why: 'more than 100',
        field: 'caseIds',
        body: { caseIds: Array.from({ length: 101 }, (_, i) => `case-a${i}`) },
      },
      { why: 'duplicate puid', field: 'caseIds', body: { caseIds: [KNOWN_CASE, KNOWN_CASE] } },
      { why: 'not a case id', field: 'caseIds[0]', body: { caseIds: ['acct-1'] } },
    ],
  },
  {
    name: 'transparency',
    method: 'GET',
    path: '/transparency?from=2026-01-01&to=2026-03-31',
    roles: ['investigator', 'legal', 'tns_lead', 'appeals', 'operator', 'admin'],
    invalid: [
      { why: 'from missing', field: 'from', path: '/transparency?to=2026-03-31' },
      { why: 'from not a date', field: 'from', path: '/transparency?from=yesterday&to=2026-03-31' },
      { why: 'to before from', field: 'to', path: '/transparency?from=2026-03-31&to=2026-01-01' },
      { why: 'period too long', field: 'to', path: '/transparency?from=2020-01-01&to=2026-01-01' },
    ],
  },
  {
    name: 'create token',
    method: 'POST',
    path: '/tokens',
    roles: ALL,
    body: { label: 'a token of my own' },
    invalid: [
      { why: 'unknown role', field: 'roles[0]', body: { principal: 'nora', roles: ['king'] } },
      { why: 'bad principal', field: 'principal', body: { principal: 'Nora Smith', roles: ['legal'] } },
    ],
  },
  {
    name: 'create principal',
    method: 'POST',
    path: '/principals',
    roles: ['admin'],
    body: { id: 'nora', person: 'nora@example.org', roles: ['investigator'] },
    invalid: [
      { why: 'unknown role', field: 'roles[0]', body: { id: 'nora', person: 'nora@example.org', roles: ['king'] } },
      { why: 'no person', field: 'person', body: { id: 'nora', roles: ['legal'] } },
      { why: 'person not an address', field: 'person', body: { id: 'nora', person: 'Nora', roles: ['legal'] } },
      { why: 'bad id', field: 'id', body: { id: 'Nora Smith', person: 'n@example.org', roles: ['legal'] } },
    ],
  },
  { name: 'list principals', method: 'GET', path: '/principals', roles: ['admin'], invalid: [] },
  { name: 'whoami', method: 'GET', path: '/whoami', roles: ALL, invalid: [] },
  {
    name: 'audit log',
    method: 'GET',
    path: '/audit?limit=5',
    roles: ['admin'],
    invalid: [{ why: 'limit zero', field: 'limit', path: '/audit?limit=0' }],
  },
];

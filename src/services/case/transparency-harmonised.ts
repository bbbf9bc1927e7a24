import type { CaseState } from '../../domain/case/case-state';
import { OWN_INITIATIVE, type CaseSourceKind } from '../../domain/case/case-source';
import { dsaStatementOfCase } from '../../domain/dsa/case-statement';

/**
 * The figures the Commission's harmonised transparency-report templates (Implementing Regulation (EU) 2024/2835,
 * Annex I) ask of an intermediary service, from terminus's cases: orders of Member State authorities (Art. 9),
 * notices (Art. 16, trusted flaggers, other notifications), own-initiative restrictions, complaints (appeals) and
 * the use of automated means. Only notices and orders that led to a case are known here; the ones answered
 * without a case are counted where they were handled.
 */
export interface HarmonisedFigures {
  template: string;
  ownInitiative: { restrictions: number; byCategory: Count<'dsaCategory'>[]; byRestriction: Count<'restriction'>[] };
  notices: { bySource: TimedCount<'source'>[]; byCategory: Count<'dsaCategory'>[] };
  orders: { byMemberState: TimedCount<'country'>[] };
  complaints: {
    received: number;
    decided: number;
    upheld: number;
    denied: number;
    medianHoursToDecision: number | null;
  };
  automatedMeans: { used: boolean; automatedDetections: number; automatedDecisions: number; statement: string };
}

type Count<K extends string> = Record<K, string> & { count: number };
type TimedCount<K extends string> = Record<K, string> & {
  received: number;
  actioned: number;
  medianHoursToAction: number | null;
};

const NOTICE_SOURCES: CaseSourceKind[] = ['article_16_notice', 'trusted_flagger', 'other_notification'];

const medianHours = (ms: number[]): number | null => {
  if (!ms.length) return null;
  const s = [...ms].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const m = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return Math.round((m / 3_600_000) * 100) / 100;
};

function counter<K extends string>(key: K) {
  const map = new Map<string, number>();
  return {
    add: (value: string) => map.set(value, (map.get(value) ?? 0) + 1),
    rows: (): Count<K>[] =>
      [...map.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([v, count]) => ({ [key]: v, count }) as Count<K>),
  };
}

function timed<K extends string>(key: K) {
  const map = new Map<string, { received: number; actioned: number; times: number[] }>();
  const row = (v: string) => map.get(v) ?? map.set(v, { received: 0, actioned: 0, times: [] }).get(v)!;
  return {
    received: (v: string) => row(v).received++,
    actioned: (v: string, ms: number) => {
      row(v).actioned++;
      row(v).times.push(Math.max(0, ms));
    },
    rows: (): TimedCount<K>[] =>
      [...map.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(
          ([v, r]) =>
            ({
              [key]: v,
              received: r.received,
              actioned: r.actioned,
              medianHoursToAction: medianHours(r.times),
            }) as TimedCount<K>,
        ),
  };
}

/** Pure: the harmonised figures of `states` for the events inside the period. */
export function harmonisedFigures(
  states: CaseState[],
  inPeriod: (iso: string | undefined) => boolean,
): HarmonisedFigures {
  const ownCategory = counter('dsaCategory');
  const ownRestriction = counter('restriction');
  const noticeCategory = counter('dsaCategory');
  const notices = timed('source');
  const orders = timed('country');
  const decisionTimes: number[] = [];
  const complaints = { received: 0, decided: 0, upheld: 0, denied: 0 };
  let ownRestrictions = 0;
  let automatedDetections = 0;
  let automatedDecisions = 0;
  for (const s of states) {
    const source = s.intake.source ?? OWN_INITIATIVE;
    const receivedAt = source.receivedAt ?? s.openedAt;
    const restricted = inPeriod(s.revokedAt);
    const toAction = Date.parse(s.revokedAt ?? '') - Date.parse(receivedAt);
    const dsa = restricted ? dsaStatementOfCase(s) : undefined;
    if (source.kind === 'member_state_order') {
      const country = source.country ?? 'unknown';
      if (inPeriod(receivedAt)) orders.received(country);
      if (restricted) orders.actioned(country, toAction);
    } else if (NOTICE_SOURCES.includes(source.kind)) {
      if (inPeriod(receivedAt)) {
        notices.received(source.kind);
        noticeCategory.add(s.policy.category.dsaCategory);
      }
      if (restricted) notices.actioned(source.kind, toAction);
    } else if (restricted) {
      ownRestrictions++;
      ownCategory.add(s.policy.category.dsaCategory);
      if (dsa) ownRestriction.add(`${dsa.decision_provision} + ${dsa.decision_account}`);
    }
    if (restricted && s.statement?.automatedDetection) automatedDetections++;
    if (restricted && s.statement?.automatedDecision) automatedDecisions++;
    for (const a of s.appeals) {
      if (inPeriod(a.filedAt)) complaints.received++;
      if (a.decision && inPeriod(a.decision.at)) {
        complaints.decided++;
        complaints[a.decision.outcome]++;
        decisionTimes.push(Date.parse(a.decision.at) - Date.parse(a.filedAt));
      }
    }
  }
  const used = automatedDetections + automatedDecisions > 0;
  return {
    template: 'Implementing Regulation (EU) 2024/2835, Annex I (harmonised transparency report templates)',
    ownInitiative: {
      restrictions: ownRestrictions,
      byCategory: ownCategory.rows(),
      byRestriction: ownRestriction.rows(),
    },
    notices: { bySource: notices.rows(), byCategory: noticeCategory.rows() },
    orders: { byMemberState: orders.rows() },
    complaints: { ...complaints, medianHoursToDecision: medianHours(decisionTimes) },
    automatedMeans: {
      used,
      automatedDetections,
      automatedDecisions,
      statement: used
        ? 'Some decisions in the period relied on automated detection or decision; see the counts.'
        : 'No automated means were used to detect content or to take decisions: every case is opened, investigated and decided by people.',
    },
  };
}

const csvCell = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The figures as one CSV table (`section,dimension,value,count,actioned,median_hours`), for the templates. */
export function harmonisedCsv(f: HarmonisedFigures, period: { from: string; to: string }): string {
  const rows: (string | number | null)[][] = [['section', 'dimension', 'value', 'count', 'actioned', 'median_hours']];
  rows.push(['period', 'from', period.from, '', '', ''], ['period', 'to', period.to, '', '', '']);
  rows.push(['own_initiative', 'total', '', f.ownInitiative.restrictions, '', '']);
  for (const r of f.ownInitiative.byCategory) rows.push(['own_initiative', 'category', r.dsaCategory, r.count, '', '']);
  for (const r of f.ownInitiative.byRestriction)
    rows.push(['own_initiative', 'restriction', r.restriction, r.count, '', '']);
  for (const r of f.notices.bySource)
    rows.push(['notices', 'source', r.source, r.received, r.actioned, r.medianHoursToAction]);
  for (const r of f.notices.byCategory) rows.push(['notices', 'category', r.dsaCategory, r.count, '', '']);
  for (const r of f.orders.byMemberState)
    rows.push(['orders', 'member_state', r.country, r.received, r.actioned, r.medianHoursToAction]);
  const c = f.complaints;
  rows.push(
    ['complaints', 'received', '', c.received, '', ''],
    ['complaints', 'decided', '', c.decided, '', c.medianHoursToDecision],
  );
  rows.push(
    ['complaints', 'outcome', 'upheld', c.upheld, '', ''],
    ['complaints', 'outcome', 'denied', c.denied, '', ''],
  );
  rows.push([
    'automated_means',
    'used',
    f.automatedMeans.used ? 'yes' : 'no',
    f.automatedMeans.automatedDetections + f.automatedMeans.automatedDecisions,
    '',
    '',
  ]);
  rows.push(['automated_means', 'statement', f.automatedMeans.statement, '', '', '']);
  return rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

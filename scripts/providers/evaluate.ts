import { classifyLine } from '../../src/cli/commands/providers';
import type { CompiledFingerprints } from '../../src/domain/fingerprints';
import { type Outcome, type SampleItem, scoreItem } from './sample';

/**
 * Runs a sample through `terminus classify`'s own line classifier and tallies the outcomes per provider and
 * overall: recall (right / all samples of known providers), wrong share, precision (right / right + wrong), and
 * the false attributions among samples of providers the database does not know.
 */

/** Counts of each outcome. */
export type Tally = Record<Outcome, number> & { total: number };

/** The evaluation of one sample. */
export interface Evaluation {
  perProvider: Record<string, Tally>;
  known: Tally;
  /** Samples of providers the database does not know (and signals that identify nobody). */
  unknownProviders: Tally;
  recall: number;
  wrongShare: number;
  precision: number;
  /** The wrong answers, for reading (capped). */
  mistakes: { line: Record<string, unknown>; expected: string | null; got: string | null; from: string }[];
}

const emptyTally = (): Tally => ({ right: 0, ambiguous: 0, overlap: 0, unknown: 0, wrong: 0, total: 0 });

/** Classifies every item and tallies. */
export function evaluate(sample: SampleItem[], compiled: CompiledFingerprints): Evaluation {
  const perProvider: Record<string, Tally> = {};
  const known = emptyTally();
  const unknownProviders = emptyTally();
  const mistakes: Evaluation['mistakes'] = [];
  const partOf = (id: string) => compiled.byId.get(id)?.fingerprint.partOf;
  sample.forEach((item, i) => {
    const verdict = classifyLine(JSON.stringify(item.line), i + 1, compiled) as Parameters<typeof scoreItem>[1];
    const outcome = scoreItem(item, verdict, partOf);
    const tallies =
      item.expected === null ? [unknownProviders] : [known, (perProvider[item.expected] ??= emptyTally())];
    for (const t of tallies) {
      t[outcome]++;
      t.total++;
    }
    if (outcome === 'wrong' && mistakes.length < 50)
      mistakes.push({ line: item.line, expected: item.expected, got: verdict.provider ?? null, from: item.from });
  });
  const ratio = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 10000) / 10000);
  return {
    perProvider,
    known,
    unknownProviders,
    recall: ratio(known.right, known.total),
    wrongShare: ratio(known.wrong, known.total),
    precision: ratio(known.right, known.right + known.wrong),
    mistakes,
  };
}

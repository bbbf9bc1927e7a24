/**
 * Reads a worker's Prometheus endpoint (the Temporal SDK's metrics: `TERMINUS_METRICS_ADDRESS`). Counters are
 * cumulative since the worker started, so a rate is the difference of two scrapes over the time between them.
 */

/** One line of the exposition format. */
export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Parses the Prometheus text format (comments and malformed lines are skipped). */
export function parsePrometheus(text: string): MetricSample[] {
  const out: MetricSample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = LINE.exec(line);
    if (!m?.[1] || m[3] === undefined) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(LABEL)) if (l[1]) labels[l[1]] = l[2] ?? '';
    const value = Number(m[3]);
    if (!Number.isNaN(value)) out.push({ name: m[1], labels, value });
  }
  return out;
}

/** Fetches and parses `url`; a scrape that fails (worker busy or gone) yields null rather than throwing. */
export async function scrape(url: string, timeoutMs = 5000): Promise<MetricSample[] | null> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return null;
    return parsePrometheus(await res.text());
  } catch {
    return null;
  }
}

/** Sum of every series named `name` (or `name` + a suffix the exporter may add) whose labels match `where`. */
export function total(samples: MetricSample[], name: string, where: Record<string, string> = {}): number {
  const names = new Set([name, `${name}_total`]);
  return samples
    .filter((s) => names.has(s.name) && Object.entries(where).every(([k, v]) => s.labels[k] === v))
    .reduce((acc, s) => acc + s.value, 0);
}

/** Every distinct metric name (to record what the endpoint offered when an expected name is missing). */
export function metricNames(samples: MetricSample[]): string[] {
  return [...new Set(samples.map((s) => s.name))].sort();
}

/**
 * Quantile `q` of a cumulative histogram (`<name>_bucket` with `le` labels) matching `where`, summed across
 * series, as the upper bound of the bucket it falls in (no interpolation: the SDK's top buckets are wide, and a
 * value inside one would be invented). Null when there are no observations or it falls in the `+Inf` bucket.
 */
export function histogramQuantile(
  samples: MetricSample[],
  name: string,
  q: number,
  where: Record<string, string> = {},
): number | null {
  const buckets = new Map<number, number>();
  for (const s of samples) {
    if (s.name !== `${name}_bucket`) continue;
    if (!Object.entries(where).every(([k, v]) => s.labels[k] === v)) continue;
    const le = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
    buckets.set(le, (buckets.get(le) ?? 0) + s.value);
  }
  const sorted = [...buckets.entries()].sort((a, b) => a[0] - b[0]);
  const count = sorted[sorted.length - 1]?.[1] ?? 0;
  if (count === 0) return null;
  const bucket = sorted.find(([, c]) => c >= q * count);
  return bucket && Number.isFinite(bucket[0]) ? bucket[0] : null;
}

/** Histogram quantile over the observations made between two scrapes (`later` minus `earlier`). */
export function histogramQuantileBetween(
  earlier: MetricSample[],
  later: MetricSample[],
  name: string,
  q: number,
  where: Record<string, string> = {},
): number | null {
  const key = (s: MetricSample): string => JSON.stringify(Object.entries(s.labels).sort());
  const before = new Map(earlier.filter((s) => s.name === `${name}_bucket`).map((s) => [key(s), s.value]));
  const diff = later
    .filter((s) => s.name === `${name}_bucket`)
    .map((s) => ({ ...s, value: s.value - (before.get(key(s)) ?? 0) }));
  return histogramQuantile(diff, name, q, where);
}

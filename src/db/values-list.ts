/**
 * A multi-row `VALUES` list with numbered parameters, for one INSERT of many rows: a statement per row would be a
 * round trip per row, and hand-counting `$n` across columns is where an off-by-one writes a value into the wrong
 * column. `casts` gives each column its SQL type suffix ('' for none), so every row is typed the same way.
 */
export interface ValuesList {
  /** `($1::text, $2), ($3::text, $4)`: to follow `VALUES` or sit in `FROM (VALUES ...) AS v (...)`. */
  sql: string;
  params: unknown[];
}

/** Builds the list; each row must have one value per cast (a mismatch is a programming error, thrown at once). */
export function valuesList(casts: readonly string[], rows: readonly (readonly unknown[])[]): ValuesList {
  if (rows.length === 0) throw new Error('valuesList needs at least one row');
  const params: unknown[] = [];
  const tuples = rows.map((row, r) => {
    if (row.length !== casts.length)
      throw new Error(`valuesList row ${r} has ${row.length} values for ${casts.length} columns`);
    const cells = row.map((value, c) => `$${params.push(value)}${casts[c] ? `::${casts[c]}` : ''}`);
    return `(${cells.join(', ')})`;
  });
  return { sql: tuples.join(', '), params };
}

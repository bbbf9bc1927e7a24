import { valuesList } from '../../src/db/values-list';

describe('valuesList', () => {
  it('numbers the parameters row after row, with each column cast as given', () => {
    const v = valuesList(
      ['text', '', 'timestamptz'],
      [
        ['a.example', 1, '2026-12-08T00:00:00.000Z'],
        ['b.example', 2, '2026-12-08T00:05:00.000Z'],
      ],
    );
    expect(v.sql).toBe('($1::text, $2, $3::timestamptz), ($4::text, $5, $6::timestamptz)');
    expect(v.params).toEqual(['a.example', 1, '2026-12-08T00:00:00.000Z', 'b.example', 2, '2026-12-08T00:05:00.000Z']);
  });

  it('refuses a row with the wrong number of values, naming it, and an empty list', () => {
    expect(() => valuesList(['text', 'int'], [['a', 1], ['b']])).toThrow('valuesList row 1 has 1 values for 2 columns');
    expect(() => valuesList(['text'], [])).toThrow('at least one row');
  });
});

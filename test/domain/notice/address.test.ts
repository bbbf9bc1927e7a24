import { addressProblem, checkRecipients } from '../../../src/domain/notice';

describe('recipient addresses', () => {
  it.each(['abuse@board.example', 'first.last+tag@sub.board-example.org', "o'brien@x.example"])('accepts %s', (a) => {
    expect(addressProblem(a)).toBeUndefined();
  });

  it.each([
    ['victim@x.example\r\nBcc: other@y.example', 'control'],
    ['a@x.example, b@y.example', 'separators'],
    ['Name <a@x.example>', 'separators'],
    ['"quoted"@x.example', 'separators'],
    ['no-at-sign.example', '"@"'],
    ['a@b@x.example', '"@"'],
    ['a@localhost', 'domain'],
    ['a@-bad-.example', 'domain'],
    ['dépôt@x.example', 'non-ASCII'],
    ['.a@x.example', 'local part'],
  ])('refuses %j (%s)', (address, why) => {
    expect(addressProblem(address)).toContain(why);
  });

  it('deduplicates case-insensitively and reports each bad entry by position', () => {
    const { recipients, problems } = checkRecipients([
      'A@x.example',
      'a@X.example',
      'b@x.example',
      'bad',
      'c@x.example\n',
    ]);
    expect(recipients).toEqual(['A@x.example', 'b@x.example']);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^recipient 4 /);
    expect(problems[1]).toMatch(/^recipient 5 /);
  });

  it('refuses an empty list', () => {
    expect(checkRecipients([]).problems).toEqual(['there is no recipient']);
  });
});

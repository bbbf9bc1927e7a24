import { checkIntakeBounds } from '../../../src/domain/case/intake-rules';
import { newCase } from '../../support/fixtures/case-fixtures';

/** An intake as the workflow receives it, with the domain family replaced. */
const withDomains = (primary: string, aliases: string[] = []) => ({
  ...newCase().intake,
  domains: { primary, aliases },
});

describe('intake rules: customer domains, whatever the entry point', () => {
  it('accepts a registrable domain and its aliases', () => {
    expect(checkIntakeBounds(withDomains('forum.example', ['www.forum.example', 'Mirror.Example.']))).toBeNull();
  });

  it.each([
    ['co.uk', 'domains.primary'],
    ['192.0.2.10', 'domains.primary'],
    ['localhost', 'domains.primary'],
  ])('refuses %s as the primary domain, naming the field', (primary, field) => {
    const v = checkIntakeBounds(withDomains(primary));
    expect(v?.type).toBe('InvalidInput');
    expect(v?.message).toMatch(new RegExp(`^${field.replace(/[.[\]]/g, '\\$&')}: `));
  });

  it('refuses a public suffix among the aliases, naming which one', () => {
    const v = checkIntakeBounds(withDomains('forum.example', ['www.forum.example', 'github.io']));
    expect(v?.type).toBe('InvalidInput');
    expect(v?.message).toMatch(/^domains\.aliases\[1\]: .*github\.io/);
  });
});

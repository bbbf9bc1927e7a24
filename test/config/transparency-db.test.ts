import { loadRoleConfig } from '../../src/config/roles';
import { DSA_PRODUCTION_URL, loadTransparencyDbConfig } from '../../src/config/transparency-db';

describe('DSA Transparency Database submission settings', () => {
  it('is off unless asked for: the export works without any of them', () => {
    expect(loadTransparencyDbConfig({})).toBeUndefined();
    expect(loadTransparencyDbConfig({ TERMINUS_DSA_SUBMIT: 'off', TERMINUS_DSA_API_TOKEN: 't' })).toBeUndefined();
  });

  it('on: the production database by default, or the given URL, with the token', () => {
    expect(loadTransparencyDbConfig({ TERMINUS_DSA_SUBMIT: 'on', TERMINUS_DSA_API_TOKEN: 'X|abc' })).toEqual({
      baseUrl: DSA_PRODUCTION_URL,
      token: 'X|abc',
    });
    expect(
      loadTransparencyDbConfig({
        TERMINUS_DSA_SUBMIT: 'on',
        TERMINUS_DSA_API_URL: 'http://127.0.0.1:9000/',
        TERMINUS_DSA_API_TOKEN: 't',
      }),
    ).toEqual({ baseUrl: 'http://127.0.0.1:9000', token: 't' });
  });

  it('names every bad variable, and the worker role reports them with the rest', () => {
    expect(() => loadTransparencyDbConfig({ TERMINUS_DSA_SUBMIT: 'yes', TERMINUS_DSA_API_URL: 'ftp://x' })).toThrow(
      /TERMINUS_DSA_SUBMIT: must be on or off.*TERMINUS_DSA_API_URL: must be an http\(s\) URL/,
    );
    expect(() => loadTransparencyDbConfig({ TERMINUS_DSA_SUBMIT: 'on' })).toThrow(
      /TERMINUS_DSA_API_TOKEN: required when TERMINUS_DSA_SUBMIT=on/,
    );
    expect(() => loadRoleConfig('worker', { TERMINUS_DSA_SUBMIT: 'on' })).toThrow(/TERMINUS_DSA_API_TOKEN/);
  });
});

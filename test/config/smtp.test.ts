import { parseSmtpConfig } from '../../src/config/smtp';

const base = {
  SMTP_URL: 'smtp://127.0.0.1:1025',
  MAIL_FROM: 'Trust & Safety <tns@terminus.example>',
  STAFF_ALERT_TO: 'oncall@terminus.example',
};

function configError(env: NodeJS.ProcessEnv): Error {
  try {
    parseSmtpConfig(env);
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a configuration error');
}

describe('mail configuration (SMTP_URL, MAIL_FROM, STAFF_ALERT_TO, SMTP_TLS_*)', () => {
  it('parses the embedded default', () => {
    expect(parseSmtpConfig(base)).toEqual({
      connection: { host: '127.0.0.1', port: 1025, secure: false, rejectUnauthorized: true, requireTLS: false },
      sender: { name: 'Trust & Safety', address: 'tns@terminus.example', domain: 'terminus.example' },
      staffAlertTo: ['oncall@terminus.example'],
      displayUrl: 'smtp://127.0.0.1:1025',
    });
  });

  it('reads percent-encoded credentials, implicit TLS and default ports, and hides the password', () => {
    const c = parseSmtpConfig({ ...base, SMTP_URL: 'smtps://relay%40corp:p%3Ass%2Fw@mail.corp.example' });
    expect(c.connection).toMatchObject({
      host: 'mail.corp.example',
      port: 465,
      secure: true,
      auth: { user: 'relay@corp', pass: 'p:ss/w' },
    });
    expect(c.displayUrl).toBe('smtps://relay%40corp:***@mail.corp.example');
    expect(parseSmtpConfig({ ...base, SMTP_URL: 'smtp://mail.corp.example' }).connection.port).toBe(587);
  });

  it('reads the TLS switches', () => {
    const c = parseSmtpConfig({ ...base, SMTP_TLS_REJECT_UNAUTHORIZED: 'false', SMTP_REQUIRE_TLS: 'TRUE' });
    expect(c.connection).toMatchObject({ rejectUnauthorized: false, requireTLS: true });
  });

  it('accepts a bare sender address and a staff list with spaces and duplicates', () => {
    const c = parseSmtpConfig({
      ...base,
      MAIL_FROM: 'tns@terminus.example',
      STAFF_ALERT_TO: ' a@x.example , b@x.example,a@x.example,',
    });
    expect(c.sender).toEqual({ name: '', address: 'tns@terminus.example', domain: 'terminus.example' });
    expect(c.staffAlertTo).toEqual(['a@x.example', 'b@x.example']);
  });

  it('names every missing variable at once', () => {
    const err = configError({});
    expect(err.name).toBe('InvalidConfiguration');
    expect(err.message).toBe(
      'invalid mail configuration: SMTP_URL: is required; MAIL_FROM: is required; STAFF_ALERT_TO: is required',
    );
  });

  it.each([
    ['SMTP_URL', 'http://mail.example', 'scheme must be smtp:// or smtps://'],
    ['SMTP_URL', 'not a url', 'is not a URL'],
    ['SMTP_URL', 'smtp://mail.example/path?tls=1', 'must not have a path, query or fragment'],
    ['SMTP_URL', 'smtp://:secret@mail.example', 'has a password but no user name'],
    ['SMTP_TLS_REJECT_UNAUTHORIZED', 'maybe', 'must be true or false'],
    ['MAIL_FROM', 'Evil\r\nBcc: x@y.example <tns@terminus.example>', 'must be one line without control characters'],
    ['MAIL_FROM', 'Trust & Safety <not-an-address>', 'address "not-an-address"'],
    ['STAFF_ALERT_TO', 'oncall@terminus.example, nope', '"nope" must contain exactly one "@"'],
    ['STAFF_ALERT_TO', ' , ', 'must name at least one address'],
  ])('refuses %s=%j', (name, value, message) => {
    const err = configError({ ...base, [name]: value });
    expect(err.message).toContain(`${name}: ${message}`);
  });

  it('never puts the password into an error message', () => {
    const err = configError({ ...base, SMTP_URL: 'smtp://u:hunter2@mail.example/x' });
    expect(err.message).not.toContain('hunter2');
  });
});

import { classifySmtpError, toMailDeliveryError } from '../../../src/adapters/mail/smtp-errors';

/** Errors shaped the way nodemailer 10 builds them (code, responseCode, response, command). */
const nm = (props: Record<string, unknown>): Error =>
  Object.assign(new Error(typeof props.message === 'string' ? props.message : 'smtp error'), props);

describe('SMTP error classification', () => {
  it.each([
    [{ code: 'EPROTOCOL', responseCode: 421, command: 'CONN' }, false, 'deferred'],
    [{ code: 'EMESSAGE', responseCode: 451, command: 'DATA' }, false, 'deferred'],
    [{ code: 'EENVELOPE', responseCode: 451, command: 'RCPT TO' }, false, 'deferred'], // greylisting
    [{ code: 'EENVELOPE', responseCode: 503 }, false, 'deferred'], // bad sequence: a new connection fixes it
    [{ code: 'EMESSAGE', responseCode: 550, command: 'DATA' }, true, 'rejected'],
    [{ code: 'EENVELOPE', responseCode: 553 }, true, 'rejected'],
    [{ code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN' }, true, 'auth'],
    [{ code: 'EAUTH' }, true, 'auth'],
    [{ code: 'ENOAUTH' }, true, 'auth'],
    [{ code: 'EENVELOPE' }, true, 'envelope'],
    [{ code: 'ESOCKET', originalCode: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, true, 'tls'],
    [{ code: 'ESOCKET', originalCode: 'ERR_TLS_CERT_ALTNAME_INVALID' }, true, 'tls'],
    [{ code: 'ESOCKET', originalCode: 'ECONNREFUSED' }, false, 'network'],
    [{ code: 'ETIMEDOUT' }, false, 'network'],
    [{ code: 'ECONNECTION' }, false, 'network'],
    [{ code: 'EDNS' }, false, 'network'],
    [{ code: 'EPROTOCOL' }, false, 'protocol'],
    [{}, false, 'network'],
  ])('%j -> permanent=%s (%s)', (props, permanent, reason) => {
    expect(classifySmtpError(nm(props))).toMatchObject({ permanent, reason });
  });

  it('keeps per-recipient rejections and names what the server said', () => {
    const err = toMailDeliveryError(
      nm({
        message: "Can't send mail - all recipients were rejected",
        code: 'EENVELOPE',
        responseCode: 550,
        response: '550 5.1.1 User unknown',
        rejectedErrors: [{ recipient: 'gone@x.example', responseCode: 550, response: '550 5.1.1 User unknown' }],
      }),
    );
    expect(err.name).toBe('MailDeliveryError');
    expect(err.message).toBe(
      "permanent mail failure [rejected]: Can't send mail - all recipients were rejected (server said: 550 5.1.1 User unknown)",
    );
    expect(err.info.rejected).toEqual([
      { address: 'gone@x.example', responseCode: 550, response: '550 5.1.1 User unknown' },
    ]);
  });

  it('classifies things that are not errors at all as transient', () => {
    expect(classifySmtpError('boom')).toMatchObject({ permanent: false });
    expect(classifySmtpError(undefined)).toMatchObject({ permanent: false });
  });
});

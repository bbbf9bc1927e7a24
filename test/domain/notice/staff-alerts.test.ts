import { renderStaffAlert, STAFF_ALERT_LABELS, type StaffAlertKindName } from '../../../src/domain/notice';

describe('staff alerts', () => {
  it.each(Object.keys(STAFF_ALERT_LABELS) as StaffAlertKindName[])('renders %s with a routable subject', (kind) => {
    const m = renderStaffAlert({ caseId: 'case-acct-1', kind, subject: 'board.example', body: 'Details here.' });
    expect(m.subject).toBe(`[terminus] ${STAFF_ALERT_LABELS[kind]}: board.example`);
    expect(m.text).toContain('case-acct-1');
    expect(m.text).toContain('Details here.');
  });

  it('treats subject and body as untrusted', () => {
    const m = renderStaffAlert({
      caseId: 'case-1',
      kind: 'migration_detected',
      subject: 'moved\r\nBcc: x@y.example',
      body: '<script>x</script>\nnow on other-cdn.example',
    });
    expect(m.subject).toBe('[terminus] Migration detected: moved Bcc: x@y.example');
    expect(m.html).toContain('&lt;script&gt;x&lt;/script&gt;<br>');
    expect(m.html).not.toContain('<script>');
  });

  it('refuses an unknown kind and an empty body', () => {
    expect(() =>
      renderStaffAlert({ caseId: 'c', kind: 'bogus' as StaffAlertKindName, subject: 's', body: 'b' }),
    ).toThrow(/unknown staff alert kind/);
    expect(() => renderStaffAlert({ caseId: 'c', kind: 'hold_expiring', subject: 's', body: '  ' })).toThrow(
      /needs a body/,
    );
  });
});

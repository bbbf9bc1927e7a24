import { buildProgram } from '../../src/cli/main';
import { toCaseResponse } from '../../src/api/case-response';
import { apiRoles, CASE_ACTION_NAMES, CASE_ACTIONS, type FieldSpecs } from '../../src/domain/case/actions';
import { buildCaseView } from '../../src/domain/case/case-view';
import { CASE_UPDATES } from '../../src/workflows/case/messages';
import { newCase, NOW, p } from '../support/fixtures/case-fixtures';
import { startApiHarness, type ApiHarness } from '../support/api/api-harness';
import { FakeCaseService } from '../support/api/fake-case-service';

/**
 * The action table is the one place an action is written: every layer must derive it. These checks fail when a
 * layer stops following the table (an action missing from the workflow, the API, its document or the CLI).
 */

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness({ cases: new FakeCaseService() });
});
afterAll(async () => h.stop());

describe('the action table reaches every layer', () => {
  it('each action is a workflow update under its stable name', () => {
    for (const name of CASE_ACTION_NAMES) expect(CASE_UPDATES[name].name).toBe(CASE_ACTIONS[name].update);
    expect(new Set(CASE_ACTION_NAMES.map((n) => CASE_ACTIONS[n].update)).size).toBe(CASE_ACTION_NAMES.length);
  });

  it('each action is a documented API route with its body fields, roles and summary', async () => {
    type Body = { content: { 'application/json': { schema: { $ref: string } } } };
    const doc = (await h.call<Record<string, unknown>>('GET', '/openapi.json')).body as {
      paths: Record<string, { post?: { summary: string; description: string; requestBody: Body } }>;
      components: { schemas: Record<string, { properties: Record<string, unknown>; required?: string[] }> };
    };
    for (const name of CASE_ACTION_NAMES) {
      const action = CASE_ACTIONS[name];
      const op = doc.paths[`/cases/{caseId}${action.path}`]?.post;
      expect(op?.summary).toBe(action.summary);
      expect(op?.description).toContain(`Roles: ${apiRoles(action).join(', ')}.`);
      const ref = op!.requestBody.content['application/json'].schema.$ref.split('/').pop()!;
      const schema = doc.components.schemas[ref]!;
      const bodyFields = Object.entries(action.fields as FieldSpecs).filter(([, spec]) => spec.kind !== 'pathId');
      expect(Object.keys(schema.properties).sort()).toEqual(['role', ...bodyFields.map(([f]) => f)].sort());
      for (const [field, spec] of bodyFields) {
        expect(schema.required ?? []).toEqual(
          spec.optional || spec.kind === 'refs' ? expect.not.arrayContaining([field]) : expect.arrayContaining([field]),
        );
      }
      for (const [field, spec] of Object.entries(action.fields as FieldSpecs)) {
        if (spec.kind === 'pathId') expect(action.path).toContain(`{${field}}`);
      }
    }
  });

  it('each action is a CLI subcommand with one option per field', () => {
    const program = buildProgram({ stdout: { write: () => true }, stderr: { write: () => true }, env: {} });
    const caseCmd = program.commands.find((c) => c.name() === 'case')!;
    for (const name of CASE_ACTION_NAMES) {
      const action = CASE_ACTIONS[name];
      const cmd = caseCmd.commands.find((c) => c.name() === action.cli.command);
      expect(cmd).toBeDefined();
      const flags = cmd!.options.map((o) => o.long);
      for (const [field, spec] of Object.entries(action.fields as FieldSpecs)) {
        const flag = spec.flag ?? field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
        expect(flags).toContain(`--${flag === 'expires-at' ? 'expires' : flag}`);
      }
    }
  });

  it('the public case leaves internal bookkeeping out and redacts agency contacts', () => {
    const s = newCase();
    s.outbox.push({ key: 'k', kind: 'appeal_received', appealId: 'appeal-1' });
    CASE_ACTIONS.hold.apply(
      s,
      {
        principal: p('lena', 'legal'),
        role: 'legal',
        kind: 'preservation',
        reference: 'R-1',
        agencyContact: 'agent@agency.example',
        expiresAt: new Date(NOW + 86_400_000).toISOString(),
        reasons: 'r',
      },
      new Date(NOW).toISOString(),
    );
    const response = toCaseResponse(buildCaseView(s, NOW), { id: 'ivan', roles: ['investigator'] });
    expect(response).not.toHaveProperty('outbox');
    expect(response).not.toHaveProperty('noticeRetryRequested');
    expect(response.holds[0]?.agencyContact).toBe('[restricted]');
    expect(toCaseResponse(buildCaseView(s, NOW), { id: 'lena', roles: ['legal'] }).holds[0]?.agencyContact).toBe(
      'agent@agency.example',
    );
  });
});

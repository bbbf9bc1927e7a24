import { chmod, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../db/database';
import type { Role } from '../domain/case-types';
import { bootstrapPrincipal } from '../services/access/principal-store';
import { authenticateToken, createToken, revokeTokensByLabel } from '../services/access/token-store';

/** The demo cast: one principal per role, distinct people, so the four-eyes rules can be exercised. */
export const DEMO_PRINCIPALS: Record<Role, string> = {
  requester: 'demo-requester',
  investigator: 'demo-investigator',
  legal: 'demo-legal',
  tns_lead: 'demo-lead',
  appeals: 'demo-appeals',
  operator: 'demo-operator',
  admin: 'demo-admin',
};

/** Label on demo tokens, so a restart that lost the file can revoke the old ones. */
const DEMO_LABEL = 'embedded-stack-demo';

/** The demo tokens file: one token per role. */
export interface DemoTokensFile {
  note: string;
  tokens: Record<Role, { principal: string; roles: Role[]; token: string }>;
}

/** Where the embedded stack writes the demo tokens. */
export const demoTokensPath = (dataDir: string): string => path.join(dataDir, 'demo-tokens.json');

async function readValid(db: Database, file: string): Promise<DemoTokensFile | null> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as DemoTokensFile;
    for (const role of Object.keys(DEMO_PRINCIPALS) as Role[]) {
      const entry = parsed.tokens[role];
      const who = entry ? await authenticateToken(db, entry.token) : null;
      if (!who || who.id !== DEMO_PRINCIPALS[role]) return null;
    }
    return parsed;
  } catch {
    return null;
  }
}

/** The demo person behind a principal: each demo principal is a different person. */
const demoPerson = (principal: string) => `${principal}@demo.terminus.invalid`;

/**
 * Makes sure the demo principals exist (created through the principal store on the embedded stack's own
 * authority: the demo has no second admin to activate them), have working tokens, and that those are in
 * `<dataDir>/demo-tokens.json` (mode 0600: they are credentials). A restart reuses the file while its tokens still authenticate; otherwise the old
 * demo tokens are revoked and new ones written. Only hashes go to the database, so the file is the one copy.
 */
export async function ensureDemoPrincipals(db: Database, dataDir: string): Promise<{ file: string; created: boolean }> {
  const file = demoTokensPath(dataDir);
  if (await readValid(db, file)) return { file, created: false };
  await revokeTokensByLabel(db, DEMO_LABEL);
  const tokens = {} as DemoTokensFile['tokens'];
  for (const [role, principal] of Object.entries(DEMO_PRINCIPALS) as [Role, string][]) {
    await bootstrapPrincipal(db, { id: principal, person: demoPerson(principal), roles: [role] }, 'embedded-stack');
    const created = await createToken(db, { principal, roles: [role], label: DEMO_LABEL, createdBy: 'embedded-stack' });
    tokens[role] = { principal, roles: [role], token: created.token };
  }
  const content: DemoTokensFile = {
    note:
      'Demo tokens of the embedded stack, one principal per role. Use one with: ' +
      'export TERMINUS_TOKEN=$(jq -r .tokens.legal.token demo-tokens.json)',
    tokens,
  };
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, file);
  return { file, created: true };
}

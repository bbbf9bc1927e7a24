import { execFileSync } from 'node:child_process';
import { chmod, chown, lchown, lstat, mkdir, readdir, realpath, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The system account the embedded PostgreSQL runs as. PostgreSQL refuses to run as root, so a root process
 * (CI, containers) starts it as an unprivileged account that owns the data folder: `terminus-pg`, created once
 * as a system user with no login and no home (the same thing `sudo npm run setup:system` does), or `nobody` where
 * no account can be created. A process that is not root runs PostgreSQL as itself (undefined here).
 */
export interface ServerAccount {
  name: string;
  uid: number;
  gid: number;
}

export const SERVER_ACCOUNT_NAME = 'terminus-pg';

let cached: ServerAccount | undefined;

export function serverAccount(): ServerAccount | undefined {
  if (process.getuid?.() !== 0) return undefined;
  cached ??= lookup(SERVER_ACCOUNT_NAME) ?? create(SERVER_ACCOUNT_NAME) ?? lookup('nobody');
  if (!cached) throw new Error(`running as root, and neither a "${SERVER_ACCOUNT_NAME}" nor a "nobody" account exists`);
  return cached;
}

function lookup(name: string): ServerAccount | undefined {
  try {
    const id = (flag: string): number => Number(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: 'pipe' }));
    return { name, uid: id('-u'), gid: id('-g') };
  } catch {
    return undefined;
  }
}

function create(name: string): ServerAccount | undefined {
  try {
    execFileSync(
      'useradd',
      [
        '--system',
        '--user-group',
        '--no-create-home',
        '--home-dir',
        '/nonexistent',
        '--shell',
        '/usr/sbin/nologin',
        name,
      ],
      { stdio: 'pipe' },
    );
  } catch {
    // Another process may have created it meanwhile, or there is no useradd: look again either way.
  }
  return lookup(name);
}

/**
 * Makes `dir` (created if missing) the account's private folder, as PostgreSQL demands (owner only, 0700), and
 * makes sure the account can reach it: folders that it cannot traverse get the "others may traverse" bit (not
 * "list") when they lie between `reachableFrom` and `dir`, or are this user's own throwaway folders in the system
 * temp folder (a `mkdtemp` home of a test or benchmark is 0700); any other folder that blocks it is reported, not
 * changed.
 */
export async function prepareServerFolder(
  dir: string,
  account: ServerAccount | undefined,
  reachableFrom: string,
): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (!account) {
    await chmod(dir, 0o700);
    return;
  }
  const current = await stat(dir);
  if (current.uid !== account.uid || current.gid !== account.gid) await chownTree(dir, account);
  await chmod(dir, 0o700);
  const inside = (base: string, p: string): boolean => p === base || p.startsWith(base + path.sep);
  const own = path.resolve(reachableFrom);
  const temp = await realpath(tmpdir());
  for (let up = path.dirname(path.resolve(dir)); ; up = path.dirname(up)) {
    const s = await stat(up);
    if (!canTraverse(s, account)) {
      const ours = inside(own, up) || (up !== temp && inside(temp, up) && s.uid === process.getuid?.());
      if (ours) await chmod(up, (s.mode & 0o7777) | 0o001);
      else {
        throw new Error(
          `PostgreSQL runs as the unprivileged account "${account.name}", which cannot reach ${dir}: ` +
            `${up} is closed to it (chmod o+x ${up}, or choose a TERMINUS_HOME it can reach)`,
        );
      }
    }
    if (up === path.dirname(up)) break;
  }
}

function canTraverse(s: { uid: number; gid: number; mode: number }, a: ServerAccount): boolean {
  if (s.uid === a.uid) return (s.mode & 0o100) !== 0;
  if (s.gid === a.gid) return (s.mode & 0o010) !== 0;
  return (s.mode & 0o001) !== 0;
}

async function chownTree(dir: string, a: ServerAccount): Promise<void> {
  await chown(dir, a.uid, a.gid);
  for (const entry of await readdir(dir)) {
    const p = path.join(dir, entry);
    const s = await lstat(p);
    if (s.isDirectory()) await chownTree(p, a);
    else await lchown(p, a.uid, a.gid);
  }
}

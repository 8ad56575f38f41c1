// Docker's rules for whom a container runs as and what its image config holds,
// as pure functions, so the harness can reproduce `docker run` on top of
// `buildah run` (which applies neither the ENTRYPOINT/CMD nor the image's USER
// by itself). What it runs (ENTRYPOINT + CMD) is src/verify/effective-command.ts,
// shared with `dhi-migrate verify`.

export interface ImageConfig {
  /** As configured; "" when unset (Docker then runs as root). */
  user: string;
  entrypoint: string[] | null;
  cmd: string[] | null;
  /** As configured; "" when unset (Docker then uses /). */
  workdir: string;
  env: Record<string, string>;
  labels: Record<string, string>;
}

export interface ResolvedUser {
  name: string | null;
  uid: number;
  gid: number;
}

interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
}

function parseColonFile(text: string): string[][] {
  return text
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(':'));
}

/**
 * Docker's USER resolution against the image's /etc/passwd and /etc/group:
 * "name" and "uid" take the primary gid from passwd (a numeric uid without an
 * entry gets gid 0); "user:group" takes the group by name or number. An
 * unknown user or group name is an error, as in Docker.
 */
export function resolveUser(user: string, passwdText: string, groupText = ''): ResolvedUser {
  const passwd: PasswdEntry[] = parseColonFile(passwdText).map((f) => ({
    name: f[0],
    uid: Number(f[2]),
    gid: Number(f[3]),
  }));
  const groups = parseColonFile(groupText).map((f) => ({ name: f[0], gid: Number(f[2]) }));
  const [u, g] = (user || 'root').split(':');
  const numeric = /^\d+$/.test(u);
  const entry = numeric ? passwd.find((p) => p.uid === Number(u)) : passwd.find((p) => p.name === u);
  if (!entry && !numeric) throw new Error(`unable to find user ${u}: no matching entries in passwd file`);
  const uid = entry?.uid ?? Number(u);
  let gid = entry?.gid ?? 0;
  if (g !== undefined && g !== '') {
    if (/^\d+$/.test(g)) gid = Number(g);
    else {
      const grp = groups.find((x) => x.name === g);
      if (!grp) throw new Error(`unable to find group ${g}: no matching entries in group file`);
      gid = grp.gid;
    }
  }
  return { name: entry?.name ?? null, uid, gid };
}

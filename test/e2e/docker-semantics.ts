// Docker's rules for what a container runs and as whom, as pure functions,
// so the harness can reproduce `docker run` on top of `buildah run` (which
// applies neither the ENTRYPOINT/CMD nor the image's USER by itself).

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

export interface RunOverrides {
  /** `docker run IMAGE args...`: replaces CMD. */
  args?: string[];
  /** `docker run --entrypoint`: replaces ENTRYPOINT and drops CMD unless args are given. */
  entrypoint?: string[];
}

/**
 * The argv `docker run` would execute: ENTRYPOINT followed by CMD (or the run
 * arguments). Shell-form instructions are already stored by the builder as
 * ["/bin/sh", "-c", "..."], and a Dockerfile ENTRYPOINT already clears an
 * inherited CMD in the committed config, so no further rules apply here.
 */
export function effectiveCommand(config: Pick<ImageConfig, 'entrypoint' | 'cmd'>, o: RunOverrides = {}): string[] {
  const entrypoint = o.entrypoint ?? config.entrypoint ?? [];
  const cmd = o.args ?? (o.entrypoint ? [] : (config.cmd ?? []));
  const argv = [...entrypoint, ...cmd];
  if (argv.length === 0) throw new Error('no command specified: the image has neither ENTRYPOINT nor CMD');
  return argv;
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

/**
 * Who an image runs as. Pure: the caller supplies the image's /etc/passwd
 * when it can read it.
 */
import type { ImageFacts } from './builders.js';

/** The image config fields verify reads, as every builder's inspect output spells them. */
export interface ImageConfig {
  User?: string;
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
}

/** What a builder found inside the image: /bin/sh, and /etc/passwd to resolve the user (null: unknown). */
export interface ImageLook {
  shell: boolean | null;
  passwd: string | null;
}

/** A builder's inspect output and look inside the image, as the facts verify reports. */
export function imageFacts(config: ImageConfig, look: ImageLook, sizeBytes: number | null): ImageFacts {
  const user = config.User ?? '';
  return {
    user,
    uid: resolveUid(user, look.passwd),
    entrypoint: config.Entrypoint ?? null,
    cmd: config.Cmd ?? null,
    shell: look.shell,
    sizeBytes,
  };
}

/** The uid Docker would run `user` (the config's USER) as; null when it can't be known. */
export function resolveUid(user: string, passwdText: string | null): number | null {
  const name = (user || 'root').split(':')[0]!;
  if (/^\d+$/.test(name)) return Number(name);
  if (name === 'root') return 0;
  if (passwdText === null) return null;
  for (const line of passwdText.split('\n')) {
    const f = line.split(':');
    if (f[0] === name && /^\d+$/.test(f[2] ?? '')) return Number(f[2]);
  }
  return null;
}

/**
 * Whether the image runs as root: USER unset, `root`, uid 0, or a name that
 * /etc/passwd maps to uid 0. A name that can't be resolved is not assumed root.
 */
export function runsAsRoot(user: string, uid: number | null): boolean {
  const name = (user || 'root').split(':')[0]!;
  return name === 'root' || uid === 0;
}

/** `nonroot (65532)`, `root (default)`: for the human report. */
export function describeUser(user: string, uid: number | null): string {
  if (!user) return 'root (default)';
  const name = user.split(':')[0]!;
  return uid === null || String(uid) === name || name === 'root' ? user : `${user} (${uid})`;
}

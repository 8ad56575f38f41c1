/**
 * Package-manager commands in a RUN chain: which manager, whether it installs,
 * and which words are package names (option values excluded), with their
 * positions so one package can be dropped exactly.
 */
import { programName, programWords, type ShellCommand } from '../../src/dockerfile/shell-chain.js';

export const PACKAGE_MANAGERS: ReadonlySet<string> = new Set([
  'apt-get',
  'apt',
  'aptitude',
  'dpkg',
  'apk',
  'yum',
  'dnf',
  'microdnf',
  'tdnf',
  'zypper',
  'rpm',
]);

interface ManagerSyntax {
  install: string[];
  /** Options whose value is the next word (unless written `--opt=value`). */
  valued: string[];
}

const SYNTAX: Record<string, ManagerSyntax> = {
  apt: { install: ['install'], valued: ['-o', '-t', '-c', '--option', '--target-release', '--config-file', '-a', '--host-architecture'] },
  apk: {
    install: ['add'],
    valued: ['-X', '--repository', '-p', '--root', '--arch', '-t', '--virtual', '--cache-dir', '--keys-dir', '--repositories-file'],
  },
  rpm: {
    install: ['install'],
    valued: [
      '--setopt',
      '--enablerepo',
      '--disablerepo',
      '--installroot',
      '--releasever',
      '-x',
      '--exclude',
      '-c',
      '--config',
      '--repo',
      '--repoid',
    ],
  },
};
const FAMILY: Record<string, keyof typeof SYNTAX> = {
  'apt-get': 'apt',
  apt: 'apt',
  aptitude: 'apt',
  apk: 'apk',
  yum: 'rpm',
  dnf: 'rpm',
  microdnf: 'rpm',
  tdnf: 'rpm',
};

export interface Install {
  manager: string;
  /** Indexes into `cmd.words` of the package names. */
  packages: number[];
}

/** The install command's package words, or null when the command installs nothing. */
export function readInstall(cmd: ShellCommand): Install | null {
  const manager = programName(cmd);
  const family = manager ? FAMILY[manager] : undefined;
  if (!manager || !family) return null;
  const syntax = SYNTAX[family]!;
  const offset = cmd.words.length - programWords(cmd).length;
  const words = cmd.words;
  let sub: string | null = null;
  const packages: number[] = [];
  for (let k = offset + 1; k < words.length; k++) {
    const v = words[k]!.value;
    if (v === null) {
      if (sub !== null) packages.push(k);
      continue;
    }
    if (v.startsWith('-')) {
      if (syntax.valued.includes(v)) k++;
      continue;
    }
    if (sub === null) {
      sub = v;
      if (!syntax.install.includes(sub)) return null;
      continue;
    }
    packages.push(k);
  }
  return sub === null ? null : { manager, packages };
}

/** `ca-certificates`, or pinned `ca-certificates=2024...`. */
export function isCaCertificates(word: string | null): boolean {
  return word !== null && /^ca-certificates(=.*)?$/.test(word);
}

/** Commands that only prepare or clean up after an install: harmless to drop with it. */
export function isInstallHousekeeping(cmd: ShellCommand): boolean {
  const name = programName(cmd);
  const args = programWords(cmd)
    .slice(1)
    .map((w) => w.value ?? '');
  const sub = args.find((a) => !a.startsWith('-'));
  if (name === 'apt-get' || name === 'apt') return sub === 'update' || sub === 'clean' || sub === 'autoclean';
  if (name === 'apk') return sub === 'update';
  if (name === 'yum' || name === 'dnf' || name === 'microdnf' || name === 'tdnf') return sub === 'clean' || sub === 'makecache';
  if (name === 'update-ca-certificates') return true;
  if (name === 'rm') {
    const paths = args.filter((a) => !a.startsWith('-'));
    return paths.length > 0 && paths.every((p) => /^\/var\/(lib\/apt\/lists|cache\/(apk|apt|yum|dnf))(\/|$)/.test(p));
  }
  return false;
}

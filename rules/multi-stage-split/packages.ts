/**
 * System packages a stage installs (`apt-get install`, `apk add`, PHP
 * extensions), and which of them the app still needs once it runs on a
 * runtime image that has no package manager. Build-only packages (compilers,
 * headers, fetch tools, anything removed again in the stage) are left alone.
 */
import { expandVariables } from '../../src/dockerfile/args.js';
import type { InstructionInfo } from '../../src/dockerfile/model.js';
import { isBuildOnlyPackage, isProvidedPackage, programsOf } from './knowledge.js';
import { basename } from './paths.js';
import { programsCalled, type RunCommand, type StageFacts } from './stage-facts.js';

export interface PackageInstall {
  name: string;
  manager: 'apt' | 'apk' | 'php-extension';
  instruction: InstructionInfo;
}

export type NeedKind = 'tool' | 'library' | 'package' | 'php-extension';

export interface PackageNeed {
  install: PackageInstall;
  kind: NeedKind;
  /** The runtime instruction that calls the package's program (kind 'tool'). */
  calledBy?: InstructionInfo;
}

const APT = new Set(['apt-get', 'apt', 'aptitude']);
/** apt/apk options that take a separate value. */
const OPTION_ARGS = new Set([
  '-o',
  '-t',
  '-c',
  '-a',
  '--option',
  '--target-release',
  '--config-file',
  '--host-architecture',
  '--virtual',
  '-X',
  '--repository',
  '--repositories-file',
  '-p',
  '--root',
  '--arch',
  '--cache-dir',
  '--keys-dir',
]);

export interface InstallScan {
  installs: PackageInstall[];
  /** Packages and apk virtual groups removed again later in the stage. */
  removed: Set<string>;
  /** Package lists held in variables the tool can't resolve. */
  unreadable: { instruction: InstructionInfo; word: string }[];
}

export function scanInstalls(facts: StageFacts): InstallScan {
  const scan: InstallScan = { installs: [], removed: new Set(), unreadable: [] };
  const groups = new Map<string, string[]>();
  for (const cmd of facts.commands) {
    const prog = basename(cmd.words[0] ?? '');
    const sub = cmd.words.slice(1).find((w) => !w.startsWith('-'));
    if (APT.has(prog) && sub === 'install') addAll(scan, cmd, packageWords(cmd, 'install'), 'apt');
    else if (APT.has(prog) && (sub === 'purge' || sub === 'remove')) for (const p of packageWords(cmd, sub)) scan.removed.add(p);
    else if (prog === 'apk' && sub === 'add') {
      const names = packageWords(cmd, 'add');
      const group = virtualGroup(cmd);
      if (group) groups.set(group, names);
      addAll(scan, cmd, names, 'apk');
    } else if (prog === 'apk' && sub === 'del') {
      for (const p of packageWords(cmd, 'del')) {
        scan.removed.add(p);
        for (const member of groups.get(p) ?? []) scan.removed.add(member);
      }
    } else if (prog === 'docker-php-ext-install' || (prog === 'pecl' && sub === 'install')) {
      const words = cmd.words.slice(prog === 'pecl' ? cmd.words.indexOf('install') + 1 : 1).filter((w) => !w.startsWith('-'));
      addAll(
        scan,
        cmd,
        words.map((w) => w.replace(/-[\d.]+$/, '')),
        'php-extension',
      );
    }
  }
  return scan;
}

function packageWords(cmd: RunCommand, verb: string): string[] {
  const out: string[] = [];
  const words = cmd.words.slice(cmd.words.indexOf(verb) + 1);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (OPTION_ARGS.has(w)) {
      i++;
      continue;
    }
    if (w.startsWith('-')) continue;
    out.push(w);
  }
  return out;
}

function virtualGroup(cmd: RunCommand): string | null {
  const i = cmd.words.findIndex((w) => w === '--virtual' || w === '-t');
  if (i >= 0) return cmd.words[i + 1] ?? null;
  const eq = cmd.words.find((w) => w.startsWith('--virtual='));
  return eq ? eq.slice('--virtual='.length) : null;
}

function addAll(scan: InstallScan, cmd: RunCommand, words: string[], manager: PackageInstall['manager']): void {
  for (const word of words) {
    let names = [word];
    if (word.includes('$')) {
      const value = expandVariables(word, new Map(Object.entries(cmd.env)));
      if (value === null) {
        scan.unreadable.push({ instruction: cmd.instruction, word });
        continue;
      }
      names = value.split(/\s+/).filter(Boolean);
    }
    for (const n of names) {
      // `pkg=1.2-3` (apt pin), `pkg/bookworm` (apt release), `pkg=~1.2` / `pkg>1` (apk)
      const name = n.replace(/[=<>~].*$/, '').replace(/\/.*$/, '');
      if (name && !scan.installs.some((p) => p.name === name && p.manager === manager)) {
        scan.installs.push({ name, manager, instruction: cmd.instruction });
      }
    }
  }
}

/** Programs that the start command and the HEALTHCHECK run, with their instruction. */
export function runtimePrograms(facts: StageFacts): { program: string; instruction: InstructionInfo }[] {
  const out: { program: string; instruction: InstructionInfo }[] = [];
  for (const ins of [facts.entrypoint?.instruction, facts.cmd?.instruction, facts.healthcheck]) {
    if (!ins) continue;
    for (const p of programsCalled(ins)) out.push({ program: basename(p), instruction: ins });
  }
  return out;
}

/**
 * The packages the app may still need at run time. `repo` is the build
 * image's repository (some tools only serve one ecosystem's build).
 */
export function runtimeNeeds(
  scan: InstallScan,
  programs: { program: string; instruction: InstructionInfo }[],
  repo: string,
): PackageNeed[] {
  const needs: PackageNeed[] = [];
  for (const install of scan.installs) {
    if (scan.removed.has(install.name) || isProvidedPackage(install.name)) continue;
    if (install.manager === 'php-extension') {
      needs.push({ install, kind: 'php-extension' });
      continue;
    }
    const provides = programsOf(install.name);
    const caller = programs.find((p) => provides.includes(p.program));
    if (caller) {
      needs.push({ install, kind: 'tool', calledBy: caller.instruction });
      continue;
    }
    if (isBuildOnlyPackage(install.name, repo)) continue;
    needs.push({ install, kind: isLibrary(install.name) ? 'library' : 'package' });
  }
  return needs;
}

function isLibrary(name: string): boolean {
  return /^lib/.test(name) || /-libs?$/.test(name);
}

/** Where package names start in an install command. */
export const INSTALL_VERB = /\binstall\b|\badd\b/;

/** Offset of `word` as a whole word after the first match of `after`; 0 when not found. */
export function wordOffset(haystack: string, word: string, after: RegExp): number {
  const from = after.exec(haystack)?.index ?? 0;
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // The name may carry a version or release: `pkg=1.2`, `pkg>1`, `pkg/bookworm`, `redis-6.0.2` (pecl).
  const re = new RegExp(`(^|[\\s'"=])(${escaped})(?=$|[\\s'"=;&|\\\\<>~/]|-\\d)`, 'g');
  re.lastIndex = from;
  const m = re.exec(haystack);
  return m ? m.index + m[1]!.length : 0;
}

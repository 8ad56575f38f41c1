/**
 * Users and groups a Dockerfile creates (`useradd`, `adduser`, `groupadd`,
 * `addgroup`), and owner specs (`USER app:app`, `--chown=1001`, `chown app`)
 * rewritten to a DHI image's user.
 */
import type { DockerfileModel, InstructionInfo, Stage } from '../../src/dockerfile/model.js';
import { parseCommand } from '../../src/dockerfile/command.js';
import { programName, programWords, readRunChain, type ChainResult, type ShellCommand } from '../../src/dockerfile/shell-chain.js';
import type { RuleContext } from '../../src/engine/types.js';
import { stageChain, type RunUser } from './final-stage.js';

export type CreationTool = 'useradd' | 'adduser' | 'groupadd' | 'addgroup';
export const CREATION_TOOLS: ReadonlySet<string> = new Set<CreationTool>(['useradd', 'adduser', 'groupadd', 'addgroup']);

export interface Identity {
  kind: 'user' | 'group';
  name: string | null;
  /** uid or gid when given with -u/-g/--uid/--gid. */
  id: string | null;
}

export interface Creation {
  tool: CreationTool;
  identities: Identity[];
  /** Why the created names can't be read (a `$VAR` name ...), or null. */
  unreadable: string | null;
}

/** Options that take a value, per tool (short letters and long names). */
const VALUE_OPTIONS: Record<CreationTool, { short: string; long: string[] }> = {
  useradd: {
    short: 'bcdefgGkKpsuZR',
    long: [
      'base-dir',
      'comment',
      'home-dir',
      'expiredate',
      'inactive',
      'gid',
      'groups',
      'skel',
      'key',
      'password',
      'shell',
      'uid',
      'selinux-user',
      'root',
      'prefix',
    ],
  },
  groupadd: { short: 'gKpRP', long: ['gid', 'key', 'password', 'root', 'prefix', 'users'] },
  // Debian's long options and BusyBox/Alpine's short ones (-h home, -g gecos, -G group, -s shell, -u uid, -k skel).
  adduser: {
    short: 'hgsGuk',
    long: [
      'home',
      'shell',
      'uid',
      'gid',
      'ingroup',
      'gecos',
      'comment',
      'firstuid',
      'lastuid',
      'firstgid',
      'lastgid',
      'conf',
      'add-extra-groups',
    ],
  },
  addgroup: { short: 'g', long: ['gid', 'conf', 'firstgid', 'lastgid'] },
};

/** Reads one command; null when it is not a user/group creation. */
export function readCreation(cmd: ShellCommand): Creation | null {
  const tool = programName(cmd);
  if (!tool || !CREATION_TOOLS.has(tool)) return null;
  return readCreationArgs(
    tool as CreationTool,
    programWords(cmd)
      .slice(1)
      .map((w) => w.value),
  );
}

export function readCreationArgs(tool: CreationTool, args: (string | null)[]): Creation | null {
  const opts = VALUE_OPTIONS[tool];
  const positional: (string | null)[] = [];
  let id: string | null = null;
  let wantsGroup = false;
  for (let k = 0; k < args.length; k++) {
    const a = args[k]!;
    if (a === null) {
      positional.push(null);
      continue;
    }
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
      const takes = opts.long.includes(name);
      const value = takes ? (inline ?? args[++k] ?? null) : null;
      if (
        (name === 'uid' && tool !== 'groupadd' && tool !== 'addgroup') ||
        (name === 'gid' && (tool === 'groupadd' || tool === 'addgroup'))
      )
        id = value;
      if (name === 'group') wantsGroup = true;
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      // Bundled short options: the first one that takes a value consumes the rest or the next word.
      for (let c = 1; c < a.length; c++) {
        const letter = a[c]!;
        if (!opts.short.includes(letter)) continue;
        const value = c + 1 < a.length ? a.slice(c + 1) : (args[++k] ?? null);
        if ((letter === 'u' && tool !== 'groupadd') || (letter === 'g' && (tool === 'groupadd' || tool === 'addgroup'))) id = value;
        break;
      }
      continue;
    }
    positional.push(a);
  }
  const identities: Identity[] = [];
  const name = positional[0];
  if (name === undefined) return { tool, identities, unreadable: `${tool} without a name` };
  if (name === null)
    return { tool, identities, unreadable: `${tool} names the ${tool.includes('group') ? 'group' : 'user'} with a variable` };
  // `adduser user group` / `addgroup user group` (two names) add an existing user to a group.
  if ((tool === 'adduser' || tool === 'addgroup') && positional.length >= 2) return null;
  if (tool === 'useradd' || tool === 'adduser') {
    identities.push({ kind: 'user', name, id });
    // useradd (USERGROUPS_ENAB) and `adduser --group` create a same-named group.
    if (tool === 'useradd' || wantsGroup) identities.push({ kind: 'group', name, id: null });
  } else {
    identities.push({ kind: 'group', name, id });
  }
  return { tool, identities, unreadable: null };
}

export interface CreationSite {
  instruction: InstructionInfo;
  /** The RUN read as a chain, when it could be. */
  chain: ChainResult;
  /** Indexes of the chain's commands that create users/groups (exec form: [0]). */
  commands: number[];
  creations: Creation[];
}

/** RUN instructions of a stage that create users or groups. */
export function creationSites(model: DockerfileModel, stage: Stage): CreationSite[] {
  const sites: CreationSite[] = [];
  for (const ins of stage.instructions) {
    if (ins.keyword !== 'RUN') continue;
    const cmd = parseCommand(ins.node.getArgumentsContent() ?? '');
    if (cmd.form === 'exec') {
      const tool = cmd.argv[0]?.split('/').pop() ?? '';
      if (!CREATION_TOOLS.has(tool)) continue;
      const creation = readCreationArgs(tool as CreationTool, cmd.argv.slice(1));
      if (!creation) continue;
      sites.push({ instruction: ins, chain: { ok: false, reason: 'exec form' }, commands: [0], creations: [creation] });
      continue;
    }
    const chain = readRunChain(model, ins);
    if (chain.ok) {
      const commands: number[] = [];
      const creations: Creation[] = [];
      chain.chain.commands.forEach((c, k) => {
        const creation = readCreation(c);
        if (creation) {
          commands.push(k);
          creations.push(creation);
        }
      });
      if (commands.length > 0) sites.push({ instruction: ins, chain, commands, creations });
      continue;
    }
    // Not a plain chain: still find the creations, to report them and map their names.
    const loose = looseCreations(ins.node.getArgumentsContent() ?? '');
    if (loose.length > 0) sites.push({ instruction: ins, chain, commands: [], creations: loose });
  }
  return sites;
}

/** Creations in a command line this tool can't edit exactly, read word by word between operators. */
function looseCreations(text: string): Creation[] {
  const out: Creation[] = [];
  for (const part of text.split(/&&|\|\||[;|&()\n]/)) {
    const words = part.trim().split(/\s+/).filter(Boolean);
    while (words.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!)) words.shift();
    const tool = words[0]?.split('/').pop() ?? '';
    if (!CREATION_TOOLS.has(tool)) continue;
    const creation = readCreationArgs(
      tool as CreationTool,
      words.slice(1).map((w) => (w.includes('$') ? null : w.replace(/^["']|["']$/g, ''))),
    );
    if (creation) out.push(creation);
  }
  return out;
}

/** The user and group names and ids a Dockerfile created; used to recognise references to them. */
export class CustomIdentities {
  readonly users = new Set<string>();
  readonly groups = new Set<string>();
  readonly uids = new Set<string>();
  readonly gids = new Set<string>();

  add(creations: Iterable<Creation>): void {
    for (const c of creations) {
      for (const id of c.identities) {
        if (id.kind === 'user') {
          if (id.name) this.users.add(id.name);
          if (id.id) this.uids.add(id.id);
        } else {
          if (id.name) this.groups.add(id.name);
          if (id.id) this.gids.add(id.id);
        }
      }
    }
  }

  remove(creations: Iterable<Creation>): void {
    for (const c of creations) {
      for (const id of c.identities) {
        if (id.kind === 'user') {
          if (id.name) this.users.delete(id.name);
          if (id.id) this.uids.delete(id.id);
        } else {
          if (id.name) this.groups.delete(id.name);
          if (id.id) this.gids.delete(id.id);
        }
      }
    }
  }

  get size(): number {
    return this.users.size + this.groups.size + this.uids.size + this.gids.size;
  }

  isUser(part: string): boolean {
    return this.users.has(part) || this.uids.has(part);
  }

  isGroup(part: string): boolean {
    return this.groups.has(part) || this.gids.has(part) || this.users.has(part);
  }
}

/**
 * An owner spec (`app`, `app:app`, `1001:1001`, `app:root`) with the parts
 * that name a custom user/group replaced by the DHI user (numeric stays
 * numeric); null when nothing in it is custom.
 */
export function mapOwnerSpec(spec: string, custom: CustomIdentities, user: RunUser): string | null {
  const [u, g] = spec.split(':', 2) as [string, string | undefined];
  const userHit = custom.isUser(u);
  const groupHit = g !== undefined && g !== '' && custom.isGroup(g);
  if (!userHit && !groupHit) return null;
  const mapped = (part: string): string => (/^\d+$/.test(part) && user.uid !== null ? String(user.uid) : user.name);
  const nu = userHit ? mapped(u) : u;
  if (g === undefined) return nu;
  return `${nu}:${groupHit ? mapped(g) : g}`;
}

/** The same spec owned by the DHI user: `www-data:www-data` -> `nonroot:nonroot`, `33` -> `65532`. */
export function ownerFor(spec: string, user: RunUser): string {
  const [u, g] = spec.split(':', 2) as [string, string | undefined];
  const mapped = (part: string): string => (/^\d+$/.test(part) && user.uid !== null ? String(user.uid) : user.name);
  return g === undefined ? mapped(u) : g === '' ? `${mapped(u)}:` : `${mapped(u)}:${mapped(g)}`;
}

/** True when a spec's user part names the DHI user (by name or uid). */
export function isUserSpec(spec: string, user: RunUser): boolean {
  const u = spec.split(':')[0]!;
  return u === user.name || (user.uid !== null && u === String(user.uid));
}

export interface CustomUsers {
  custom: CustomIdentities;
  /** Created names -> where (`useradd on line 4`), for messages. */
  createdAt: Map<string, string>;
  /** Creation RUNs in the final stage itself. */
  here: CreationSite[];
}

/**
 * Users and groups the Dockerfile creates that the final stage's image won't
 * have: those created in the final stage and in the user's original final
 * stage (a split moves its RUN lines into a build stage), minus those created
 * in the stages the final stage builds on (they are in its filesystem).
 */
export function customUsers(ctx: RuleContext, stage: Stage): CustomUsers {
  const { model } = ctx;
  const here = creationSites(model, stage);
  const custom = new CustomIdentities();
  const createdAt = new Map<string, string>();
  const note = (creations: Creation[], where: string): void => {
    custom.add(creations);
    for (const c of creations) {
      for (const id of c.identities) for (const key of [id.name, id.id]) if (key && !createdAt.has(key)) createdAt.set(key, where);
    }
  };
  for (const site of here) note(site.creations, `${toolNames(site.creations)} on line ${ctx.originalLine(site.instruction.range.start)}`);
  const origFinal = ctx.original.stages[ctx.original.finalStage];
  if (origFinal && origFinal.index !== stage.index) {
    for (const site of creationSites(ctx.original, origFinal)) {
      note(site.creations, `${toolNames(site.creations)} on line ${site.instruction.startLine + 1} of the original final stage`);
    }
  }
  for (const parent of stageChain(model, stage.index).slice(0, -1)) custom.remove(creationSites(model, parent).flatMap((s) => s.creations));
  return { custom, createdAt, here };
}

export function toolNames(creations: Creation[]): string {
  const tools = [...new Set(creations.map((c) => c.tool))];
  return tools.length <= 1 ? tools.join('') : `${tools.slice(0, -1).join(', ')} and ${tools.at(-1)}`;
}

/** A plain `user[:group]` (names or ids); anything else (variables, stray words) is left alone. */
export function isOwnerSpec(spec: string): boolean {
  return /^[A-Za-z0-9_][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/.test(spec);
}

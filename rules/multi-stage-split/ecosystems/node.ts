/**
 * Node: the app directory (with production node_modules) moves onto the node
 * runtime image, owned by `node`. npm/yarn/pnpm don't exist at run time, so a
 * start command that runs a package script is resolved through package.json
 * when the script is a plain `node ...` command.
 */
import { partnerTag } from '../../../src/catalog/mapping.js';
import { splitShellWords } from '../../../src/dockerfile/command.js';
import type { InstructionInfo } from '../../../src/dockerfile/model.js';
import { basename, isInside } from '../paths.js';
import { unwrap } from '../stage-facts.js';
import { appDirectory, programPath } from './common.js';
import type { EcosystemOutcome, EcosystemPlan, SplitInput } from './types.js';

interface PackageJson {
  scripts?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const PACKAGE_MANAGERS = new Set(['npm', 'yarn', 'pnpm']);

export function nodePlan(input: SplitInput): EcosystemOutcome {
  const { ctx, facts, image, start } = input;
  const runtime = partnerTag(image.repo, image.tag, 'runtime', ctx.catalog);
  if (!runtime) return { skip: `the catalog has no runtime image for ${image.repo}:${image.tag}`, at: null };
  const app = appDirectory(facts, { chown: true });
  const plan: EcosystemPlan = { ecosystem: 'node', runtime, artifacts: app.artifacts, notes: [], review: [...app.review] };
  const pkg = readPackageJson(input);

  const argv = start?.argv ? unwrap(start.argv) : null;
  if (argv && argv.length > 0 && PACKAGE_MANAGERS.has(basename(argv[0]!))) {
    const at = scriptInstruction(input);
    const resolved = resolveScript(argv, pkg);
    const where = at ? `${at.keyword} on line ${facts.line(at)}` : 'the start command';
    if ('reason' in resolved) {
      return { skip: `${where} runs \`${argv.join(' ')}\`, and ${resolved.reason}; the runtime image has no ${basename(argv[0]!)}`, at };
    }
    if (!at)
      return {
        skip: `the start command \`${argv.join(' ')}\` is split across ENTRYPOINT and CMD; rewrite it as \`${resolved.argv.join(' ')}\` and run again`,
        at: null,
      };
    const own = (at.keyword === 'CMD' ? facts.cmd : facts.entrypoint)!.argv!;
    const wrapper = own.slice(0, own.length - unwrap(own).length);
    plan.command = { instruction: at, keyword: at.keyword as 'CMD' | 'ENTRYPOINT', argv: [...wrapper, ...resolved.argv] };
    plan.notes.push(
      `\`${argv.join(' ')}\` resolved through package.json to \`${resolved.argv.join(' ')}\` (no ${basename(argv[0]!)} at run time)`,
    );
  }

  // A program installed outside the app directory (`npm install -g pm2`) is not copied.
  const runs = plan.command?.argv ?? argv;
  const program = runs?.[0];
  if (program && basename(program) !== 'node' && !/\.[cm]?js$/.test(program)) {
    const path = programPath(program, facts.cwd);
    if (!path || !app.dir || !isInside(path, app.dir)) {
      plan.review.push(
        `the start command runs ${program}, which is not in the copied app directory${app.dir ? ` ${app.dir}` : ''} (a package installed with \`npm install -g\` is not copied)`,
      );
    }
  }

  const prune = pruneDevDependencies(input, pkg);
  if (prune.lines) plan.appendToBuild = prune.lines;
  if (prune.note) plan.notes.push(prune.note);
  return plan;
}

function readPackageJson(input: SplitInput): PackageJson | null {
  const text = input.ctx.buildContext.readFile('package.json');
  if (text === undefined) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' ? (parsed as PackageJson) : null;
  } catch {
    return null;
  }
}

/** The one instruction holding the whole package-manager call (after an init wrapper ENTRYPOINT). */
function scriptInstruction(input: SplitInput): InstructionInfo | null {
  const { cmd, entrypoint } = input.facts;
  const startsWithPm = (argv: string[] | null | undefined): boolean =>
    !!argv && argv.length > 0 && PACKAGE_MANAGERS.has(basename(unwrap(argv)[0] ?? ''));
  if (cmd && startsWithPm(cmd.argv) && (!entrypoint || unwrap(entrypoint.argv ?? ['x']).length === 0)) return cmd.instruction;
  if (entrypoint && startsWithPm(entrypoint.argv) && !cmd) return entrypoint.instruction;
  return null;
}

/**
 * `npm start`, `npm run x`, `yarn x`, `pnpm run x` -> the script's argv when
 * it is a plain `node ...` command (what the hardening rules accept too).
 */
export function resolveScript(argv: string[], pkg: PackageJson | null): { argv: string[] } | { reason: string } {
  const tool = basename(argv[0]!);
  const args = argv.slice(1);
  const dashdash = args.indexOf('--');
  const extra = dashdash >= 0 ? args.slice(dashdash + 1) : [];
  const own = dashdash >= 0 ? args.slice(0, dashdash) : args;
  const words = own.filter((w) => !w.startsWith('-'));
  let name: string | undefined;
  if (words[0] === 'start' || (tool !== 'npm' && words.length === 0)) name = 'start';
  else if (words[0] === 'run' || words[0] === 'run-script') name = words[1];
  else if (tool !== 'npm') name = words[0];
  if (!name) return { reason: 'that is not a package script the tool can resolve' };
  if (!pkg) return { reason: 'there is no package.json next to the Dockerfile to resolve it' };
  const scripts = pkg.scripts ?? {};
  let script = scripts[name];
  // npm runs `node server.js` when there is no start script.
  if (script === undefined && name === 'start' && tool === 'npm') script = 'node server.js';
  if (script === undefined) return { reason: `package.json has no "${name}" script` };
  const hooks = [`pre${name}`, `post${name}`].filter((h) => scripts[h] !== undefined);
  if (hooks.length > 0) return { reason: `package.json also runs ${hooks.map((h) => `"${h}"`).join(' and ')} around it` };
  const split = splitShellWords(script);
  if (!split.ok) return { reason: `the "${name}" script (\`${script}\`) uses ${split.reason}` };
  if (split.words[0] !== 'node') return { reason: `the "${name}" script (\`${script}\`) doesn't start with \`node\`` };
  return { argv: [...split.words, ...extra] };
}

/**
 * Dependencies installed with devDependencies are pruned at the end of the
 * build stage, so only production node_modules reach the runtime image.
 */
function pruneDevDependencies(input: SplitInput, pkg: PackageJson | null): { lines?: string[]; note?: string } {
  const installs = input.facts.commands.filter((c) => isInstall(c.words));
  if (installs.length === 0) return {};
  const withDev = installs.filter((c) => !omitsDev(c.words, c.env));
  if (withDev.length === 0) return {};
  if (pkg && Object.keys(pkg.devDependencies ?? {}).length === 0) return {};
  const tool = basename(withDev[0]!.words[0]!);
  if (tool === 'npm')
    return { lines: ['RUN npm prune --omit=dev'], note: 'devDependencies pruned at the end of the build stage (`npm prune --omit=dev`)' };
  if (tool === 'pnpm')
    return { lines: ['RUN pnpm prune --prod'], note: 'devDependencies pruned at the end of the build stage (`pnpm prune --prod`)' };
  return {
    note: `node_modules may still hold devDependencies (installed with ${tool} on line ${input.facts.line(withDev[0]!.instruction)}, which has no prune command)`,
  };
}

function isInstall(words: string[]): boolean {
  const tool = basename(words[0] ?? '');
  const sub = words.slice(1).filter((w) => !w.startsWith('-'));
  if (tool === 'npm') return (sub[0] === 'ci' || sub[0] === 'install' || sub[0] === 'i') && sub.length === 1;
  if (tool === 'yarn') return sub.length === 0 || (sub[0] === 'install' && sub.length === 1);
  if (tool === 'pnpm') return (sub[0] === 'install' || sub[0] === 'i') && sub.length === 1;
  return false;
}

function omitsDev(words: string[], env: Record<string, string>): boolean {
  if (env['NODE_ENV'] === 'production') return true;
  return words.some(
    (w) => ['--omit=dev', '--only=prod', '--only=production', '--production', '--prod', '-P'].includes(w) || w === '--production=true',
  );
}

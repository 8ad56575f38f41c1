/**
 * Python: dependencies go into a virtual environment that is copied with the
 * app. A venv the stage already creates is reused; otherwise one is created in
 * the build stage right before the first `pip install`, and PATH points at it
 * in both stages. The venv records the interpreter's path, which is why the
 * runtime image is the same version line and distro (partnerTag).
 *
 * The venv is only inserted where doing so can't change the build: plain
 * `pip install` as root. `--user` (refused inside a venv), `--target`,
 * `--prefix`/`--root`, an interpreter named by absolute path, a non-root USER
 * (can't create /opt/venv) and poetry/pipenv/uv (which pick environments their
 * own way) are reported for review instead.
 */
import { partnerTag } from '../../../src/catalog/mapping.js';
import { basename, isInside, resolvePath } from '../paths.js';
import type { RunCommand } from '../stage-facts.js';
import { appDirectory, optionValue } from './common.js';
import type { EcosystemOutcome, EcosystemPlan, SplitInput } from './types.js';

export const VENV = '/opt/venv';

const OTHER_MANAGERS: Record<string, string[]> = {
  poetry: ['install'],
  pipenv: ['install', 'sync'],
  uv: ['sync', 'pip'],
  pdm: ['install', 'sync'],
  conda: ['install'],
};

export function pythonPlan(input: SplitInput): EcosystemOutcome {
  const { ctx, facts, image } = input;
  const runtime = partnerTag(image.repo, image.tag, 'runtime', ctx.catalog);
  if (!runtime) return { skip: `the catalog has no runtime image for ${image.repo}:${image.tag}`, at: null };
  const app = appDirectory(facts);
  const plan: EcosystemPlan = { ecosystem: 'python', runtime, artifacts: [], notes: [], review: [...app.review] };

  const pips = facts.commands.filter(isPipInstall);
  const venvs = facts.commands
    .map((c) => ({ cmd: c, path: venvPath(c) }))
    .filter((v): v is { cmd: RunCommand; path: string } => v.path !== null);
  const others = facts.commands.filter((c) => OTHER_MANAGERS[basename(c.words[0] ?? '')]?.includes(c.words[1] ?? ''));
  for (const o of others) {
    plan.review.push(
      `dependencies are installed with \`${o.words.slice(0, 2).join(' ')}\` on line ${facts.line(o.instruction)}; check that they end up in a copied directory`,
    );
  }

  // What the stages this one builds on (`FROM base`) installed is part of the app too.
  const inherited = facts.ancestors.flatMap((a) => a.commands);
  const inheritedVenv = inherited
    .map((c) => ({ cmd: c, path: venvPath(c) }))
    .find((v): v is { cmd: RunCommand; path: string } => v.path !== null);
  const inheritedPip = inherited.find(isPipInstall);
  if (inheritedPip && (!inheritedVenv || inherited.indexOf(inheritedVenv.cmd) > inherited.indexOf(inheritedPip))) {
    const base = inheritedPip.instruction;
    const owner = facts.ancestors.find((a) => a.stage.instructions.includes(base))!.stage;
    const name = owner.name ? `'${owner.name}'` : String(owner.index);
    return {
      skip: `it builds on stage ${name}, whose \`${inheritedPip.words.slice(0, 4).join(' ')}\` on line ${facts.line(base)} installs packages system-wide, which a runtime stage would not get (and a virtual environment created here would not hold them); create a virtual environment in stage ${name} before that line (\`RUN python -m venv ${VENV}\` and \`ENV PATH=${VENV}/bin:$PATH\`) and run again`,
      at: null,
    };
  }

  const firstPip = pips[0];
  const existing =
    (inheritedVenv && { path: inheritedVenv.path }) ??
    venvs.find((v) => !firstPip || facts.commands.indexOf(v.cmd) < facts.commands.indexOf(firstPip));
  if (existing) {
    plan.artifacts.push({ path: existing.path });
    plan.notes.push(`dependencies stay in the virtual environment ${existing.path}`);
  } else if (firstPip) {
    const problems = pips.flatMap((c) => venvProblems(c, facts.line(c.instruction)));
    const targets = pips.map((c) => optionValue(c.words, ['--target', '-t'])).filter((t): t is string => t !== null);
    if (problems.length === 0) {
      plan.insertBefore = { instruction: firstPip.instruction, lines: [`RUN python -m venv ${VENV}`, `ENV PATH=${VENV}/bin:$PATH`] };
      plan.extraEnv = [`ENV PATH=${VENV}/bin:$PATH`];
      plan.artifacts.push({ path: VENV });
      plan.notes.push(
        `pip installs into a new virtual environment ${VENV}, created in the build stage before line ${facts.line(firstPip.instruction)}`,
      );
    } else if (targets.length === pips.length) {
      for (const c of pips) plan.artifacts.push({ path: resolvePath(c.cwd ?? '/', optionValue(c.words, ['--target', '-t'])!) });
    } else {
      plan.review.push(...problems);
    }
  }

  for (const a of app.artifacts) {
    if (!plan.artifacts.some((p) => isInside(a.path, p.path))) plan.artifacts.push(a);
  }
  // A venv inside the app directory travels with it.
  plan.artifacts = plan.artifacts.filter((a) => !plan.artifacts.some((b) => b !== a && isInside(a.path, b.path) && a.path !== b.path));
  return plan;
}

function isPipInstall(c: RunCommand): boolean {
  const prog = basename(c.words[0] ?? '');
  if (/^pip(\d(\.\d+)?)?$/.test(prog))
    return c.words[1] === 'install' || c.words.slice(1).filter((w) => !w.startsWith('-'))[0] === 'install';
  if (/^python(\d(\.\d+)?)?$/.test(prog)) return c.words[1] === '-m' && c.words[2] === 'pip' && c.words.includes('install');
  return false;
}

function venvPath(c: RunCommand): string | null {
  const prog = basename(c.words[0] ?? '');
  let dir: string | undefined;
  if (/^python(\d(\.\d+)?)?$/.test(prog) && c.words[1] === '-m' && (c.words[2] === 'venv' || c.words[2] === 'virtualenv')) {
    dir = c.words.slice(3).find((w) => !w.startsWith('-'));
  } else if (prog === 'virtualenv' || (prog === 'uv' && c.words[1] === 'venv')) {
    dir = c.words.slice(prog === 'uv' ? 2 : 1).find((w) => !w.startsWith('-')) ?? (prog === 'uv' ? '.venv' : undefined);
  }
  if (!dir || dir.includes('$') || c.cwd === null) return null;
  return resolvePath(c.cwd, dir);
}

function venvProblems(c: RunCommand, line: number): string[] {
  const at = `\`${c.words.slice(0, 3).join(' ')}\` on line ${line}`;
  const out: string[] = [];
  if (c.words.includes('--user'))
    out.push(`${at} installs with --user into the build user's home directory, which a venv refuses; copy that directory by hand`);
  if (c.words.some((w) => /^--(prefix|root)(=|$)/.test(w)))
    out.push(`${at} installs with --prefix/--root; copy that directory and set PYTHONPATH by hand`);
  if (optionValue(c.words, ['--target', '-t']) !== null) out.push(`${at} installs with --target while other pip installs don't`);
  if (c.words[0]!.startsWith('/')) out.push(`${at} calls the interpreter by absolute path, so a venv on PATH would not be used`);
  if (c.user !== null && !/^(root|0)(:.*)?$/.test(c.user)) out.push(`${at} runs as USER ${c.user}, which can't create ${VENV}`);
  return out;
}

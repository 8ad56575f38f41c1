/**
 * Ruby and PHP: the app directory (with vendor/ or a local bundle) moves
 * onto the runtime image of the same line and distro; gems installed into the
 * image's bundle directory are copied too.
 */
import { partnerTag, renderDhiRef } from '../../../src/catalog/mapping.js';
import { basename, isInside, resolvePath } from '../paths.js';
import { unwrap } from '../stage-facts.js';
import { runtimeOnSameDistro } from '../runtime-image.js';
import { appDirectory, optionValue } from './common.js';
import type { EcosystemOutcome, EcosystemPlan, SplitInput } from './types.js';

/** Where the Ruby images' bundler installs gems unless told otherwise (their PATH has its bin). */
const DEFAULT_BUNDLE = '/usr/local/bundle';

/**
 * Ruby's own command-line tools that the DHI ruby runtime images delete (the
 * definitions' cleanup step removes /usr/local/bin/bundle, bundler, gem, irb
 * ...; the libraries stay, so `require "bundler/setup"` works). Executables of
 * the bundle's gems (puma, rackup, rake from the Gemfile) are in
 * /usr/local/bundle/bin, which is copied and on the runtime PATH.
 */
const NOT_IN_RUNTIME = new Set(['bundle', 'bundler', 'gem', 'irb']);

export function rubyPlan(input: SplitInput): EcosystemOutcome {
  const { ctx, facts, image, start } = input;
  const runtime = partnerTag(image.repo, image.tag, 'runtime', ctx.catalog);
  if (!runtime) return { skip: `the catalog has no runtime image for ${image.repo}:${image.tag}`, at: null };
  const program = basename(start?.argv ? (unwrap(start.argv)[0] ?? '') : '');
  // `gem install bundler` puts a bundle executable into the gem directory, which is copied.
  const ownBundler = facts.commands.some(
    (c) => basename(c.words[0] ?? '') === 'gem' && c.words[1] === 'install' && c.words.includes('bundler'),
  );
  if (NOT_IN_RUNTIME.has(program) && !(ownBundler && program.startsWith('bundle'))) {
    const ref = renderDhiRef(runtime.repo, runtime.tag, { registry: ctx.options.registry, namespace: ctx.options.namespace });
    const wrapped = program.startsWith('bundle') && start!.argv!.includes('exec');
    return {
      skip: `the start command runs \`${program}${wrapped ? ' exec' : ''}\`, which ${ref} doesn't have (the DHI ruby runtime images remove bundle, gem and irb); start the app directly${wrapped ? `, e.g. the gem's own executable (gems' executables in ${DEFAULT_BUNDLE}/bin are on the runtime PATH) or \`ruby app.rb\` with require "bundler/setup",` : ''} and run again`,
      at: start!.instructions.at(-1) ?? null,
    };
  }
  const rails = facts.vars.has('RAILS_ENV') || (start?.argv ?? []).some((w) => /(^|\/)rails$|puma/.test(w));
  const app = appDirectory(facts, rails ? { chown: true } : {});
  const plan: EcosystemPlan = { ecosystem: 'ruby', runtime, artifacts: [], notes: [], review: [...app.review] };
  if (rails) plan.notes.push(`the app directory is owned by ${runtime.user} (Rails writes tmp/ and log/)`);

  const installs = facts.commands.filter(
    (c) =>
      (basename(c.words[0] ?? '') === 'bundle' && (c.words[1] === 'install' || c.words.length === 1)) ||
      (basename(c.words[0] ?? '') === 'gem' && c.words[1] === 'install'),
  );
  if (installs.length > 0) {
    const configured = bundlePath(input);
    const gems = configured ?? DEFAULT_BUNDLE;
    if (!app.dir || !isInside(gems, app.dir)) plan.artifacts.push({ path: gems });
    plan.notes.push(`gems stay in ${gems}`);
  }
  plan.artifacts.push(...app.artifacts);
  return plan;
}

/** BUNDLE_PATH, `bundle config set path X`, `bundle install --path X` or `--deployment` (vendor/bundle). */
function bundlePath(input: SplitInput): string | null {
  const { facts } = input;
  let path: string | null = facts.vars.get('BUNDLE_PATH') ?? null;
  for (const c of facts.commands) {
    if (basename(c.words[0] ?? '') !== 'bundle' || c.cwd === null) continue;
    const setAt = c.words.indexOf('set');
    if (c.words[1] === 'config' && setAt > 0) {
      const rest = c.words.slice(setAt + 1).filter((w) => !w.startsWith('--'));
      if (rest[0] === 'path' && rest[1]) path = resolvePath(c.cwd, rest[1]);
      if ((rest[0] === 'deployment' && rest[1] === 'true') || rest[0] === 'deployment') path ??= resolvePath(c.cwd, 'vendor/bundle');
    }
    if (c.words[1] === 'install') {
      const p = optionValue(c.words, ['--path']);
      if (p) path = resolvePath(c.cwd, p);
      else if (c.words.includes('--deployment')) path = resolvePath(c.cwd, 'vendor/bundle');
    }
  }
  return path;
}

export function phpPlan(input: SplitInput): EcosystemOutcome {
  const { ctx, facts, image, start } = input;
  const argv = start?.argv ? unwrap(start.argv) : null;
  const originalTag = ctx.original.stages[facts.stage.index]?.from.ref?.tag ?? '';
  const fpm = /fpm/.test(basename(argv?.[0] ?? '')) || /fpm/.test(originalTag);
  const shape = ctx.catalog.shape(image.repo, image.tag);
  const runtime = fpm
    ? shape && runtimeOnSameDistro(ctx.catalog, image, 'php', shape.version, ['fpm'])
    : partnerTag(image.repo, image.tag, 'runtime', ctx.catalog);
  if (!runtime) return { skip: `the catalog has no PHP${fpm ? '-FPM' : ''} runtime image matching ${image.repo}:${image.tag}`, at: null };
  const app = appDirectory(facts);
  const plan: EcosystemPlan = { ecosystem: 'php', runtime, artifacts: app.artifacts, notes: [], review: [...app.review] };
  if (facts.commands.some((c) => basename(c.words[0] ?? '') === 'composer' && c.words[1] === 'install'))
    plan.notes.push('vendor/ travels with the app directory');
  return plan;
}

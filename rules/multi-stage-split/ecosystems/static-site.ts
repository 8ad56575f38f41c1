/**
 * Static sites: assets built with node and served by nginx move onto the
 * nginx runtime image. Two shapes: a stage on nginx that installs node to
 * build (the built files and nginx config are copied), and a node stage that
 * serves its build directory with a static file server such as `serve`
 * (nginx takes over, which is reported for review: other program, port 8080).
 */
import { partnerTag } from '../../../src/catalog/mapping.js';
import { basename, isInside, resolvePath } from '../paths.js';
import { unwrap } from '../stage-facts.js';
import { runtimeOnSameDistro } from '../runtime-image.js';
import { copiedPath } from './common.js';
import type { EcosystemOutcome, EcosystemPlan, SplitInput } from './types.js';

export const NGINX_ROOT = '/usr/share/nginx/html';
const NGINX_DIRS = ['/usr/share/nginx', '/etc/nginx', '/var/www'];

/** A stage on the nginx build image: copy what it put under nginx's directories. */
export function nginxPlan(input: SplitInput): EcosystemOutcome {
  const { ctx, facts, image } = input;
  const runtime = partnerTag(image.repo, image.tag, 'runtime', ctx.catalog);
  if (!runtime) return { skip: `the catalog has no runtime image for ${image.repo}:${image.tag}`, at: null };
  const plan: EcosystemPlan = { ecosystem: 'static site', runtime, artifacts: [], notes: [], review: [], keepWorkdir: false };
  const paths: { path: string; at: number }[] = [];
  for (const copy of facts.copies) {
    const p = copiedPath(copy.sources, copy.dest);
    if (p) paths.push({ path: p, at: copy.instruction.range.start });
  }
  for (const c of facts.commands) {
    const prog = basename(c.words[0] ?? '');
    if (!['cp', 'mv', 'rsync', 'install'].includes(prog) || c.cwd === null) continue;
    const args = c.words.slice(1).filter((w) => !w.startsWith('-'));
    if (args.length >= 2 && !args.at(-1)!.includes('$'))
      paths.push({ path: resolvePath(c.cwd, args.at(-1)!), at: c.instruction.range.start });
  }
  paths.sort((a, b) => a.at - b.at);
  for (const { path: p } of paths) {
    const served = NGINX_DIRS.some((d) => isInside(p, d)) ? (isInside(p, NGINX_ROOT) ? NGINX_ROOT : p) : null;
    if (served && !plan.artifacts.some((a) => isInside(served, a.path))) plan.artifacts.push({ path: served });
  }
  plan.artifacts = plan.artifacts.filter((a) => !plan.artifacts.some((b) => b !== a && isInside(a.path, b.path)));
  if (plan.artifacts.length === 0)
    plan.review.push(`nothing is written under ${NGINX_DIRS.join(', ')}, so the files nginx serves are unknown`);
  else plan.notes.push('the built site and nginx configuration are copied; the build tools stay in the build stage');
  return plan;
}

const FILE_SERVERS: Record<string, { valueFlags: string[] }> = {
  serve: { valueFlags: ['-l', '--listen', '-p', '--port', '-c', '--config'] },
  'http-server': { valueFlags: ['-p', '--port', '-a', '-c', '-e', '--ext', '-P', '--proxy'] },
};

/** The directory a node stage serves with a static file server, or null. */
export function servedDirectory(input: SplitInput): { server: string; dir: string | null } | null {
  const argv = input.start?.argv ? unwrap(input.start.argv) : null;
  if (!argv) return null;
  let words = argv;
  if (basename(words[0] ?? '') === 'npx') words = words.slice(1).filter((w, i) => i > 0 || !w.startsWith('-'));
  const server = basename(words[0] ?? '');
  const spec = FILE_SERVERS[server];
  if (!spec) return null;
  const rest = words.slice(1);
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i]!;
    if (spec.valueFlags.includes(w)) {
      i++;
      continue;
    }
    if (!w.startsWith('-')) return { server, dir: w };
  }
  return { server, dir: null };
}

/** A node stage that builds a site and serves it with `serve`/`http-server`: nginx serves it instead. */
export function servedSitePlan(input: SplitInput, served: { server: string; dir: string | null }): EcosystemOutcome {
  const { ctx, facts, image } = input;
  const runtime = runtimeOnSameDistro(ctx.catalog, image, 'nginx', null);
  if (!runtime) return { skip: `the catalog has no nginx runtime image on ${image.facts.distro}`, at: null };
  const at = input.start!.instructions.at(-1)!;
  const dir = served.dir ?? '.';
  const plan: EcosystemPlan = {
    ecosystem: 'static site',
    runtime,
    artifacts: facts.cwd === null || dir.includes('$') ? [] : [{ path: resolvePath(facts.cwd, dir), dest: NGINX_ROOT }],
    dropCommand: true,
    keepWorkdir: false,
    notes: [`the built site is served by nginx (the image's own command) instead of \`${served.server}\``],
    review: [
      `${at.keyword} on line ${facts.line(at)} served ${dir} with \`${served.server}\`; nginx now serves it from ${NGINX_ROOT}, listening on port ${(runtime.ports ?? ['8080'])[0]!.replace(/\/.*$/, '')}: check EXPOSE and the published port${input.start!.argv!.includes('-s') ? ', and add a `try_files $uri /index.html` fallback for the single-page app (`-s`)' : ''}`,
    ],
  };
  if (plan.artifacts.length === 0) plan.review.push(`the served directory (${dir}) can't be resolved statically`);
  return plan;
}

#!/usr/bin/env node
/**
 * Generates src/catalog/data/doi-images.json from ../shared/doi-facts.json:
 * what the images people migrate FROM (Docker Official Images, distroless,
 * .NET) run by default, so rules can keep a migrated image's start command
 * the same. Only the fields the rules read are kept: per image the variant
 * rules, and per variant entrypoint, cmd, user, workdir, shell and the kind
 * of entrypoint script, read from the prose `entrypointSemantics`:
 *
 *   none            no ENTRYPOINT (or `ENTRYPOINT []`)
 *   node            node's docker-entrypoint.sh: prepends `node` when the first
 *                   argument is an option or not a command
 *   prepend-option  prepends `program` when the first argument starts with `-`
 *                   (and, with prependOnConf, ends in `.conf`)
 *   passthrough     a script that runs its arguments as given
 *   program         the ENTRYPOINT is the program itself (distroless)
 *
 *   node scripts/generate-doi-facts.mjs [input.json] [--out output.json]
 *
 * The output is committed so the tool works without ../shared; a test fails
 * when it drifts from the generator's output.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainModule, runGenerator } from './lib/generator-cli.mjs';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_INPUT = resolve(REPO_ROOT, '..', 'shared', 'doi-facts.json');
export const DEFAULT_OUTPUT = join(REPO_ROOT, 'src', 'catalog', 'data', 'doi-images.json');

function fail(message) {
  throw new Error(`generate-doi-facts: ${message}`);
}

/** The entrypoint kind of one variant, from its entrypoint and the image's semantics text. */
export function classify(semantics, variant) {
  const ep = variant.entrypoint;
  if (!Array.isArray(ep) || ep.length === 0) return { kind: 'none' };
  const text = semantics ?? '';
  if (/prepends `node`/.test(text)) return { kind: 'node', program: 'node' };
  const named = /prepends? `([\w.-]+)` when the first arg(?:ument)? starts with '-'( or ends in '\.conf')?/.exec(text);
  if (named && variant.cmd?.[0] === named[1])
    return { kind: 'prepend-option', program: named[1], ...(named[2] ? { prependOnConf: true } : {}) };
  if (/first argument starts with '-', prepend the variant's default program/.test(text) && variant.cmd?.[0]) {
    return { kind: 'prepend-option', program: variant.cmd[0] };
  }
  const base = ep[0].split('/').pop();
  if (/entrypoint|\.sh$/.test(base) || base === 'tini') return { kind: 'passthrough' };
  return { kind: 'program' };
}

/** Pure: doi-facts.json object -> compact data (keys sorted, so output is stable). */
export function buildDoiData(raw) {
  if (!raw || typeof raw !== 'object' || !raw.images || typeof raw.images !== 'object') fail('input has no "images" object');
  const images = {};
  for (const name of Object.keys(raw.images).sort()) {
    const image = raw.images[name];
    if (!Array.isArray(image.variantRules) || !image.variants) fail(`${name}: missing variantRules or variants`);
    const variants = {};
    for (const vname of Object.keys(image.variants).sort()) {
      const v = image.variants[vname];
      if (typeof v.user !== 'string' || typeof v.shell !== 'boolean') fail(`${name}/${vname}: missing user or shell`);
      variants[vname] = {
        entrypoint: v.entrypoint ?? null,
        cmd: v.cmd ?? null,
        user: v.user,
        workdir: v.workdir ?? null,
        shell: v.shell,
        ...classify(image.entrypointSemantics, v),
      };
    }
    // Rules may name variants the facts don't describe (windows, curl ...): a tag
    // matching one of those has no facts, which the loader reports as unknown.
    images[name] = { variantRules: image.variantRules, variants };
  }
  return {
    generatedBy: 'scripts/generate-doi-facts.mjs',
    source: '../shared/doi-facts.json',
    about: 'Default ENTRYPOINT/CMD/USER of the images people migrate from',
    images,
  };
}

export function generate(rawText) {
  return JSON.stringify(buildDoiData(JSON.parse(rawText)), null, 1) + '\n';
}

if (isMainModule(import.meta.url)) {
  runGenerator({
    name: 'generate-doi-facts',
    defaultInput: DEFAULT_INPUT,
    defaultOutput: DEFAULT_OUTPUT,
    generate,
    summary: (result) => `${Object.keys(JSON.parse(result).images).length} images`,
  });
}

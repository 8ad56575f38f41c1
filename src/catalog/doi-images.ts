/**
 * What the images people migrate FROM (Docker Official Images, distroless,
 * .NET) run by default: generated data (data/doi-images.json, from
 * ../shared/doi-facts.json by scripts/generate-doi-facts.mjs), so a rule can
 * compare the original start command with the DHI image's.
 */
import { readFileSync } from 'node:fs';
import type { ImageRef } from '../dockerfile/image-ref.js';
import { catalogDataFile } from './data-path.js';

export type EntrypointKind = 'none' | 'node' | 'prepend-option' | 'passthrough' | 'program';

export interface DoiVariant {
  entrypoint: string[] | null;
  cmd: string[] | null;
  user: string;
  workdir: string | null;
  shell: boolean;
  kind: EntrypointKind;
  /** The program the entrypoint script puts in front (node, redis-server ...). */
  program?: string;
  /** redis/valkey also prepend for a first argument ending in `.conf`. */
  prependOnConf?: boolean;
}

export interface DoiImage extends DoiVariant {
  /** `node`, `gcr.io/distroless/nodejs` ... */
  image: string;
  variant: string;
  /** The reference as the Dockerfile wrote it, for messages. */
  label: string;
}

interface DoiData {
  images: Record<string, { variantRules: [string, string][]; variants: Record<string, DoiVariant> }>;
}

let cached: DoiData | undefined;

function data(): DoiData {
  return (cached ??= JSON.parse(readFileSync(catalogDataFile('doi-images.json'), 'utf8')) as DoiData);
}

/** Default runtime facts of a source image, or null when the image (or its variant) isn't described. */
export function doiImage(ref: ImageRef): DoiImage | null {
  const images = data().images;
  const name = lookupName(ref.name, images);
  if (!name) return null;
  const entry = images[name]!;
  const tag = (ref.tag ?? 'latest').toLowerCase();
  const rule = entry.variantRules.find(([pattern]) => pattern === '*' || compiled(pattern).test(tag));
  const variant = rule ? entry.variants[rule[1]] : undefined;
  if (!rule || !variant) return null;
  return { ...variant, image: name, variant: rule[1], label: ref.raw };
}

/** The data's variant patterns, each compiled once (asked for every stage in every pass). */
const patterns = new Map<string, RegExp>();
function compiled(pattern: string): RegExp {
  let re = patterns.get(pattern);
  if (re === undefined) patterns.set(pattern, (re = new RegExp(pattern)));
  return re;
}

/** `gcr.io/distroless/nodejs22-debian13` -> `gcr.io/distroless/nodejs`. */
function lookupName(name: string, images: DoiData['images']): string | null {
  if (images[name]) return name;
  const m = /^(gcr\.io\/distroless\/[a-z0-9]+?)(\d*)(-debian\d+)?$/.exec(name);
  if (m) {
    for (const candidate of [`${m[1]}${m[2]}`, m[1]!]) if (images[candidate]) return candidate;
  }
  return null;
}

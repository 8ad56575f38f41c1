/**
 * The DHI image a stage runs on, with its catalog facts. Rules that harden or
 * split stages act only on stages already moved to DHI (by base-image in an
 * earlier pass), which keeps them independent of rule order and idempotent.
 */
import type { DockerfileModel } from '../dockerfile/model.js';
import type { ImageRef } from '../dockerfile/image-ref.js';
import type { Catalog, ImageFacts } from './catalog.js';
import { isDhiReference, type Mirror } from './mapping.js';

export interface StageImage {
  repo: string;
  tag: string;
  facts: ImageFacts;
  /** Build image: `-dev`, `-sdk`, or any variant that runs as root with a shell. */
  isBuildImage: boolean;
  /** Index of the stage whose FROM names the image (differs when `FROM <stage>`). */
  fromStage: number;
}

/** Repository and tag of a DHI reference in any accepted spelling, or null. */
export function dhiRepoTag(ref: ImageRef, mirror: Mirror): { repo: string; tag: string } | null {
  if (!ref.tag || !isDhiReference(ref, mirror)) return null;
  const last = ref.path.split('/').pop()!.toLowerCase();
  const repo = last.startsWith('dhi-') && ref.registry?.toLowerCase() !== 'dhi.io' ? last.slice(4) : last;
  return { repo, tag: ref.tag };
}

/**
 * Answers per model, since the model is read-only: every hardening rule asks
 * for every stage, once per pass. Keyed by what else the answer depends on;
 * the catalog is checked by identity (one catalog per run in practice).
 */
const answers = new WeakMap<DockerfileModel, { catalog: Catalog; byKey: Map<string, StageImage | null> }>();

export function stageImage(model: DockerfileModel, stageIndex: number, catalog: Catalog, mirror: Mirror): StageImage | null {
  let memo = answers.get(model);
  if (memo === undefined || memo.catalog !== catalog) answers.set(model, (memo = { catalog, byKey: new Map() }));
  const key = `${stageIndex}\u0000${mirror.registry ?? ''}\u0000${mirror.namespace ?? ''}`;
  let answer = memo.byKey.get(key);
  if (answer === undefined) memo.byKey.set(key, (answer = findStageImage(model, stageIndex, catalog, mirror)));
  return answer;
}

function findStageImage(model: DockerfileModel, stageIndex: number, catalog: Catalog, mirror: Mirror): StageImage | null {
  let index = stageIndex;
  const seen = new Set<number>();
  while (model.stages[index]?.from.baseStage != null && !seen.has(index)) {
    seen.add(index);
    index = model.stages[index]!.from.baseStage!;
  }
  const ref = model.stages[index]?.from.ref;
  if (!ref) return null;
  const rt = dhiRepoTag(ref, mirror);
  if (!rt) return null;
  const facts = catalog.facts(rt.repo, rt.tag);
  if (!facts) return null;
  const isBuildImage = facts.variant === 'dev' || (facts.uid === 0 && facts.shell);
  return Object.freeze({ ...rt, facts, isBuildImage, fromStage: index });
}

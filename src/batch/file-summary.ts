/**
 * Condenses one file's FileResult into what the batch report keeps: images
 * (migrated, unmapped with the reason, already on DHI), applied changes by
 * rule, and the follow-ups a human must look at. The diff is not kept: it
 * goes to the patch file as soon as it exists.
 */
import { isDhiReference } from '../catalog/mapping.js';
import { parseImageRef } from '../dockerfile/image-ref.js';
import type { MigrateOptions } from '../engine/options.js';
import { byPosition } from '../report/json.js';
import type { FileResult } from '../report/types.js';
import type { BatchFile, BatchImage, FollowUp, RepoSummary } from './types.js';

export function summarizeFile(result: FileResult, options: MigrateOptions): BatchFile {
  const mirror = { registry: options.registry, namespace: options.namespace };
  const images: BatchImage[] = [...result.images]
    .sort((a, b) => a.line - b.line)
    .map((image) => {
      const ref = parseImageRef(image.from);
      const status = image.to !== null ? 'migrated' : ref && isDhiReference(ref, mirror) ? 'already-dhi' : 'unmapped';
      const out: BatchImage = { line: image.line, from: image.from, to: image.to, stage: image.stage, role: image.role, status };
      if (image.addedBy !== undefined) out.addedBy = image.addedBy;
      if (status === 'unmapped') out.reason = image.reason ?? `${image.from}: left untouched`;
      return out;
    });

  // An unmapped image's reason is listed with the image, not again as a follow-up.
  const reasons = new Set(images.filter((i) => i.status === 'unmapped').map((i) => `${i.line}\0${i.reason}`));
  const findings = [...result.findings].sort(byPosition);
  const changesByRule: Record<string, number> = {};
  for (const f of findings) if (f.applied) changesByRule[f.ruleId] = (changesByRule[f.ruleId] ?? 0) + 1;
  const followUps: FollowUp[] = findings
    // The same selection as the terminal summary: everything but applied changes.
    .filter((f) => f.severity !== 'change' || !f.applied)
    .filter((f) => !reasons.has(`${f.line}\0${f.message}`))
    .map((f) => ({ line: f.line, severity: f.severity, ruleId: f.ruleId, message: f.message }));

  return {
    path: result.path,
    status: result.status,
    ...(result.error !== undefined ? { error: result.error } : {}),
    images,
    changesByRule: sortKeys(changesByRule),
    followUps,
  };
}

export function summarizeRepo(files: BatchFile[]): RepoSummary {
  const count = (status: BatchFile['status']) => files.filter((f) => f.status === status).length;
  const images = files.flatMap((f) => f.images);
  const followUps = files.flatMap((f) => f.followUps);
  return {
    files: files.length,
    changed: count('changed'),
    unchanged: count('unchanged'),
    errors: count('error'),
    skipped: count('skipped'),
    images: images.length,
    migrated: images.filter((i) => i.status === 'migrated').length,
    unmapped: images.filter((i) => i.status === 'unmapped').length,
    alreadyDhi: images.filter((i) => i.status === 'already-dhi').length,
    warnings: followUps.filter((f) => f.severity === 'warning').length,
    followUps: followUps.length,
  };
}

export function sortKeys<V>(record: Record<string, V>): Record<string, V> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

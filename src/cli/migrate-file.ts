/**
 * One Dockerfile through the whole pipeline: read, decode, migrate, diff.
 * Shared by the single-repository CLI and batch mode; never writes.
 */
import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';
import { migrateText, EngineError } from '../engine/engine.js';
import type { MigrateOptions } from '../engine/options.js';
import type { BuildContext, Rule } from '../engine/types.js';
import type { Catalog } from '../catalog/catalog.js';
import type { Decoded } from '../io/decode.js';
import { encodeDockerfile } from '../io/decode.js';
import { unifiedDiff } from '../report/unified-diff.js';
import type { FileResult, ImageChange } from '../report/types.js';
import type { DockerfileModel } from '../dockerfile/model.js';
import type { ReportedFinding } from '../engine/types.js';

export interface FileMigration {
  result: FileResult;
  /** New bytes to write when the file changed (BOM restored). */
  outputBytes: Buffer | null;
  output: string;
}

export interface MigrateFileInput {
  /** Path shown in diffs and reports (relative to the cwd when possible). */
  displayPath: string;
  decoded: Decoded;
  /** Directory used as the build context; null for stdin. */
  contextDir: string | null;
  rules: readonly Rule[];
  catalog: Catalog;
  options: MigrateOptions;
}

/** Reads files next to the Dockerfile, only when a rule asks, never outside the directory. */
export function directoryContext(dir: string | null): BuildContext {
  if (dir === null) return { readFile: () => undefined };
  return {
    readFile(relativePath: string) {
      if (relativePath.includes('..')) return undefined;
      try {
        return readFileSync(join(dir, relativePath), 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

export function migrateDecoded(input: MigrateFileInput): FileMigration {
  const { decoded, displayPath } = input;
  try {
    const res = migrateText({
      text: decoded.text,
      rules: input.rules,
      catalog: input.catalog,
      options: input.options,
      buildContext: directoryContext(input.contextDir),
    });
    const changed = res.output !== decoded.text;
    const diff = changed ? unifiedDiff(displayPath, decoded.text, res.output, { bom: decoded.bom }) : '';
    return {
      result: {
        path: displayPath,
        status: changed ? 'changed' : 'unchanged',
        findings: res.findings,
        diff,
        images: describeImages(res.inputModel, res.outputModel, res.findings),
      },
      outputBytes: changed ? encodeDockerfile(res.output, decoded.bom) : null,
      output: res.output,
    };
  } catch (err) {
    const message = err instanceof EngineError ? err.message : `internal error (this is a bug, please report it): ${err instanceof Error ? err.message : String(err)}`;
    return { result: errorResult(displayPath, message), outputBytes: null, output: decoded.text };
  }
}

export function errorResult(path: string, message: string): FileResult {
  return { path, status: 'error', error: message, findings: [], diff: '', images: [] };
}

/** Which base image each original stage had and what it has now. */
function describeImages(before: DockerfileModel, after: DockerfileModel, findings: ReportedFinding[]): ImageChange[] {
  const changes: ImageChange[] = [];
  for (const stage of before.stages) {
    const from = stage.from;
    if (from.baseStage !== null || from.imageText === null) continue;
    if (from.ref?.name === 'scratch') continue;
    const line = from.instruction.startLine + 1;
    const now = after.stages[stage.index]?.from.resolvedImage ?? null;
    const original = from.resolvedImage ?? from.imageText;
    const to = now !== null && now !== original ? now : null;
    const change: ImageChange = { line, from: original, to, stage: stage.name, role: stage.role };
    if (to === null) {
      const why = findings.find((f) => f.ruleId === 'base-image' && f.line === line && !f.applied);
      if (why) change.reason = why.message;
    }
    changes.push(change);
  }
  return changes;
}

export function contextDirOf(realPath: string): string {
  return dirname(realPath);
}

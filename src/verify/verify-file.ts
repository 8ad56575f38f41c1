/**
 * Verifies one Dockerfile: builds the original in place and the migrated text
 * from a temp folder (with the original folder as build context), reads what
 * each image runs, then removes the images. Never writes next to the user's
 * files and never pushes.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Builder, BuildRequest } from './builders.js';
import { logTail } from './build-log.js';
import { combinedCommand } from './effective-command.js';
import { runsAsRoot } from './image-user.js';
import { verdict, warningsFor, type FileVerification, type SideReport } from './report.js';

export interface VerifyFileInput {
  displayPath: string;
  /** Absolute path of the Dockerfile; its folder is the build context. */
  realPath: string;
  originalBytes: Buffer;
  /** The migrated file's bytes; null when the migration changes nothing. */
  migratedBytes: Buffer | null;
  builder: Builder;
  target: string | null;
  pull: boolean;
  buildTimeoutMs: number;
  keepImages: boolean;
  progress: (message: string) => void;
}

/** `dhi-migrate-verify/<hash>`: stable for one file's path and content. */
export function imageRepoFor(realPath: string, originalBytes: Buffer): string {
  const hash = createHash('sha256').update(realPath).update('\0').update(originalBytes).digest('hex').slice(0, 12);
  return `dhi-migrate-verify/${hash}`;
}

async function buildSide(builder: Builder, req: BuildRequest): Promise<SideReport> {
  const b = await builder.build(req);
  const side: SideReport = {
    image: req.tag,
    build: b.ok
      ? { ok: true, durationMs: b.durationMs }
      : {
          ok: false,
          durationMs: b.durationMs,
          failedStep: b.failedStep,
          failedStage: b.failedStage,
          error: b.error,
          logTail: logTail(b.log),
        },
    user: null,
    uid: null,
    root: null,
    entrypoint: null,
    cmd: null,
    command: null,
    shell: null,
    sizeBytes: null,
  };
  if (!b.ok) return side;
  const f = await builder.facts(req.tag);
  return {
    ...side,
    user: f.user,
    uid: f.uid,
    root: runsAsRoot(f.user, f.uid),
    entrypoint: f.entrypoint,
    cmd: f.cmd,
    command: combinedCommand(f),
    shell: f.shell,
    sizeBytes: f.sizeBytes,
  };
}

export async function verifyFile(input: VerifyFileInput): Promise<FileVerification> {
  const { builder, realPath } = input;
  const repo = imageRepoFor(realPath, input.originalBytes);
  const context = path.dirname(realPath);
  const request = (dockerfile: string, tag: string): BuildRequest => ({
    dockerfile,
    context,
    tag,
    target: input.target,
    pull: input.pull,
    timeoutMs: input.buildTimeoutMs,
  });
  const changed = input.migratedBytes !== null;
  const built: string[] = [];
  let tmp: string | null = null;
  let before: SideReport | null = null;
  let after: SideReport | null = null;
  try {
    if (changed) {
      input.progress(`building ${input.displayPath} (original)`);
      built.push(`${repo}:before`);
      before = await buildSide(builder, request(realPath, `${repo}:before`));
      tmp = mkdtempSync(path.join(os.tmpdir(), 'dhi-migrate-verify-'));
      const name = path.basename(realPath);
      writeFileSync(path.join(tmp, name), input.migratedBytes!);
      // BuildKit reads `<Dockerfile>.dockerignore` next to the Dockerfile before the context's .dockerignore.
      const ignore = `${realPath}.dockerignore`;
      if (existsSync(ignore)) copyFileSync(ignore, path.join(tmp, `${name}.dockerignore`));
      input.progress(`building ${input.displayPath} (migrated)`);
      built.push(`${repo}:after`);
      after = await buildSide(builder, request(path.join(tmp, name), `${repo}:after`));
    } else {
      input.progress(`building ${input.displayPath} (already migrated: built once)`);
      built.push(`${repo}:after`);
      after = await buildSide(builder, request(realPath, `${repo}:after`));
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { path: input.displayPath, status: 'error', changed, error: message, warnings: [], before, after };
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    if (!input.keepImages) for (const tag of built) await builder.remove(tag);
  }
  return { path: input.displayPath, status: verdict(after), changed, warnings: warningsFor(before, after), before, after };
}

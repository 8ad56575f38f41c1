/**
 * The verify report: its JSON shape, the verdict per file, the exit code, and
 * the human table. Pure.
 */
import { formatArgv } from './effective-command.js';
import { describeUser } from './image-user.js';

export interface BuildSummary {
  ok: boolean;
  durationMs: number;
  failedStep?: string;
  failedStage?: string;
  error?: string;
  /** Last lines of the builder's log (failed builds only). */
  logTail?: string[];
}

/** One build (original or migrated) and, when it built, what the image runs. */
export interface SideReport {
  /** Tag the image was built as, e.g. `dhi-migrate-verify/1a2b3c4d5e6f:after`. */
  image: string;
  build: BuildSummary;
  /** USER as configured ("" when unset, i.e. root). null: no image. */
  user: string | null;
  uid: number | null;
  root: boolean | null;
  entrypoint: string[] | null;
  cmd: string[] | null;
  /** ENTRYPOINT + CMD as `docker run` executes them. null: no image. */
  command: string[] | null;
  /** /bin/sh present. null: no image, or the builder could not tell. */
  shell: boolean | null;
  sizeBytes: number | null;
}

export type VerifyStatus = 'ok' | 'build-failed' | 'runs-as-root' | 'error';

export interface FileVerification {
  path: string;
  status: VerifyStatus;
  /** Whether the migration changed the file. Unchanged files are built once, as `after`. */
  changed: boolean;
  /** Why the file could not be verified (status "error"). */
  error?: string;
  warnings: string[];
  before: SideReport | null;
  after: SideReport | null;
}

export interface VerifyReport {
  version: string;
  builder: string;
  /** Images were left in the builder's store (--keep-images). */
  keptImages: boolean;
  /** Every migrated build succeeded and runs as non-root. */
  ok: boolean;
  files: FileVerification[];
}

export function verdict(after: SideReport | null): VerifyStatus {
  if (after === null) return 'error';
  if (!after.build.ok) return 'build-failed';
  if (after.root) return 'runs-as-root';
  return 'ok';
}

/** Things worth a human's attention even when the verdict is ok. */
export function warningsFor(before: SideReport | null, after: SideReport | null): string[] {
  const out: string[] = [];
  if (before && !before.build.ok) out.push('the original Dockerfile does not build either');
  const cmd = after?.command;
  if (after?.shell === false && cmd && cmd.length > 0 && /(^|\/)(sh|bash|ash|dash)$/.test(cmd[0]!)) {
    out.push(`the migrated image has no shell but its command starts ${cmd[0]}`);
  }
  if (after?.build.ok && cmd && cmd.length === 0) out.push('the migrated image has neither ENTRYPOINT nor CMD');
  return out;
}

/** 2: a path or file the user gave could not be read or migrated; 1: some migrated image is not ok. */
export function exitCodeFor(files: readonly FileVerification[], inputError: boolean): 0 | 1 | 2 {
  if (inputError) return 2;
  return files.some((f) => f.status !== 'ok') ? 1 : 0;
}

const VERDICT_TEXT: Record<VerifyStatus, string> = {
  ok: 'ok',
  'build-failed': 'FAILED: the migrated Dockerfile does not build',
  'runs-as-root': 'FAILED: the migrated image runs as root',
  error: 'not verified',
};

export function formatSize(bytes: number | null): string {
  if (bytes === null) return '?';
  const units = ['B', 'kB', 'MB', 'GB'];
  let n = bytes;
  let i = 0;
  for (; n >= 1000 && i < units.length - 1; i++) n /= 1000;
  return i === 0 ? `${n} B` : `${n.toFixed(n < 10 ? 1 : 0)} ${units[i]}`;
}

function buildCell(b: BuildSummary): string {
  const secs = `${(b.durationMs / 1000).toFixed(1)} s`;
  if (b.ok) return `ok (${secs})`;
  const stage = b.failedStage ? ` (stage ${b.failedStage})` : '';
  return b.failedStep ? `FAILED at ${b.failedStep}${stage}` : 'FAILED';
}

function rows(side: SideReport | null, unchanged: boolean): Record<string, string> {
  if (side === null) return { build: unchanged ? 'unchanged' : '-' };
  const r: Record<string, string> = { build: buildCell(side.build) };
  if (!side.build.ok) {
    if (side.build.error) r.error = side.build.error;
    return r;
  }
  r.user = describeUser(side.user ?? '', side.uid);
  r.command = side.command && side.command.length > 0 ? formatArgv(side.command) : '(none)';
  r.shell = side.shell === null ? 'unknown' : side.shell ? 'yes' : 'no';
  r.size = formatSize(side.sizeBytes);
  return r;
}

/** Aligned three-column block per file, then its verdict and warnings. */
export function formatHuman(report: VerifyReport): string {
  const out: string[] = [];
  for (const f of report.files) {
    out.push(f.path);
    if (f.status === 'error' && !f.after) {
      out.push(`  not verified: ${f.error ?? 'unknown error'}`, '');
      continue;
    }
    const before = rows(f.before, !f.changed);
    const after = rows(f.after, false);
    const labels = ['build', 'error', 'user', 'command', 'shell', 'size'].filter((l) => l in before || l in after);
    const table = [['', 'original', 'migrated'], ...labels.map((l) => [l, before[l] ?? '', after[l] ?? ''])];
    const w0 = Math.max(...table.map((r) => r[0]!.length));
    const w1 = Math.max(...table.map((r) => r[1]!.length));
    for (const [a, b, c] of table) out.push(`  ${a!.padEnd(w0)}  ${b!.padEnd(w1)}  ${c}`.trimEnd());
    for (const w of f.warnings) out.push(`  warning: ${w}`);
    out.push(`  => ${VERDICT_TEXT[f.status]}`, '');
  }
  return out.join('\n');
}

export function formatSummaryLine(report: VerifyReport): string {
  const count = (s: VerifyStatus) => report.files.filter((f) => f.status === s).length;
  const n = report.files.length;
  return (
    `verified ${n} file${n === 1 ? '' : 's'} with ${report.builder}: ${count('ok')} ok, ` +
    `${count('build-failed')} failed to build, ${count('runs-as-root')} run as root, ${count('error')} not verified\n`
  );
}

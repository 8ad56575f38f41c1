/**
 * Kill safety (issue #7): the real CLI rewrites a large tree with --write and
 * is SIGKILLed at several moments. Afterwards every Dockerfile must be exactly
 * its old or exactly its new content (never partial, never empty), keep its
 * mode, and any leftover temp file must be one that no later run could take
 * for a Dockerfile. Kills are timed by progress (sampled files turning new),
 * not by the clock, so they land mid-run on a fast or a loaded machine.
 *
 * Needs the build (`npm test` builds first); skipped, visibly, without dist/.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { comparePaths, discoverDockerfiles, isDockerfileName } from '../src/io/discover.js';

const repoRoot = join(import.meta.dirname, '..');
const bin = join(repoRoot, 'bin', 'dhi-migrate.js');
const built = existsSync(join(repoRoot, 'dist', 'bundle', 'main.js'));

const FILES = 2000;
/** Small templates, each used for many files. */
const TEMPLATES = [
  'FROM node:24-alpine\nCMD ["node", "server.js"]\n',
  'FROM python:3.12-slim-bookworm AS build\nRUN pip install flask\nFROM python:3.12-slim-bookworm\nCOPY --from=build /usr/local /usr/local\nCMD ["python3", "-m", "flask", "run"]\n',
  'FROM golang:1.26 AS b\r\nRUN go build -o /app .\r\nFROM gcr.io/distroless/static\r\nCOPY --from=b /app /app\r\n',
  '\uFEFFFROM nginx:1.27-alpine\nCOPY site /usr/share/nginx/html\n',
  '# syntax=docker/dockerfile:1\nARG BASE=redis:7\nFROM ${BASE}\n',
  'FROM mycorp/base:1\nRUN true\n',
  'FROM dhi.io/python:3.12\nCMD ["python3"]\n',
  'FROM eclipse-temurin:21-jre\nCOPY app.jar /app.jar\nENTRYPOINT ["java", "-jar", "/app.jar"]\n',
];
/** A few large files (still under the 5 MiB cap), so some writes are big. */
function largeTemplate(kib: number, seed: number): string {
  const line = `RUN echo "padding line ${seed} ........................................................"\n`;
  return `FROM python:3.12-slim AS build${seed}\n${line.repeat(Math.ceil((kib * 1024) / line.length))}FROM python:3.12-slim\nCMD ["python3"]\n`;
}
const LARGE = [largeTemplate(512, 1), largeTemplate(256, 2), largeTemplate(256, 3), largeTemplate(128, 4)];
const NAMES = ['Dockerfile', 'Dockerfile.prod', 'api.Dockerfile', 'Containerfile'];
/** Progress (share of the changing files written) at which each run is killed. */
const KILL_AT = [0.05, 0.35, 0.7];

interface Planned {
  rel: string;
  content: string;
  mode: number;
  large: boolean;
}

function plan(): Planned[] {
  const files: Planned[] = [];
  for (let i = 0; i < FILES; i++) {
    const large = i % 500 === 250 ? LARGE[(i / 500) | 0] : undefined;
    files.push({
      rel: join(`svc${String(i % 40).padStart(2, '0')}`, `m${String((i / 40) | 0).padStart(2, '0')}`, NAMES[i % NAMES.length]!),
      content: large ?? TEMPLATES[i % TEMPLATES.length]!,
      mode: i % 7 === 0 ? 0o640 : 0o644,
      large: large !== undefined,
    });
  }
  // The order the CLI processes them in (discovery sorts this way).
  return files.sort((a, b) => comparePaths(a.rel, b.rel));
}

function materialise(dir: string, files: { rel: string; content: string; mode: number }[]): void {
  for (const f of files) {
    mkdirSync(join(dir, f.rel, '..'), { recursive: true });
    writeFileSync(join(dir, f.rel), f.content);
    chmodSync(join(dir, f.rel), f.mode);
  }
}

function allFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(relative(dir, join(entry.parentPath, entry.name)));
  }
  return out.sort();
}

/**
 * Runs --write and SIGKILLs it once `killAfter` of the sampled files hold
 * their new content: progress-based, so the kill lands mid-run however fast
 * or loaded the machine is.
 */
async function runAndKill(dir: string, samples: { path: string; next: string }[], killAfter: number) {
  const child = spawn(process.execPath, [bin, '--write', '-q', dir], { stdio: 'ignore' });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  let running = true;
  void exited.then(() => (running = false));
  while (running) {
    const written = samples.filter((s) => readFileSync(s.path, 'utf8') === s.next).length;
    if (written >= killAfter) {
      child.kill('SIGKILL');
      break;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return exited;
}

const work = mkdtempSync(join(tmpdir(), 'dhi-kill-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('SIGKILL during --write over a large tree', () => {
  it.skipIf(!built)(
    `every file is whole: old or new content, mode kept, no temp file that looks like a Dockerfile${built ? '' : ' (SKIPPED: dist missing, run npm run build)'}`,
    { timeout: 300_000 },
    async () => {
      const files = plan();

      const t0 = performance.now();
      // Each template's new content, from the same binary on one copy of each.
      const templates = [...new Set(files.map((f) => f.content))];
      const probe = join(work, 'templates');
      materialise(
        probe,
        templates.map((content, i) => ({ rel: join(`t${i}`, 'Dockerfile'), content, mode: 0o644 })),
      );
      const done = spawnSync(process.execPath, [bin, '--write', '-q', probe], { encoding: 'utf8' });
      expect(done.status, done.stderr).toBe(0);
      const after = new Map(templates.map((content, i) => [content, readFileSync(join(probe, `t${i}`, 'Dockerfile'), 'utf8')] as const));
      const changing = files.filter((f) => after.get(f.content) !== f.content);
      expect(changing.length).toBeGreaterThan(FILES / 2);

      const report: string[] = [`templates migrated in ${Math.round(performance.now() - t0)} ms`];
      let sawMixed = false;
      for (const fraction of KILL_AT) {
        const tree = join(work, `kill-${fraction}`);
        const made = performance.now();
        materialise(tree, files);
        report.push(`tree written in ${Math.round(performance.now() - made)} ms`);
        // Every 100th changing (small) file, in processing order.
        const samples = changing
          .filter((f, i) => !f.large && i % 100 === 50)
          .map((f) => ({ path: join(tree, f.rel), next: after.get(f.content)! }));
        const started = performance.now();
        const exit = await runAndKill(tree, samples, Math.max(1, Math.round(fraction * samples.length)));
        const ms = Math.round(performance.now() - started);

        const planned = new Map(files.map((f) => [f.rel, f] as const));
        let olds = 0;
        let news = 0;
        const temps: string[] = [];
        for (const rel of allFiles(tree)) {
          const f = planned.get(rel);
          if (!f) {
            temps.push(rel);
            continue;
          }
          const content = readFileSync(join(tree, rel), 'utf8');
          const next = after.get(f.content)!;
          const isOld = content === f.content;
          const isNew = content === next;
          expect(isOld || isNew, `${rel} after a kill at ${ms} ms is neither old nor new (${content.length} chars)`).toBe(true);
          expect(statSync(join(tree, rel)).mode & 0o777, `${rel} mode`).toBe(f.mode);
          if (next !== f.content) {
            if (isNew) news++;
            else olds++;
          }
        }
        // A killed writer can leave its temp file; it must never pass for a Dockerfile.
        for (const temp of temps) {
          expect(basename(temp)).toMatch(/^\..*\.dhi-migrate-\d+-[0-9a-f]+\.tmp$/);
          expect(isDockerfileName(basename(temp)), temp).toBe(false);
        }
        expect(discoverDockerfiles([tree]).files).toHaveLength(FILES);
        if (olds > 0 && news > 0) sawMixed = true;
        report.push(
          `killed at ${ms} ms (${exit.signal ?? `exit ${exit.code}`}): ${news} of ${changing.length} changing files new, ${olds} still old, ${temps.length} temp file(s) left`,
        );
        report.push(`checked in ${Math.round(performance.now() - started - ms)} ms`);
        rmSync(tree, { recursive: true, force: true });
      }
      console.log(`kill test, ${FILES} files (${LARGE.length} of 128-512 KiB):\n${report.join('\n')}`);
      // The kills must have landed mid-run, or the test proved nothing.
      expect(sawMixed, report.join('\n')).toBe(true);
    },
  );
});

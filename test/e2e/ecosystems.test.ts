/**
 * End-to-end per ecosystem: the tool itself migrates fixtures/e2e/<case>/Dockerfile
 * (in process, every rule, as test/fixtures.test.ts runs it), then buildah builds
 * the original (on Docker Official Image stand-ins) and the migrated file (on DHI
 * stand-ins), runs both the way `docker run` would and compares them: both build
 * (so every `COPY --from=build` found what the build stage really produced, see
 * scripts/standins/build-tools.sh), the migrated image runs the same program with
 * the same arguments in the same directory, as its runtime image's non-root user
 * from the catalog, and has a shell only when the catalog says that image has one.
 *
 * Expectations (the runtime image, the program, the files) are written by hand
 * from what a careful migration must produce, not copied from the tool's output.
 * Where the migration changes something on purpose (nginx serves a site that
 * `serve` served, PHP's binary lives under /opt), the case says so and asserts
 * the exact new value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrateText } from '../../src/engine/engine.js';
import { withDefaults } from '../../src/engine/options.js';
import { Catalog } from '../../src/catalog/catalog.js';
import { allRules } from '../../rules/index.js';
import { directoryContext } from '../../src/cli/migrate-file.js';
import { expectDhiRefsExist } from '../support.js';
import { BuildahEnv, e2eSkipReason } from './harness.js';
import type { BuildResult, RunResult } from './harness.js';

const casesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/e2e');

interface EcosystemCase {
  name: string;
  /** The image the migrated final stage must run on. */
  runtime: string;
  /** `[program, ...args]` the original runs (the fake binary's argv0 and arguments). */
  ran: string[];
  /** The uid the original runs as (the official image's or the Dockerfile's USER). */
  originalUid: number;
  /** Working directory of the original (and of the migrated image unless `migratedCwd`). */
  cwd: string;
  /** Files the build stage produced that the runtime stage must have received. */
  artifacts: string[];
  /** Set when the migration changes the program on purpose; says why. */
  migratedRan?: { ran: string[]; why: string };
  migratedCwd?: { cwd: string; why: string };
  /** Set when the migrated image keeps a non-root USER of the Dockerfile's own; says why. */
  migratedUser?: { uid: number; why: string };
  /** Rules whose warnings (review items) the migration must report; none unless listed. */
  warnings?: string[];
  /** Environment the app must still see in the migrated image. */
  env?: Record<string, string>;
  /** FROM lines (image, stage name) the migrated file must have, when the structure itself is the point. */
  stages?: [string, string | null][];
  /** More checks on the migrated run. */
  extra?: (r: { original: RunResult; migrated: RunResult; env: BuildahEnv; tag: string }) => Promise<void> | void;
}

const CASES: EcosystemCase[] = [
  {
    name: 'node-api',
    runtime: 'dhi.io/node:22-debian12',
    ran: ['node', 'server.js'],
    originalUid: 0,
    cwd: '/usr/src/app',
    artifacts: ['/usr/src/app/node_modules/.package-lock.json', '/usr/src/app/server.js'],
    env: { NODE_ENV: 'production' },
    async extra({ env, tag }) {
      // The app directory is handed to the runtime user (the split's --chown).
      expect(await env.fileInfo(tag, '/usr/src/app/node_modules')).toMatchObject({ type: 'dir', uid: 1000, gid: 1000 });
    },
  },
  {
    name: 'python-flask',
    runtime: 'dhi.io/python:3.12',
    ran: ['python', 'app.py'],
    originalUid: 0,
    cwd: '/app',
    // pip installed into a venv the split created in the build stage; the app beside it.
    artifacts: ['/opt/venv/lib/python3/site-packages/flask', '/opt/venv/lib/python3/site-packages/gunicorn', '/app/app.py'],
    env: { PYTHONUNBUFFERED: '1' },
    async extra({ original, migrated, env, tag }) {
      // Same interpreter, now found through the venv (whose python links to the image's python).
      expect(original.report?.argv[0]).toBe('/usr/local/bin/python');
      expect(migrated.report?.argv[0]).toBe('/opt/venv/bin/python');
      expect(migrated.report?.env.PATH).toMatch(/^\/opt\/venv\/bin:/);
      expect(await env.fileInfo(tag, '/opt/venv/bin/python')).toMatchObject({ type: 'symlink' });
      // Build-only settings stay in the build stage.
      expect(migrated.report?.env).not.toHaveProperty('PIP_NO_CACHE_DIR');
    },
  },
  {
    name: 'go-static',
    runtime: 'dhi.io/static:20250419',
    ran: ['hello', '-addr', ':8080'],
    originalUid: 0,
    cwd: '/src',
    artifacts: ['/usr/local/bin/hello'],
    async extra({ original, migrated, env, tag }) {
      // The binary built by `go build -o`, found on PATH in both.
      expect(original.report?.argv[0]).toBe('/usr/local/bin/hello');
      expect(migrated.report?.argv[0]).toBe('/usr/local/bin/hello');
      // Only the binary is copied: no sources, no toolchain.
      expect(await env.fileInfo(tag, '/src/go.mod')).toBeNull();
    },
  },
  {
    name: 'java-maven',
    runtime: 'dhi.io/eclipse-temurin:21',
    ran: ['java', '-jar', 'target/app.jar'],
    originalUid: 0,
    cwd: '/app',
    artifacts: ['/app/target/app.jar'],
    async extra({ env, tag }) {
      expect(await env.fileInfo(tag, '/app/pom.xml')).toBeNull();
    },
  },
  {
    name: 'dotnet-web',
    runtime: 'dhi.io/aspnetcore:8.0',
    ran: ['dotnet', 'Web.dll'],
    originalUid: 0,
    cwd: '/app/publish',
    artifacts: ['/app/publish/Web.dll'],
    env: { ASPNETCORE_HTTP_PORTS: '8080' },
  },
  {
    name: 'static-site',
    runtime: 'dhi.io/nginx:1-alpine',
    // Review: nginx listens on 8080, not 3000, and a single-page app needs a try_files fallback.
    warnings: ['multi-stage-split'],
    ran: ['npx', 'serve', '-s', 'dist', '-l', '3000'],
    originalUid: 0,
    cwd: '/site',
    artifacts: ['/usr/share/nginx/html/index.html'],
    migratedRan: {
      ran: ['nginx', '-g', 'daemon off;'],
      why: 'nginx (the runtime image ENTRYPOINT + CMD) serves the built site that `serve` served',
    },
    migratedCwd: { cwd: '/', why: 'nginx serves from its own root, so the split sets no WORKDIR' },
    async extra({ env, tag }) {
      // The built site, not the sources.
      expect(await env.fileInfo(tag, '/usr/share/nginx/html/src')).toBeNull();
      expect(await env.fileInfo(tag, '/site')).toBeNull();
    },
  },
  {
    name: 'multi-stage-go',
    runtime: 'dhi.io/alpine-base:3.22',
    ran: ['service'],
    // USER nobody in the original.
    originalUid: 65534,
    migratedUser: {
      uid: 65534,
      why: "USER nobody is already non-root, so non-root-user keeps it; DHI Alpine images have Alpine's nobody (alpine-baselayout-data)",
    },
    cwd: '/',
    artifacts: ['/usr/local/bin/service'],
    // Already two stages: both mapped, no stage added, the ca-certificates RUN dropped
    // (DHI images ship the certificates), so the final stage runs on the runtime image.
    stages: [
      ['dhi.io/golang:${GO_VERSION}-alpine-dev', 'build'],
      ['dhi.io/alpine-base:3.22', null],
    ],
  },
  {
    name: 'rust-release',
    runtime: 'dhi.io/static:20250419-glibc',
    // Review: a glibc Rust binary usually loads libgcc_s.so.1, which static-glibc lacks.
    warnings: ['multi-stage-split'],
    ran: ['hello-api'],
    originalUid: 0,
    cwd: '/usr/src/app',
    artifacts: ['/usr/src/app/target/release/hello-api'],
    async extra({ migrated }) {
      expect(migrated.report?.argv[0]).toBe('./target/release/hello-api');
    },
  },
  {
    name: 'ruby-sinatra',
    runtime: 'dhi.io/ruby:3.3',
    ran: ['ruby', 'app.rb'],
    originalUid: 0,
    cwd: '/app',
    // Gems installed by bundler into GEM_HOME (/usr/local/bundle) travel with the app.
    artifacts: ['/usr/local/bundle/gems/sinatra', '/usr/local/bundle/gems/puma', '/app/app.rb'],
  },
  {
    name: 'php-composer',
    runtime: 'dhi.io/php:8.3',
    ran: ['php', '-S', '0.0.0.0:8080', '-t', 'public'],
    originalUid: 0,
    cwd: '/app',
    artifacts: ['/app/vendor/autoload.php', '/app/public/index.php'],
    async extra({ original, migrated }) {
      // The official image finds php on PATH through docker-php-entrypoint; DHI's
      // ENTRYPOINT names the binary under /opt, so CMD lost its leading `php`.
      expect(original.command).toEqual(['docker-php-entrypoint', 'php', '-S', '0.0.0.0:8080', '-t', 'public']);
      expect(migrated.command).toEqual(['/opt/php-8.3/bin/php', '-S', '0.0.0.0:8080', '-t', 'public']);
      expect(migrated.report?.argv[0]).toBe('/opt/php-8.3/bin/php');
    },
  },
];

/** `FROM image [AS name]` of every stage, in order. */
function fromLines(text: string): [string, string | null][] {
  return [...text.matchAll(/^[ \t]*FROM[ \t]+(?:--\S+[ \t]+)*(\S+)(?:[ \t]+AS[ \t]+(\S+))?/gim)].map((m) => [m[1]!, m[2] ?? null]);
}

/** The instructions of the last stage, keywords upper-cased. */
function lastStageKeywords(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const from = lines.map((l) => /^\s*FROM\s/i.test(l)).lastIndexOf(true);
  return lines
    .slice(from + 1)
    .map((l) => /^\s*([A-Za-z]+)\s/.exec(l)?.[1]?.toUpperCase())
    .filter((k): k is string => !!k);
}

function migrate(caseDir: string): { text: string; output: string; warnings: string[] } {
  const text = readFileSync(path.join(caseDir, 'Dockerfile'), 'utf8');
  const res = migrateText({
    text,
    rules: allRules,
    catalog: Catalog.builtin(),
    options: withDefaults(),
    buildContext: directoryContext(caseDir),
  });
  const warnings = res.findings.filter((f) => f.severity === 'warning').map((f) => `${f.ruleId}: ${f.message}`);
  return { text, output: res.output, warnings };
}

const skipReason = e2eSkipReason();
if (skipReason) console.warn(`[e2e] SKIPPING ecosystem end-to-end tests: ${skipReason}`);

describe.skipIf(skipReason !== null)('migrated Dockerfiles build and run like the originals (buildah + stand-ins)', () => {
  let env: BuildahEnv;
  let work: string;
  beforeAll(() => {
    env = new BuildahEnv();
    work = mkdtempSync(path.join(os.tmpdir(), 'dhi-migrate-e2e-cases-'));
  });
  afterAll(async () => {
    await env?.cleanup();
    if (work) rmSync(work, { recursive: true, force: true });
  }, 60_000);

  for (const c of CASES) {
    describe(c.name, () => {
      const caseDir = path.join(casesDir, c.name);
      const origTag = `e2e/${c.name}-original`;
      const migTag = `e2e/${c.name}-migrated`;
      let migrated: ReturnType<typeof migrate>;
      let builds: { original: BuildResult; migrated: BuildResult };

      beforeAll(async () => {
        migrated = migrate(caseDir);
        // The migrated Dockerfile goes into a copy of the case, as `dhi-migrate --write` would leave it.
        const dir = path.join(work, c.name);
        cpSync(caseDir, dir, { recursive: true });
        writeFileSync(path.join(dir, 'Dockerfile'), migrated.output);
        const [original, mig] = await Promise.all([
          env.build(path.join(caseDir, 'Dockerfile'), caseDir, origTag),
          env.build(path.join(dir, 'Dockerfile'), dir, migTag),
        ]);
        builds = { original, migrated: mig };
      }, 180_000);

      it(`migrates onto ${c.runtime}`, () => {
        expect(migrated.output).not.toBe(migrated.text);
        expectDhiRefsExist(migrated.output, c.name);
        expect([...new Set(migrated.warnings.map((w) => w.slice(0, w.indexOf(':'))))], migrated.warnings.join('\n')).toEqual(
          c.warnings ?? [],
        );
        const stages = fromLines(migrated.output);
        expect(stages.at(-1)?.[0]).toBe(c.runtime);
        if (c.stages) expect(stages).toEqual(c.stages);
        // Work that needs a shell (and a package manager) stays in build stages.
        expect(lastStageKeywords(migrated.output)).not.toContain('RUN');
      });

      it('the original and the migrated Dockerfile both build', () => {
        expect(builds.original.ok, `original build failed at ${builds.original.failedStep}:\n${builds.original.log}`).toBe(true);
        expect(
          builds.migrated.ok,
          `migrated build failed at ${builds.migrated.failedStep}:\n${builds.migrated.log}\n--- migrated Dockerfile\n${migrated.output}`,
        ).toBe(true);
      });

      it('the migrated image runs the same program as a non-root user, with a shell only where the catalog has one', async () => {
        expect(builds.original.ok && builds.migrated.ok, 'builds failed (see above)').toBe(true);
        const original = await env.run(origTag);
        const mig = await env.run(migTag);
        expect(original.exitCode, original.stderr).toBe(0);
        expect(mig.exitCode, `${mig.command.join(' ')}: ${mig.stderr}`).toBe(0);

        expect(original.ran).toEqual(c.ran);
        expect(mig.ran).toEqual(c.migratedRan?.ran ?? c.ran);
        expect(original.report?.cwd).toBe(c.cwd);
        expect(mig.report?.cwd).toBe(c.migratedCwd?.cwd ?? c.cwd);

        // The non-root user the catalog gives the runtime image, whatever the original ran as.
        const [, repo, tag] = /^dhi\.io\/([^:]+):(.+)$/.exec(c.runtime)!;
        const facts = Catalog.builtin().facts(repo!, tag!);
        expect(facts, `${c.runtime} in the catalog`).toBeDefined();
        expect(facts!.uid).not.toBe(0);
        expect(original.report?.uid).toBe(c.originalUid);
        const uid = c.migratedUser?.uid ?? facts!.uid;
        expect(uid).not.toBe(0);
        expect(mig.report).toMatchObject({ uid, gid: uid, euid: uid });

        expect(await env.hasShell(origTag)).toBe(true);
        expect(await env.hasShell(migTag)).toBe(facts!.shell);

        for (const [k, v] of Object.entries(c.env ?? {})) {
          expect(original.report?.env[k], `original ${k}`).toBe(v);
          expect(mig.report?.env[k], `migrated ${k}`).toBe(v);
        }
        for (const a of c.artifacts) expect(await env.fileInfo(migTag, a), a).not.toBeNull();
        await c.extra?.({ original, migrated: mig, env, tag: migTag });
      }, 60_000);
    });
  }
});

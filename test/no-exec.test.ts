/**
 * The tool never executes anything from a Dockerfile or its build context and
 * never follows a network reference (issue #7). Two proofs:
 *   - at run time: a migration over Dockerfiles full of tempting references
 *     (remote ADD, git URLs, # syntax= frontends, curl | sh, npm scripts in the
 *     context) with every process- and network-starting function replaced by
 *     a recorder; nothing may be called;
 *   - statically: no module the migrate command can reach imports a process,
 *     network or code-evaluation API (verify and batch mode legitimately run
 *     builders and git; they are not reachable from a migration).
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const calls: string[] = [];
const record =
  (name: string) =>
  (...args: unknown[]): never => {
    calls.push(
      `${name}(${args
        .map((a) => JSON.stringify(a))
        .join(', ')
        .slice(0, 200)})`,
    );
    throw new Error(`dhi-migrate must not call ${name}`);
  };

vi.mock('node:child_process', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:child_process')>();
  const names = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const;
  return { ...actual, ...Object.fromEntries(names.map((n) => [n, record(`child_process.${n}`)])) };
});
vi.mock('node:net', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:net')>();
  return { ...actual, connect: record('net.connect'), createConnection: record('net.createConnection') };
});
vi.mock('node:http', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:http')>();
  return { ...actual, request: record('http.request'), get: record('http.get') };
});
vi.mock('node:https', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:https')>();
  return { ...actual, request: record('https.request'), get: record('https.get') };
});
vi.mock('node:dns', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:dns')>();
  return { ...actual, lookup: record('dns.lookup'), resolve: record('dns.resolve') };
});

const { runCli, scratchTree } = await import('./run-cli.js');

const repoRoot = join(import.meta.dirname, '..');

const TEMPTING = `# syntax=docker.io/docker/dockerfile:1.7-labs
# escape=\\
ARG BASE=python:3.12-slim
FROM --platform=$BUILDPLATFORM golang:1.26 AS tools
ADD https://example.invalid/tool.tar.gz /tmp/
ADD git@github.com:example/private.git /src
ADD --checksum=sha256:0000000000000000000000000000000000000000000000000000000000000000 https://example.invalid/x /x
RUN curl -fsSL https://example.invalid/install.sh | sh
RUN --mount=type=ssh git clone git@github.com:example/repo.git
FROM \${BASE}
COPY --from=docker.io/library/alpine:3.20 /etc/alpine-release /
COPY package.json ./
RUN npm install && ./pwned.sh
ONBUILD RUN ./pwned.sh
HEALTHCHECK CMD curl -f http://localhost/ || exit 1
CMD ["npm", "start"]
`;

let fetchSpy: ReturnType<typeof vi.fn>;
beforeEach(() => {
  calls.length = 0;
  fetchSpy = vi.fn(() => Promise.reject(new Error('dhi-migrate must not fetch')));
  vi.stubGlobal('fetch', fetchSpy);
});
afterEach(() => vi.unstubAllGlobals());

const t = scratchTree(
  {
    'tempting/Dockerfile': TEMPTING,
    'tempting/package.json': JSON.stringify({ scripts: { start: 'node index.js', preinstall: './pwned.sh', postinstall: './pwned.sh' } }),
    'tempting/pwned.sh': '#!/bin/sh\ntouch "$(dirname "$0")/PWNED"\n',
    'tempting/Makefile': 'all:\n\t./pwned.sh\n',
  },
  'dhi-noexec-',
);
afterAll(t.cleanup);

describe('a migration runs nothing and reaches no network', () => {
  it('over tempting Dockerfiles, the examples and the fixtures, dry run, --write and JSON', { timeout: 120_000 }, async () => {
    cpSync(join(repoRoot, 'examples'), join(t.dir, 'examples'), { recursive: true });
    cpSync(join(repoRoot, 'fixtures'), join(t.dir, 'fixtures'), { recursive: true });
    writeFileSync(join(t.dir, 'tempting', 'pwned.sh'), readFileSync(join(t.dir, 'tempting', 'pwned.sh')), { mode: 0o755 });

    const dry = await runCli(['.'], t.dir);
    expect(dry.out).toContain('tempting/Dockerfile');
    await runCli(['--format', 'json', '.'], t.dir);
    await runCli(['-', '--stdout'], t.dir, TEMPTING);
    const write = await runCli(['--write', '.'], t.dir);
    expect(write.err).toContain('wrote tempting/Dockerfile');

    expect(calls).toEqual([]);
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(existsSync(join(t.dir, 'tempting', 'PWNED'))).toBe(false);
  });
});

describe('no module a migration can reach imports a process, network or eval API', () => {
  const FORBIDDEN_IMPORT =
    /\bfrom\s+['"](?:node:)?(?:child_process|net|http|https|http2|dgram|tls|dns|worker_threads|vm|cluster)['"]|\bimport\(\s*['"](?:node:)?(?:child_process|net|https?|http2|dgram|tls|dns|worker_threads|vm|cluster)['"]/;
  /** Calls, looked for in code only: rules legitimately write `fetch(` into Dockerfile text (a node HEALTHCHECK). */
  const FORBIDDEN_CALL = /\bfetch\s*\(|\beval\s*\(|\bnew\s+Function\s*\(/;
  const codeOnly = (source: string) =>
    source
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/`(?:\\[\s\S]|[^`\\])*`/g, '``')
      .replace(/'(?:\\.|[^'\\\n])*'/g, "''")
      .replace(/"(?:\\.|[^"\\\n])*"/g, '""')
      .replace(/\/\/[^\n]*/g, '');

  it('walks the static import graph from the migrate command', () => {
    const start = join(repoRoot, 'src', 'cli', 'commands', 'migrate.ts');
    const seen = new Set<string>();
    const pending = [start];
    const offenders: string[] = [];
    while (pending.length > 0) {
      const file = pending.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      const found = FORBIDDEN_IMPORT.exec(source) ?? FORBIDDEN_CALL.exec(codeOnly(source));
      if (found) offenders.push(`${relative(repoRoot, file)}: ${found[0]}`);
      for (const m of source.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm)) {
        const target = resolve(dirname(file), m[1]!).replace(/\.js$/, '.ts');
        if (existsSync(target)) pending.push(target);
      }
    }
    expect(seen.size).toBeGreaterThan(20);
    expect([...seen].map((f) => relative(repoRoot, f)).filter((f) => f.startsWith('src/verify') || f.startsWith('src/batch'))).toEqual([]);
    expect(offenders).toEqual([]);
  });
});

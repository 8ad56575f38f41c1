// The harness's pure parts, no buildah needed: stand-in specs from the data,
// the FROM finder, Docker's run semantics, build-log parsing, rootfs layout.
import { describe, expect, it } from 'vitest';
import { existsSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dhiStandinSpec, doiStandinSpec, parseImageRef, standinDataAvailable } from '../../scripts/standins/spec.mjs';
import { entrypointScriptText, findStaticBusybox, writeStandinRootfs } from '../../scripts/standins/rootfs.mjs';
import { findBaseImages, substituteArgs } from './base-images.js';
import { effectiveCommand, resolveUser } from './docker-semantics.js';
import { parseBuildFailure } from './harness.js';

const haveData = standinDataAvailable();
if (!haveData) console.warn('[e2e] SKIPPING stand-in spec tests: DHI catalog or ../shared/doi-facts.json not found');

describe.skipIf(!haveData)('stand-in specs come from the data', () => {
  it('DHI node runtime: node 1000, no entrypoint, CMD node, /app, no shell', () => {
    const s = dhiStandinSpec('dhi.io/node:22');
    expect(s).toMatchObject({ user: 'node', uid: 1000, gid: 1000, entrypoint: null, cmd: ['node'] });
    expect(s).toMatchObject({ workdir: '/app', shell: false, dev: false, entrypointScript: null });
    expect(s.programs).toEqual(['node']);
    expect(s.users.map((u) => `${u.name}:${u.uid}`)).toEqual(['root:0', 'nonroot:65532', 'node:1000']);
  });

  it('DHI node dev: root, shell, npm and friends', () => {
    const s = dhiStandinSpec('dhi.io/node:22-dev');
    expect(s).toMatchObject({ user: 'root', uid: 0, shell: true, dev: true });
    expect(s.programs).toEqual(expect.arrayContaining(['node', 'npm', 'npx']));
  });

  it('DHI nginx: entrypoint binary takes CMD as arguments; PATH from the catalog or the default', () => {
    const s = dhiStandinSpec('dhi.io/nginx:1.30');
    expect(s).toMatchObject({ user: 'nginx', uid: 65532, entrypoint: ['nginx'], cmd: ['-g', 'daemon off;'] });
    expect(s.programs).toEqual(['nginx']);
    expect(s.env.PATH).toBe('/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
    expect(dhiStandinSpec('dhi.io/golang:1.26').env.PATH).toMatch(/^\/go\/bin:/);
  });

  it('refuses tags the catalog does not have', () => {
    expect(() => dhiStandinSpec('dhi.io/python:2.7')).toThrow(/not in the DHI catalog/);
    expect(() => dhiStandinSpec('python:3.12')).toThrow(/not a dhi\.io/);
  });

  it('DOI node: docker-entrypoint.sh with the prepend-node rule, root, node user present', () => {
    const s = doiStandinSpec('node:22');
    expect(s).toMatchObject({ variant: 'debian', user: 'root', uid: 0, shell: true });
    expect(s.entrypoint).toEqual(['docker-entrypoint.sh']);
    expect(s.entrypointScript).toEqual({
      path: '/usr/local/bin/docker-entrypoint.sh',
      prepend: 'node',
      when: ['dash', 'notCommand', 'nonExecFile'],
    });
    expect(s.users).toContainEqual(expect.objectContaining({ name: 'node', uid: 1000 }));
    expect(entrypointScriptText(s)).toMatch(/set -- node "\$@"/);
  });

  it('DOI variants are picked by the image variantRules', () => {
    expect(doiStandinSpec('python:3.12-slim').variant).toBe('slim');
    expect(doiStandinSpec('node:22-alpine').variant).toBe('alpine');
    expect(doiStandinSpec('eclipse-temurin:21-jre').variant).toBe('jre');
    expect(doiStandinSpec('maven:3.9-eclipse-temurin-21').programs).toEqual(expect.arrayContaining(['mvn', 'java']));
    const sdk = doiStandinSpec('mcr.microsoft.com/dotnet/sdk:8.0');
    expect(sdk).toMatchObject({ variant: 'debian-slim', cmd: ['bash'] });
    expect(sdk.programs).toContain('dotnet');
    const nginx = doiStandinSpec('nginx:1.27');
    expect(nginx.entrypointScript).toMatchObject({ path: '/docker-entrypoint.sh', prepend: null });
    expect(doiStandinSpec('golang:1.26').env).toMatchObject({ GOPATH: '/go' });
    // Placeholder values in the facts are not copied into the image env.
    expect(doiStandinSpec('node:22').env).not.toHaveProperty('NODE_VERSION');
  });

  it('normalises Docker Hub references', () => {
    expect(parseImageRef('docker.io/library/node:22')).toEqual({ name: 'node', tag: '22' });
    expect(parseImageRef('python')).toEqual({ name: 'python', tag: 'latest' });
    expect(parseImageRef('localhost:5000/x/y')).toEqual({ name: 'localhost:5000/x/y', tag: 'latest' });
    expect(() => parseImageRef('node@sha256:abc')).toThrow(/digest/);
  });
});

describe('findBaseImages', () => {
  it('finds FROM and COPY --from images, substitutes ARG defaults, skips stages and scratch', () => {
    const text = [
      '# syntax=docker/dockerfile:1',
      'ARG NODE=22 BASE="dhi.io/node"',
      'ARG UNSET',
      'FROM --platform=$BUILDPLATFORM ${BASE}:${NODE}-dev AS build',
      'COPY --from=busybox:1.37 /bin/busybox /bb',
      'RUN --mount=type=cache,target=/root/.npm \\',
      '    --mount=type=bind,from=alpine:3.20,source=/etc,target=/x true',
      'FROM build AS test',
      'FROM scratch AS empty',
      'FROM ${BASE}:${NODE:-20}${UNSET:+-x}',
      'COPY --from=build /app /app',
      'COPY --from=0 /a /b',
    ].join('\n');
    expect(findBaseImages(text)).toEqual([
      { ref: 'dhi.io/node:22-dev', kind: 'dhi', line: 4 },
      { ref: 'busybox:1.37', kind: 'doi', line: 5 },
      { ref: 'alpine:3.20', kind: 'doi', line: 6 },
      { ref: 'dhi.io/node:22', kind: 'dhi', line: 10 },
    ]);
    expect(findBaseImages(text, { NODE: '24' }).map((b) => b.ref)).toContain('dhi.io/node:24');
  });

  it('substitutes like Docker', () => {
    expect(substituteArgs('${A}-$B-${C:-d}-${A:+set}-${C:+no}', { A: 'a', B: 'b' })).toBe('a-b-d-set-');
  });
});

describe('docker run semantics', () => {
  it('effective command: entrypoint + cmd, args replace cmd, --entrypoint drops cmd', () => {
    const cfg = { entrypoint: ['docker-entrypoint.sh'], cmd: ['node'] };
    expect(effectiveCommand(cfg)).toEqual(['docker-entrypoint.sh', 'node']);
    expect(effectiveCommand(cfg, { args: ['index.js'] })).toEqual(['docker-entrypoint.sh', 'index.js']);
    expect(effectiveCommand(cfg, { entrypoint: ['node'] })).toEqual(['node']);
    expect(effectiveCommand({ entrypoint: null, cmd: ['/bin/sh', '-c', 'a && b'] })).toEqual(['/bin/sh', '-c', 'a && b']);
    expect(() => effectiveCommand({ entrypoint: null, cmd: null })).toThrow(/no command/);
  });

  it('resolves USER against passwd/group like Docker', () => {
    const passwd = 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\n';
    const group = 'root:x:0:\nnode:x:1000:\nstaff:x:50:\n';
    expect(resolveUser('', passwd)).toEqual({ name: 'root', uid: 0, gid: 0 });
    expect(resolveUser('node', passwd)).toEqual({ name: 'node', uid: 1000, gid: 1000 });
    expect(resolveUser('1000', passwd)).toEqual({ name: 'node', uid: 1000, gid: 1000 });
    expect(resolveUser('4242', passwd)).toEqual({ name: null, uid: 4242, gid: 0 });
    expect(resolveUser('node:staff', passwd, group)).toEqual({ name: 'node', uid: 1000, gid: 50 });
    expect(resolveUser('65532:65532', passwd)).toEqual({ name: null, uid: 65532, gid: 65532 });
    expect(() => resolveUser('nonroot', passwd)).toThrow(/unable to find user nonroot/);
  });
});

describe('parseBuildFailure', () => {
  it('reads the failing step, its stage and the error from a buildah log', () => {
    const log = [
      '[2/2] STEP 1/3: FROM dhi.io/python:3.12',
      '[2/2] STEP 3/3: RUN echo "a b" && true',
      'process failed to start with error: fork/exec /bin/sh: no such file or directoryprocess exited with error: exec: not startedsubprocess exited with status 1',
      'Error: building at STEP "RUN echo "a b" && true": exit status 1',
    ].join('\n');
    expect(parseBuildFailure(log)).toEqual({
      failedStep: 'RUN echo "a b" && true',
      failedStage: '2/2',
      error: 'fork/exec /bin/sh: no such file or directory',
    });
  });
});

const rootfsSkip = !haveData
  ? 'data missing'
  : process.getuid?.() !== 0
    ? 'needs root (chown)'
    : !findStaticBusybox()
      ? 'no static busybox'
      : null;
if (rootfsSkip) console.warn(`[e2e] SKIPPING stand-in rootfs tests: ${rootfsSkip}`);

describe.skipIf(rootfsSkip !== null)('stand-in root filesystems', () => {
  const tools = () => ({ fakebin: '/bin/true', busybox: findStaticBusybox() });
  const withRoot = (fn: (root: string) => void) => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'standin-rootfs-'));
    try {
      fn(root);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  };

  it('runtime image: users, programs, workdir, and no shell at all', () => {
    withRoot((root) => {
      writeStandinRootfs(dhiStandinSpec('dhi.io/node:22'), root, tools());
      expect(readFileSync(path.join(root, 'etc/passwd'), 'utf8')).toMatch(/^node:x:1000:1000:/m);
      expect(statSync(path.join(root, 'usr/local/bin/node')).mode & 0o111).not.toBe(0);
      expect(statSync(path.join(root, 'home/node')).uid).toBe(1000);
      expect(statSync(path.join(root, 'app')).uid).toBe(0);
      expect(existsSync(path.join(root, 'bin/sh'))).toBe(false);
      expect(existsSync(path.join(root, 'bin/busybox'))).toBe(false);
    });
  });

  it('dev image: busybox with applet links, bash stand-in, DOI entrypoint script', () => {
    withRoot((root) => {
      writeStandinRootfs(doiStandinSpec('node:22'), root, tools());
      for (const a of ['sh', 'ls', 'cp', 'mkdir', 'cat', 'echo', 'chown', 'true', 'rm', 'mv']) {
        expect(readlinkSync(path.join(root, 'bin', a)), a).toBe('/bin/busybox');
      }
      for (const a of ['id', 'env', 'test']) expect(lstatSync(path.join(root, 'usr/bin', a)).isSymbolicLink(), a).toBe(true);
      expect(readFileSync(path.join(root, 'bin/bash'), 'utf8')).toMatch(/busybox sh/);
      const ep = path.join(root, 'usr/local/bin/docker-entrypoint.sh');
      expect(readFileSync(ep, 'utf8')).toMatch(/^#!\/bin\/sh/);
      expect(statSync(ep).mode & 0o111).not.toBe(0);
    });
  });
});

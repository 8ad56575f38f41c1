// The harness's pure parts, no buildah needed: stand-in specs from the data,
// the FROM finder, Docker's run semantics, build-log parsing, rootfs layout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dhiStandinSpec, doiStandinSpec, parseImageRef, standinDataAvailable } from '../../scripts/standins/spec.mjs';
import {
  BUILD_TOOLS_SRC,
  LIBEXEC,
  entrypointScriptText,
  findStaticBusybox,
  simulatorWrapperText,
  writeStandinRootfs,
} from '../../scripts/standins/rootfs.mjs';
import { findBaseImages, substituteArgs } from './base-images.js';
import { resolveUser } from './docker-semantics.js';
import { effectiveCommand, parseBuildFailure } from './harness.js';

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

  it('build-tool simulators and package managers come from the data, only where a shell can run them', () => {
    const dev = dhiStandinSpec('dhi.io/python:3.12-dev');
    expect(dev.simulators).toEqual({
      python3: 'sim_python',
      python: 'sim_python',
      pip: 'sim_pip',
      pip3: 'sim_pip',
      'apt-get': 'sim_package_manager',
      apt: 'sim_package_manager',
    });
    expect(dev.packageManager).toBe('apt');
    const runtime = dhiStandinSpec('dhi.io/python:3.12');
    expect(runtime).toMatchObject({ shell: false, packageManager: null, simulators: {} });
    expect(runtime.programs).toEqual(['python3', 'python']);
    expect(dhiStandinSpec('dhi.io/golang:1.26-alpine-dev')).toMatchObject({
      packageManager: 'apk',
      simulators: { go: 'sim_go', apk: 'sim_package_manager' },
    });
    const doi = doiStandinSpec('node:22-alpine');
    expect(doi.packageManager).toBe('apk');
    expect(doi.simulators).toMatchObject({ npm: 'sim_npm', yarn: 'sim_yarn', apk: 'sim_package_manager' });
    expect(doi.simulators).not.toHaveProperty('node');
    expect(doiStandinSpec('mcr.microsoft.com/dotnet/sdk:8.0').simulators).toMatchObject({ dotnet: 'sim_dotnet' });
    // A runtime image with a shell (alpine-base) has no build tools to simulate, and Alpine's nobody.
    const alpine = dhiStandinSpec('dhi.io/alpine-base:3.22');
    expect(alpine).toMatchObject({ shell: true, simulators: {} });
    expect(alpine.users.map((u) => `${u.name}:${u.uid}`)).toEqual(['root:0', 'nonroot:65532', 'nobody:65534']);
    expect(dhiStandinSpec('dhi.io/node:22').users.map((u) => u.name)).not.toContain('nobody');
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

  it('build tools are sh wrappers that run their simulator, then the fake binary under their own argv[0]', () => {
    withRoot((root) => {
      writeStandinRootfs(dhiStandinSpec('dhi.io/node:22-dev'), root, tools());
      const npm = readFileSync(path.join(root, 'usr/local/bin/npm'), 'utf8');
      expect(npm).toBe(simulatorWrapperText('npm', 'sim_npm'));
      expect(npm).toMatch(/^#!\/bin\/sh\n/);
      expect(npm).toContain(`. ${LIBEXEC}/build-tools.sh\nsim_npm "$@" || exit $?\nexec -a "$0" ${LIBEXEC}/fakebin "$@"\n`);
      expect(statSync(path.join(root, 'usr/local/bin/npm')).mode & 0o111).not.toBe(0);
      expect(readFileSync(path.join(root, LIBEXEC, 'build-tools.sh'), 'utf8')).toBe(readFileSync(BUILD_TOOLS_SRC, 'utf8'));
      // node has no simulator: the fake binary itself, the same file as the one the wrappers exec.
      const node = statSync(path.join(root, 'usr/local/bin/node'));
      expect(node.ino).toBe(statSync(path.join(root, LIBEXEC, 'fakebin')).ino);
    });
    withRoot((root) => {
      writeStandinRootfs(dhiStandinSpec('dhi.io/node:22'), root, tools());
      expect(existsSync(path.join(root, LIBEXEC))).toBe(false);
      expect(readFileSync(path.join(root, 'usr/local/bin/node'))).toEqual(readFileSync('/bin/true'));
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

// The simulators run under busybox sh with only busybox's applets on PATH, as in a stand-in.
const simSkip = findStaticBusybox() ? null : 'no static busybox';
if (simSkip) console.warn(`[e2e] SKIPPING build-tool simulator tests: ${simSkip}`);

describe.skipIf(simSkip !== null)('build-tool simulators (build-tools.sh under busybox sh)', () => {
  let dir: string;
  let fake: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'standin-sim-'));
    mkdirSync(path.join(dir, 'bin'));
    execFileSync(findStaticBusybox()!, ['--install', '-s', path.join(dir, 'bin')]);
    fake = path.join(dir, 'fakebin');
    writeFileSync(fake, 'FAKE BINARY\n', { mode: 0o755 });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A project directory with these files. */
  const project = (files: Record<string, string>): string => {
    const p = mkdtempSync(path.join(dir, 'project-'));
    for (const [f, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(p, f)), { recursive: true });
      writeFileSync(path.join(p, f), text);
    }
    return p;
  };
  /** Runs `script` after sourcing build-tools.sh; `argv0` is the program's path ($0). */
  const sim = (cwd: string, script: string, o: { argv0?: string; env?: Record<string, string> } = {}) => {
    const r = spawnSync(findStaticBusybox()!, ['sh', '-c', `. ${BUILD_TOOLS_SRC}; ${script}`, o.argv0 ?? 'sh'], {
      cwd,
      encoding: 'utf8',
      env: { PATH: path.join(dir, 'bin'), HOME: path.join(dir, 'home'), STANDIN_FAKEBIN: fake, ...o.env },
    });
    return { ok: r.status === 0, stderr: r.stderr };
  };
  const files = (root: string): string[] => {
    const out: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const f = path.join(d, e.name);
        if (e.isDirectory()) walk(f);
        else out.push(path.relative(root, f));
      }
    };
    walk(root);
    return out.sort();
  };
  const isFakeProgram = (f: string) => readFileSync(f, 'utf8') === 'FAKE BINARY\n' && (statSync(f).mode & 0o111) !== 0;

  it('go build writes the binary -o names (a dir/ gets the package name), else the package or module name', () => {
    const p = project({ 'go.mod': 'module example.com/hello/v2\n\ngo 1.26\n', 'cmd/server/main.go': 'package main\n' });
    expect(sim(p, `sim_go build -trimpath -ldflags "-s -w" -o ${dir}/out/server ./cmd/server`).ok).toBe(true);
    expect(isFakeProgram(path.join(dir, 'out/server'))).toBe(true);
    expect(sim(p, 'sim_go build -o bin/ ./cmd/server && sim_go build ./cmd/server && sim_go build').ok).toBe(true);
    expect(files(p)).toEqual(['bin/server', 'cmd/server/main.go', 'go.mod', 'hello', 'server']);
    expect(sim(p, 'GOPATH=$PWD/gopath sim_go install ./cmd/server').ok).toBe(true);
    expect(isFakeProgram(path.join(p, 'gopath/bin/server'))).toBe(true);
    expect(sim(p, 'sim_go build -o x ./cmd/missing')).toEqual({ ok: false, stderr: 'go: directory ./cmd/missing does not exist\n' });
    expect(sim(project({}), 'sim_go mod download').stderr).toMatch(/go\.mod file not found/);
  });

  it('cargo build writes target/<profile>/<bin> from Cargo.toml', () => {
    const toml = '[package]\nname = "hello-api" # the app\nversion = "0.1.0"\n\n[dependencies]\nname = "not-a-bin"\n';
    const p = project({ 'Cargo.toml': toml });
    expect(
      sim(p, 'sim_cargo build --release --locked && sim_cargo build && sim_cargo build -r --target x86_64-unknown-linux-musl').ok,
    ).toBe(true);
    const bins = ['target/debug/hello-api', 'target/release/hello-api', 'target/x86_64-unknown-linux-musl/release/hello-api'];
    expect(files(p)).toEqual(['Cargo.toml', ...bins]);
    expect(bins.every((b) => isFakeProgram(path.join(p, b)))).toBe(true);
    const multi = project({ 'Cargo.toml': '[package]\nname = "tools"\n\n[[bin]]\nname = "a"\n\n[[bin]]\nname = "b"\n' });
    expect(sim(multi, 'CARGO_TARGET_DIR=/tmp/../$PWD/out sim_cargo build --profile release').ok).toBe(true);
    expect(files(multi)).toEqual(['Cargo.toml', 'out/release/a', 'out/release/b']);
    expect(sim(project({}), 'sim_cargo build --release').stderr).toMatch(/could not find `Cargo.toml`/);
  });

  it('mvn package writes target/<finalName or artifactId-version>.jar (the project, not its parent)', () => {
    const pom = (extra: string) =>
      `<project>\n  <parent>\n    <artifactId>spring-boot-starter-parent</artifactId>\n    <version>3.3.0</version>\n  </parent>\n  <artifactId>demo</artifactId>\n  <version>1.2.0</version>\n${extra}  <dependencies>\n    <dependency><artifactId>lib</artifactId><version>9</version></dependency>\n  </dependencies>\n</project>\n`;
    const p = project({ 'pom.xml': pom('') });
    expect(sim(p, 'sim_mvn -B dependency:go-offline').ok).toBe(true);
    expect(files(p)).toEqual(['pom.xml']);
    expect(sim(p, 'sim_mvn -B -DskipTests clean package').ok).toBe(true);
    expect(files(p)).toEqual(['pom.xml', 'target/demo-1.2.0.jar']);
    const app = project({ 'pom.xml': pom('  <packaging>war</packaging>\n  <build>\n    <finalName>app</finalName>\n  </build>\n') });
    expect(sim(app, 'sim_mvn -q package').ok).toBe(true);
    expect(files(app)).toEqual(['pom.xml', 'target/app.war']);
    expect(sim(project({}), 'sim_mvn package').stderr).toMatch(/there is no POM in this directory/);
  });

  it('gradle build writes build/libs/<rootProject.name>-<version>.jar', () => {
    const p = project({ 'settings.gradle': "rootProject.name = 'svc'\n", 'build.gradle': "plugins { id 'java' }\nversion = '0.3.0'\n" });
    expect(sim(p, 'sim_gradle build --no-daemon -x test').ok).toBe(true);
    expect(files(p)).toContain('build/libs/svc-0.3.0.jar');
    expect(sim(project({}), 'sim_gradle build').ok).toBe(false);
  });

  it('dotnet publish writes <out>/<assembly>.dll; restore and publish need exactly one project', () => {
    const csproj =
      '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <PropertyGroup>\n    <TargetFramework>net9.0</TargetFramework>\n  </PropertyGroup>\n</Project>\n';
    const p = project({ 'Web.csproj': csproj });
    expect(sim(p, `sim_dotnet restore && sim_dotnet publish -c Release -o ${p}/out --no-restore && sim_dotnet publish`).ok).toBe(true);
    expect(files(p)).toEqual([
      'Web.csproj',
      'bin/Release/net9.0/publish/Web.dll',
      'bin/Release/net9.0/publish/Web.runtimeconfig.json',
      'out/Web.dll',
      'out/Web.runtimeconfig.json',
    ]);
    const named = project({ 'src/Api.csproj': '<Project><PropertyGroup><AssemblyName>My.Api</AssemblyName></PropertyGroup></Project>\n' });
    expect(sim(named, 'sim_dotnet publish src/Api.csproj -o /tmp/../$PWD/pub').ok).toBe(true);
    expect(files(named)).toContain('pub/My.Api.dll');
    expect(sim(project({}), 'sim_dotnet restore').stderr).toMatch(/^MSB1003/);
    expect(sim(project({ 'A.csproj': csproj, 'B.csproj': csproj }), 'sim_dotnet publish -o out').stderr).toMatch(/^MSB1011/);
  });

  it('npm ci/install write node_modules (ci needs a lock file); npm run build writes the build directory', () => {
    const pkg = (build: string) => JSON.stringify({ name: 'x', scripts: { build, start: 'node s.js' } }, null, 2);
    const p = project({ 'package.json': pkg('vite build'), 'index.html': '<h1>site</h1>\n' });
    expect(sim(p, 'sim_npm ci').stderr).toMatch(/can only install with an existing package-lock.json/);
    writeFileSync(path.join(p, 'package-lock.json'), '{}\n');
    expect(sim(p, 'sim_npm ci --omit=dev && sim_npm run build && sim_npm install -g serve && sim_npm start').ok).toBe(true);
    expect(files(p)).toEqual(['dist/index.html', 'index.html', 'node_modules/.package-lock.json', 'package-lock.json', 'package.json']);
    expect(readFileSync(path.join(p, 'dist/index.html'), 'utf8')).toBe('<h1>site</h1>\n');
    expect(sim(p, 'sim_npm run lint').stderr).toMatch(/Missing script: "lint"/);
    const cra = project({ 'package.json': pkg('react-scripts build') });
    expect(sim(cra, 'sim_yarn && sim_yarn build').ok).toBe(true);
    expect(files(cra)).toEqual(['build/index.html', 'node_modules/.package-lock.json', 'package.json']);
    const out = project({ 'package.json': pkg('tsc && vite build --outDir public/app') });
    expect(sim(out, 'sim_npm run build').ok).toBe(true);
    expect(files(out)).toEqual(['package.json', 'public/app/index.html']);
    expect(sim(project({}), 'sim_npm install').stderr).toMatch(/Could not read package.json/);
  });

  it('python -m venv links the interpreter it ran as; pip installs into the venv it is started from', () => {
    const p = project({
      'requirements.txt': 'flask==3.0.3\n# comment\ngunicorn>=22 ; python_version > "3"\nrequests[socks]\n\n-r more.txt\n',
    });
    mkdirSync(path.join(p, 'usr/local/bin'), { recursive: true });
    writeFileSync(path.join(p, 'usr/local/bin/python3'), '#!/bin/sh\n', { mode: 0o755 });
    expect(sim(p, `sim_python -m venv ${p}/venv`, { argv0: `${p}/usr/local/bin/python3` }).ok).toBe(true);
    expect(readlinkSync(path.join(p, 'venv/bin/python'))).toBe(`${p}/usr/local/bin/python3`);
    expect(readlinkSync(path.join(p, 'venv/bin/python3'))).toBe('python');
    expect(readFileSync(path.join(p, 'venv/pyvenv.cfg'), 'utf8')).toContain(`home = ${p}/usr/local/bin\n`);
    expect(sim(p, "sim_pip install --no-cache-dir -r requirements.txt 'uvicorn[standard]>=0.30'", { argv0: `${p}/venv/bin/pip` }).ok).toBe(
      true,
    );
    const site = path.join(p, 'venv/lib/python3/site-packages');
    expect(readdirSync(site).sort()).toEqual(['flask', 'gunicorn', 'requests', 'uvicorn']);
    expect(sim(p, `sim_python -m pip install --target ${p}/deps six`, { argv0: `${p}/usr/local/bin/python3` }).ok).toBe(true);
    expect(readdirSync(path.join(p, 'deps'))).toEqual(['six']);
    expect(sim(p, 'sim_pip install -r missing.txt', { argv0: '/usr/local/bin/pip' }).stderr).toMatch(/Could not open requirements file/);
    expect(sim(p, 'sim_python app.py').ok).toBe(true);
  });

  it('bundle install creates the gems in GEM_HOME, or under a configured path; composer install creates vendor/', () => {
    const gemfile = 'source "https://rubygems.org"\n\ngem "sinatra", "~> 4.0"\n  gem \'puma\'\n';
    const p = project({ Gemfile: gemfile });
    expect(sim(p, 'sim_bundle install --jobs 4', { env: { GEM_HOME: `${p}/bundle` } }).ok).toBe(true);
    expect(readdirSync(path.join(p, 'bundle/gems')).sort()).toEqual(['puma', 'sinatra']);
    const local = project({ Gemfile: gemfile });
    expect(
      sim(local, "sim_bundle config set --local path 'vendor/bundle' && sim_bundle install", { env: { RUBY_VERSION: '3.3.6' } }).ok,
    ).toBe(true);
    expect(readFileSync(path.join(local, '.bundle/config'), 'utf8')).toBe('BUNDLE_PATH: "vendor/bundle"\n');
    expect(readdirSync(path.join(local, 'vendor/bundle/ruby/3.3.6/gems')).sort()).toEqual(['puma', 'sinatra']);
    expect(sim(project({}), 'sim_bundle install').stderr).toMatch(/Could not locate Gemfile/);

    const php = project({ 'composer.json': '{}\n' });
    expect(sim(php, 'sim_composer install --no-dev --no-interaction').ok).toBe(true);
    expect(files(php)).toEqual(['composer.json', 'vendor/autoload.php']);
    expect(sim(project({}), 'sim_composer install').stderr).toMatch(/could not find a composer.json/);
  });
});

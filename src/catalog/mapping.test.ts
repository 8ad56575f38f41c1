import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseImageRef, type ImageRef } from '../dockerfile/image-ref.js';
import { Catalog } from './catalog.js';
import { isDhiReference, mapImage, partnerTag, renderDhiRef, staticImage, type MapOptions, type MapResult, type Role } from './mapping.js';
import { sourceTable } from './source-table.js';
import { parseDhiTag } from './tag-shape.js';

const catalog = Catalog.builtin();
const defaults: MapOptions = { noBump: false, preferDistro: null };

function ref(text: string): ImageRef {
  const r = parseImageRef(text);
  if (!r) throw new Error(`bad ref ${text}`);
  return r;
}
function map(text: string, role: Role, opts: Partial<MapOptions> = {}): MapResult {
  return mapImage(ref(text), role, catalog, { ...defaults, ...opts });
}
const out = (r: MapResult): string => (r.kind === 'mapped' ? `${r.repo}:${r.tag}` : r.kind);

type Expect = string | { unmapped: RegExp };
interface Case {
  src: string;
  role: Role;
  want: Expect;
  opts?: Partial<MapOptions>;
  /** A warning (or, with note:, a note) that must be present. */
  warn?: RegExp;
  note?: RegExp;
  /** No warnings at all. */
  quiet?: true;
}

// Expectations were read off the catalog dataset (jq over ../shared/dhi-catalog/catalog.json),
// not copied from the function's output.
const B: Role = 'build';
const R: Role = 'runtime';
const cases: Case[] = [
  // python (dhi-facts §10, §13.2 A)
  { src: 'python:3.12-slim-bookworm', role: B, want: 'python:3.12-debian12-dev', quiet: true },
  { src: 'python:3.12-slim-bookworm', role: R, want: 'python:3.12-debian12', quiet: true },
  { src: 'python:3.12', role: R, want: 'python:3.12', quiet: true },
  { src: 'python:3.12', role: B, want: 'python:3.12-dev', quiet: true },
  { src: 'python:3.12-slim', role: R, want: 'python:3.12', quiet: true },
  { src: 'python:3.11-slim-trixie', role: B, want: 'python:3.11-dev', quiet: true },
  { src: 'python:3.12-alpine', role: R, want: 'python:3.12-alpine', quiet: true },
  { src: 'python:3.12-alpine', role: B, want: 'python:3.12-alpine-dev', quiet: true },
  { src: 'python:3.12-alpine3.22', role: B, want: 'python:3.12-alpine3.22-dev', quiet: true },
  {
    src: 'python:3.13-alpine3.21',
    role: R,
    want: 'python:3.13-alpine3.22',
    note: /Alpine 3\.21 has no DHI python image; using alpine3\.22, the nearest newer/,
  },
  { src: 'python:3.9', role: R, want: 'python:3.10', warn: /^python:3\.9 has no DHI line; bumped to 3\.10 \(nearest newer supported\)$/ },
  { src: 'python:3.9', role: R, want: { unmapped: /python:3\.9 has no DHI line.*--no-bump.*3\.10/ }, opts: { noBump: true } },
  { src: 'python:3.8-alpine', role: B, want: 'python:3.10-alpine-dev', warn: /bumped to 3\.10/ },
  { src: 'python:latest', role: R, want: 'python:3', warn: /no latest tag; using 3 \(the newest line, currently 3\.14\)/ },
  { src: 'python', role: B, want: 'python:3-alpine-dev', opts: { preferDistro: 'alpine' }, warn: /no latest tag/ },
  { src: 'python:3.12.4-slim', role: R, want: 'python:3.12', note: /pins a patch release.*3\.12 is used/ },
  { src: 'python:3.15', role: R, want: { unmapped: /no newer supported line exists \(newest: 3\.14\)/ } },
  // node (B)
  { src: 'node:22-alpine', role: R, want: 'node:22-alpine', quiet: true },
  { src: 'node:22-alpine', role: B, want: 'node:22-alpine-dev', quiet: true },
  { src: 'node:22-bookworm-slim', role: R, want: 'node:22-debian12', quiet: true },
  { src: 'node:20', role: B, want: 'node:22-dev', warn: /node:20 has no DHI line; bumped to 22/ },
  { src: 'node:26-bookworm', role: R, want: 'node:26', warn: /no Debian 12 \(bookworm\) image for this line; using Debian 13/ },
  { src: 'node:lts-alpine', role: B, want: 'node:24-alpine-dev', note: /"lts" means 24/ },
  { src: 'node:18-alpine3.21', role: R, want: 'node:22-alpine3.22', warn: /bumped to 22/ },
  // golang / rust
  { src: 'golang:1.25', role: B, want: 'golang:1.26-dev', warn: /bumped to 1\.26/ },
  { src: 'golang:1.26-bookworm', role: B, want: 'golang:1.26-debian12-dev', quiet: true },
  { src: 'golang:1-alpine', role: R, want: 'golang:1-alpine', quiet: true },
  { src: 'golang:1.27', role: R, want: { unmapped: /newest: 1\.26\); 1\.27 is published only on Alpine \(golang:1\.27-alpine\)/ } },
  { src: 'rust:1-slim', role: B, want: 'rust:1-dev', quiet: true },
  { src: 'rust:1.85-alpine', role: B, want: 'rust:1.96-alpine-dev', warn: /bumped to 1\.96/ },
  { src: 'rust:1-alpine3.23', role: R, want: 'rust:1-alpine3.23', quiet: true },
  // ruby: no Debian 12 at all
  { src: 'ruby:3.3-bookworm', role: R, want: 'ruby:3.3', warn: /DHI ruby has no Debian 12 \(bookworm\) images; using Debian 13/ },
  { src: 'ruby:3.3-alpine', role: B, want: 'ruby:3.3-alpine-dev', quiet: true },
  { src: 'ruby:3-alpine3.23', role: R, want: 'ruby:3.4-alpine3.23', note: /no floating 3 tag here; using 3\.4/ },
  { src: 'ruby:3.2', role: R, want: 'ruby:3.3', warn: /bumped to 3\.3/ },
  // php: cli, fpm, apache
  { src: 'php:8.3-cli', role: B, want: 'php:8.3-dev', quiet: true },
  { src: 'php:8.3-cli', role: R, want: 'php:8.3', quiet: true },
  { src: 'php:8.3-fpm', role: R, want: 'php:8.3-fpm', quiet: true },
  { src: 'php:8.3-fpm', role: B, want: 'php:8.3-dev', quiet: true },
  { src: 'php:8.3-fpm-alpine', role: R, want: 'php:8.3-alpine-fpm', quiet: true },
  { src: 'php:8.3-fpm-alpine', role: B, want: 'php:8.3-alpine-dev', quiet: true },
  { src: 'php:8.3-fpm-alpine3.22', role: R, want: 'php:8.3-alpine3.22-fpm', quiet: true },
  { src: 'php:8.1-fpm', role: R, want: 'php:8.2-fpm', warn: /bumped to 8\.2/ },
  { src: 'php:8.3-apache', role: R, want: { unmapped: /no Apache\+PHP image/ } },
  // eclipse-temurin (C), openjdk, corretto
  { src: 'eclipse-temurin:21-jre', role: R, want: 'eclipse-temurin:21', quiet: true },
  { src: 'eclipse-temurin:21-jre-alpine', role: R, want: 'eclipse-temurin:21-alpine', quiet: true },
  { src: 'eclipse-temurin:21-jdk', role: B, want: 'eclipse-temurin:21-jdk-dev', quiet: true },
  {
    src: 'eclipse-temurin:21-jdk',
    role: R,
    want: 'eclipse-temurin:21-jdk-dev',
    warn: /asks for a JDK in the final stage; DHI eclipse-temurin has no runtime JDK/,
  },
  { src: 'eclipse-temurin:21-jdk', role: R, want: 'eclipse-temurin:21', opts: { jdkAtRuntime: 'jre' }, note: /runtime tags are JREs/ },
  { src: 'eclipse-temurin:21', role: R, want: 'eclipse-temurin:21', note: /runtime tags are JREs/ },
  { src: 'eclipse-temurin:17-jdk-alpine', role: B, want: 'eclipse-temurin:17-jdk-alpine-dev', quiet: true },
  { src: 'eclipse-temurin:17-jre-alpine-3.22', role: R, want: 'eclipse-temurin:17-alpine3.22', quiet: true },
  { src: 'eclipse-temurin:8u402-b06-jdk', role: B, want: 'eclipse-temurin:8-jdk-dev', note: /patch release/ },
  { src: 'eclipse-temurin:21-jdk-noble', role: B, want: 'eclipse-temurin:21-jdk-dev', warn: /no Ubuntu 24\.04 \(noble\) images/ },
  { src: 'openjdk:17-jdk-slim', role: B, want: 'eclipse-temurin:17-jdk-dev', note: /openjdk images are deprecated/ },
  { src: 'openjdk:11-jre-slim', role: R, want: 'eclipse-temurin:11', quiet: true },
  { src: 'openjdk:18', role: B, want: 'eclipse-temurin:21-jdk-dev', warn: /bumped to 21/ },
  { src: 'amazoncorretto:21', role: B, want: 'amazoncorretto:21-dev', quiet: true },
  { src: 'amazoncorretto:21', role: R, want: 'amazoncorretto:21', quiet: true },
  { src: 'amazoncorretto:21-alpine', role: B, want: 'amazoncorretto:21-alpine-dev', quiet: true },
  { src: 'amazoncorretto:26-alpine', role: R, want: 'amazoncorretto:26-alpine3.22', note: /floating -alpine tag has no such line/ },
  // maven / gradle (dev only) / tomcat
  { src: 'maven:3.9-eclipse-temurin-21', role: B, want: 'maven:3.9-jdk21-dev', quiet: true },
  { src: 'maven:3.9-eclipse-temurin-21-alpine', role: B, want: 'maven:3.9-jdk21-alpine-dev', quiet: true },
  {
    src: 'maven:3.9-eclipse-temurin-21',
    role: R,
    want: 'maven:3.9-jdk21-dev',
    warn: /no runtime \(non-dev\) image/,
    note: /can use eclipse-temurin:21 instead/,
  },
  { src: 'maven:3.8-openjdk-11', role: B, want: 'maven:3.9-jdk17-dev', warn: /no JDK 11; bumped to jdk17/ },
  { src: 'maven:3.8-openjdk-11', role: B, want: { unmapped: /--no-bump/ }, opts: { noBump: true } },
  { src: 'gradle:8-jdk21', role: B, want: 'gradle:8-jdk21-dev', quiet: true },
  { src: 'gradle:8.5-jdk17-alpine', role: B, want: 'gradle:8.14-jdk17-alpine-dev', warn: /bumped to 8\.14/ },
  { src: 'tomcat:10.1-jdk17', role: R, want: 'tomcat:10.1-jdk17', quiet: true },
  { src: 'tomcat:10.1-jdk21-temurin-jammy', role: B, want: 'tomcat:10.1-jdk21-dev', warn: /Ubuntu 22\.04/ },
  // .NET
  { src: 'mcr.microsoft.com/dotnet/sdk:8.0', role: B, want: 'dotnet:8.0-sdk', quiet: true },
  { src: 'mcr.microsoft.com/dotnet/sdk:8.0-alpine', role: B, want: 'dotnet:8.0-sdk-alpine', quiet: true },
  { src: 'mcr.microsoft.com/dotnet/sdk:10.0', role: B, want: 'dotnet:10.0-sdk', quiet: true },
  { src: 'mcr.microsoft.com/dotnet/sdk:8.0', role: R, want: 'dotnet:8.0-sdk', warn: /SDK image runs as root with a shell/ },
  { src: 'mcr.microsoft.com/dotnet/aspnet:8.0', role: R, want: 'aspnetcore:8.0', quiet: true },
  { src: 'mcr.microsoft.com/dotnet/aspnet:8.0-alpine3.22', role: R, want: 'aspnetcore:8.0-alpine3.22', quiet: true },
  { src: 'mcr.microsoft.com/dotnet/aspnet:8.0-bookworm-slim', role: R, want: 'aspnetcore:8.0', warn: /no Debian 12/ },
  { src: 'mcr.microsoft.com/dotnet/aspnet:6.0', role: R, want: 'aspnetcore:8.0', warn: /bumped to 8\.0/ },
  { src: 'mcr.microsoft.com/dotnet/runtime:8.0', role: R, want: 'dotnet:8.0', quiet: true },
  { src: 'mcr.microsoft.com/dotnet/runtime:8.0', role: B, want: 'dotnet:8.0-sdk', note: /build variant is the SDK/ },
  // web servers, data stores
  { src: 'nginx:1.30', role: R, want: 'nginx:1.30', quiet: true },
  { src: 'nginx:1.30', role: B, want: 'nginx:1.30-dev', quiet: true },
  { src: 'nginx:stable-alpine', role: R, want: 'nginx:1.30-alpine', quiet: true },
  { src: 'nginx:mainline', role: R, want: 'nginx:1', quiet: true },
  { src: 'nginx:1.27-alpine', role: R, want: 'nginx:1.30-alpine', warn: /bumped to 1\.30/ },
  { src: 'nginx:1-alpine-perl', role: R, want: { unmapped: /perl-module/ } },
  { src: 'nginx:stable-alpine-slim', role: R, want: 'nginx:1.30-alpine', quiet: true },
  { src: 'node:current-alpine3.22', role: R, want: 'node:26-alpine3.23', note: /this line has no Alpine 3\.22 image; using alpine3\.23/ },
  {
    src: 'mcr.microsoft.com/dotnet/sdk:8.0-alpine3.20',
    role: B,
    want: 'dotnet:8.0-sdk-alpine3.22',
    note: /Alpine 3\.20 has no DHI dotnet image/,
  },
  { src: 'elasticsearch:8.19', role: B, want: 'elasticsearch:8.19', warn: /no -dev image of this kind; the build stage uses 8\.19/ },
  { src: 'memcached:1.6-alpine', role: B, want: 'memcached:1.6-alpine', warn: /no package manager and no shell/ },
  { src: 'httpd:2.4', role: R, want: 'httpd:2.4', quiet: true },
  { src: 'httpd:2.4-alpine', role: R, want: 'httpd:2.4', warn: /no Alpine image of this kind/ },
  { src: 'redis:7', role: R, want: 'redis:7', quiet: true },
  { src: 'redis:7-alpine', role: R, want: 'redis:8-alpine', warn: /redis:7-alpine has no DHI line; bumped to 8/ },
  { src: 'redis:8.6-alpine', role: R, want: 'redis:8.6-alpine', quiet: true },
  { src: 'postgres:16', role: R, want: 'postgres:16', quiet: true },
  { src: 'postgres:16-alpine', role: B, want: 'postgres:16-alpine-dev', quiet: true },
  { src: 'postgres:16.2', role: R, want: 'postgres:16', note: /so 16 is used/ },
  { src: 'postgres:12', role: R, want: 'postgres:14', warn: /bumped to 14/ },
  { src: 'mysql:8.0', role: R, want: 'mysql:8.4', warn: /bumped to 8\.4/ },
  { src: 'mysql:8.4', role: R, want: 'mysql:8.4', quiet: true },
  { src: 'mariadb:11.4', role: R, want: 'mariadb:11.4', quiet: true },
  { src: 'mariadb:10.6', role: R, want: 'mariadb:10.11', warn: /bumped to 10\.11/ },
  { src: 'mongo:8.0', role: R, want: 'mongodb:8.0', note: /`mongo` is `mongodb`/ },
  { src: 'mongo:7.0', role: R, want: 'mongodb:8.0', warn: /bumped to 8\.0/ },
  { src: 'memcached:1.6', role: R, want: 'memcached:1.6', quiet: true },
  { src: 'memcached:1.6-alpine', role: R, want: 'memcached:1.6-alpine', quiet: true },
  { src: 'rabbitmq:4', role: R, want: 'rabbitmq:4', quiet: true },
  { src: 'rabbitmq:3-management', role: R, want: 'rabbitmq:4', warn: /no -management tag/ },
  { src: 'haproxy:3.2', role: R, want: 'haproxy:3.2', quiet: true },
  { src: 'haproxy:2.4', role: R, want: 'haproxy:2.6', warn: /bumped to 2\.6/ },
  // bases
  { src: 'busybox:1.37', role: R, want: 'busybox:1.37', quiet: true },
  { src: 'busybox:musl', role: R, want: 'busybox:1-alpine', warn: /names no version/ },
  { src: 'alpine:3.22', role: R, want: 'alpine-base:3.22', quiet: true },
  { src: 'alpine:3.21', role: B, want: 'alpine-base:3.22-dev', warn: /alpine:3\.21 has no DHI line; bumped to 3\.22/ },
  { src: 'alpine:3.21', role: R, want: { unmapped: /--no-bump/ }, opts: { noBump: true } },
  { src: 'debian:bookworm-slim', role: R, want: 'debian-base:bookworm' },
  { src: 'debian:12', role: B, want: 'debian-base:bookworm-dev', quiet: true },
  { src: 'debian:trixie', role: R, want: 'debian-base:trixie', quiet: true },
  { src: 'debian:bullseye', role: R, want: 'debian-base:bookworm', warn: /bumped to bookworm/ },
  { src: 'ubuntu:24.04', role: R, want: 'debian-base:trixie', warn: /DHI has no Ubuntu images; using Debian 13/ },
  { src: 'ubuntu:22.04', role: B, want: 'debian-base:trixie-dev', warn: /no Ubuntu images/ },
  // distroless
  { src: 'gcr.io/distroless/static', role: R, want: 'static:20250419' },
  { src: 'gcr.io/distroless/static-debian12:nonroot', role: R, want: 'static:20250419-debian12', quiet: true },
  { src: 'gcr.io/distroless/base-debian12', role: R, want: 'static:20250419-glibc-debian12', quiet: true },
  { src: 'gcr.io/distroless/cc', role: R, want: 'static:20250419-glibc', warn: /libstdc\+\+/ },
  { src: 'gcr.io/distroless/python3-debian12', role: R, want: 'python:3.11-debian12', warn: /ENTRYPOINT/ },
  { src: 'gcr.io/distroless/java17-debian12', role: R, want: 'eclipse-temurin:17', warn: /no Debian 12/ },
  { src: 'gcr.io/distroless/nodejs22-debian12', role: R, want: 'node:22-debian12', warn: /\/nodejs\/bin\/node/ },
  // §10 extras
  { src: 'perl:5.40', role: B, want: 'perl:5.40-dev', quiet: true },
  { src: 'bash:5', role: R, want: 'bash:5', quiet: true },
  { src: 'valkey/valkey:8', role: R, want: 'valkey:8', quiet: true },
  { src: 'erlang:27', role: R, want: 'erlang-otp:27', quiet: true },
  { src: 'registry:3', role: R, want: 'distribution-registry:3', quiet: true },
  { src: 'oven/bun:1', role: B, want: 'bun:1-dev', quiet: true },
  { src: 'elasticsearch:8.19.3', role: R, want: 'elasticsearch:8.19', note: /patch release/ },
  // no DHI equivalent / not understood
  { src: 'buildpack-deps:bookworm', role: B, want: { unmapped: /no DHI equivalent of buildpack-deps/ } },
  { src: 'centos:7', role: B, want: { unmapped: /CentOS/ } },
  { src: 'gcc:13', role: B, want: { unmapped: /no DHI gcc image/ } },
  { src: 'wordpress:6.9-fpm', role: R, want: { unmapped: /full-version/ } },
  { src: 'scratch', role: R, want: { unmapped: /empty image/ } },
  { src: 'bitnami/redis:7.2', role: R, want: { unmapped: /no reviewed mapping; DHI has a repository named redis/ } },
  { src: 'example.com/team/app:1', role: R, want: { unmapped: /example\.com\/team\/app: no DHI equivalent known/ } },
  { src: 'golang:1.22-windowsservercore-ltsc2022', role: B, want: { unmapped: /Windows/ } },
  { src: 'python:3.14-rc-alpine', role: R, want: { unmapped: /pre-release/ } },
  { src: 'python:3.12-foo', role: R, want: { unmapped: /unrecognised tag suffix "foo"/ } },
  { src: 'python:${PY}-slim', role: R, want: { unmapped: /unresolved variable/ } },
];

describe('mapImage: table', () => {
  it('has at least 60 verified cases', () => expect(cases.length).toBeGreaterThanOrEqual(60));

  it.each(cases.map((c) => [`${c.src} [${c.role}]${c.opts ? ` ${JSON.stringify(c.opts)}` : ''}`, c] as const))('%s', (_name, c) => {
    const r = map(c.src, c.role, c.opts);
    if (typeof c.want === 'string') {
      expect(out(r)).toBe(c.want);
      if (r.kind !== 'mapped') return;
      expect(catalog.hasTag(r.repo, r.tag)).toBe(true);
      expect(r.facts).toEqual(catalog.facts(r.repo, r.tag));
      if (c.warn)
        expect(
          r.warnings.some((w) => c.warn!.test(w)),
          r.warnings.join('\n'),
        ).toBe(true);
      if (c.note)
        expect(
          r.notes.some((n) => c.note!.test(n)),
          r.notes.join('\n'),
        ).toBe(true);
      if (c.quiet) expect(r.warnings).toEqual([]);
    } else {
      expect(r.kind).toBe('unmapped');
      if (r.kind === 'unmapped') expect(r.reason).toMatch(c.want.unmapped);
    }
  });
});

describe('mapImage: behaviour', () => {
  it('a digest does not change the result', () => {
    const digest = '@sha256:' + 'a'.repeat(64);
    for (const src of ['python:3.12-slim-bookworm', 'node:20-alpine', 'eclipse-temurin:21-jdk', 'gcr.io/distroless/static-debian12']) {
      for (const role of [B, R]) expect(map(src + digest, role)).toEqual(map(src, role));
    }
  });

  it('names normalise: docker.io/library/python is python', () => {
    expect(out(map('docker.io/library/python:3.12', R))).toBe('python:3.12');
    expect(out(map('index.docker.io/library/node:22-alpine', B))).toBe('node:22-alpine-dev');
  });

  it('preferDistro only applies when the source says nothing', () => {
    expect(out(map('node', R, { preferDistro: 'alpine' }))).toBe('node:26-alpine');
    expect(out(map('node:22', R, { preferDistro: 'alpine' }))).toBe('node:22');
    expect(out(map('node:latest', R))).toBe('node:26');
  });

  it('build and runtime of one source land on the same line and distro', () => {
    for (const src of [
      'python:3.12-alpine3.23',
      'node:22-bookworm',
      'golang:1-alpine',
      'php:8.3-fpm-alpine3.22',
      'eclipse-temurin:21-jre-alpine',
      'rust:1-alpine3.23',
    ]) {
      const b = map(src, B);
      const r = map(src, R);
      if (b.kind !== 'mapped' || r.kind !== 'mapped') throw new Error(src);
      expect(b.facts.distro, src).toBe(r.facts.distro);
      expect(catalog.currentVersion(b.repo, b.tag), src).toBe(catalog.currentVersion(r.repo, r.tag));
    }
  });
});

describe('already DHI (idempotence) and rendering', () => {
  it.each([
    ['dhi.io/python:3.12', true],
    ['dhi.io/static:20250419', true],
    ['docker.io/dhi/python:3.12', true],
    ['dhi/node:22', true],
    ['myorg/dhi-python:3.12-dev', true],
    ['registry.example.com/myorg/dhi-node:22', true],
    ['python:3.12', false],
    ['dhi-python:3.12', false],
    ['myorg/python:3.12', false],
  ])('%s -> %s', (text, expected) => {
    expect(isDhiReference(ref(text))).toBe(expected);
    if (expected) expect(map(text, R)).toEqual({ kind: 'already-dhi' });
  });

  it('renders default, mirror-namespace and registry-only forms', () => {
    expect(renderDhiRef('python', '3.12', { registry: null, namespace: null })).toBe('dhi.io/python:3.12');
    expect(renderDhiRef('python', '3.12', { registry: null, namespace: 'acme' })).toBe('acme/dhi-python:3.12');
    expect(renderDhiRef('python', '3.12', { registry: 'registry.acme.io', namespace: 'acme' })).toBe(
      'registry.acme.io/acme/dhi-python:3.12',
    );
    expect(renderDhiRef('python', '3.12', { registry: 'registry.acme.io', namespace: null })).toBe('registry.acme.io/python:3.12');
  });

  it('every rendered form of a mapped image is recognised as already migrated', () => {
    const mirrors = [
      { registry: null, namespace: null },
      { registry: null, namespace: 'acme' },
      { registry: 'registry.acme.io', namespace: 'acme' },
      { registry: 'registry.acme.io', namespace: null },
    ];
    for (const src of ['python:3.12', 'node:22-alpine', 'gcr.io/distroless/static', 'mcr.microsoft.com/dotnet/aspnet:8.0']) {
      const r = map(src, R);
      if (r.kind !== 'mapped') throw new Error(src);
      for (const mirror of mirrors) {
        const again = ref(renderDhiRef(r.repo, r.tag, mirror));
        expect(mapImage(again, R, catalog, { ...defaults, mirror }).kind, JSON.stringify(mirror)).toBe('already-dhi');
      }
    }
  });
});

describe('partnerTag', () => {
  it.each([
    ['python', '3.12-debian12-dev', R, 'python:3.12-debian12'],
    ['python', '3.12-debian12', B, 'python:3.12-debian12-dev'],
    ['node', '22-alpine', B, 'node:22-alpine-dev'],
    ['golang', '1-alpine-dev', R, 'golang:1-alpine'],
    ['eclipse-temurin', '21-jdk-alpine-dev', R, 'eclipse-temurin:21-alpine'],
    ['eclipse-temurin', '21', B, 'eclipse-temurin:21-jdk-dev'],
    ['php', '8.3-fpm', B, 'php:8.3-dev'],
    ['aspnetcore', '8-alpine3.22', B, 'dotnet:8-sdk-alpine3.22'],
    ['dotnet', '8-sdk', R, 'dotnet:8'],
    ['maven', '3-jdk21-alpine3.22-dev', R, 'eclipse-temurin:21-alpine3.22'],
    ['maven', '3.9-jdk21-dev', R, 'eclipse-temurin:21'],
    ['tomcat', '10-jdk17-alpine', B, 'tomcat:10-jdk17-alpine-dev'],
  ] as const)('%s:%s -> %s partner', (repo, tag, role, expected) => {
    const p = partnerTag(repo, tag, role, catalog);
    expect(p && `${p.repo}:${p.tag}`).toBe(expected);
    expect(p!.distro).toBe(catalog.facts(repo, tag)!.distro);
  });

  it('is undefined for unknown tags and missing partners', () => {
    expect(partnerTag('python', '3.9', R, catalog)).toBeUndefined();
    expect(partnerTag('static', '20250419', B, catalog)).toBeUndefined();
  });
});

describe('staticImage', () => {
  it.each([
    ['static', { family: 'debian', exact: null }, '20250419'],
    ['glibc', { family: 'debian', exact: null }, '20250419-glibc'],
    ['static', { family: 'debian', exact: 'debian12' }, '20250419-debian12'],
    ['glibc', { family: 'debian', exact: 'debian12' }, '20250419-glibc-debian12'],
    ['static', { family: 'alpine', exact: null }, '20260611-alpine'],
    ['musl', { family: 'alpine', exact: null }, '20260611-musl-alpine'],
    ['static', { family: 'alpine', exact: 'alpine3.22' }, '20260611-alpine3.22'],
    ['glibc', { family: 'alpine', exact: null }, undefined],
    ['musl', { family: 'debian', exact: null }, undefined],
  ] as const)('%s on %j -> %s', (kind, distro, tag) => {
    expect(staticImage(kind, distro, catalog)?.tag).toBe(tag);
  });
});

describe('source table', () => {
  const table = sourceTable();
  it('every target repo, alias and shape exists in the catalog', () => {
    for (const [name, entry] of Object.entries(table.images)) {
      expect(catalog.hasRepo(entry.repo), name).toBe(true);
      for (const [word, version] of Object.entries(entry.aliases ?? {})) {
        // Retired codenames (node fermium = 14) are bumped; current words must exist as they are.
        const r = map(`${name}:${word}`, R);
        expect(r.kind, `${name}:${word}`).toBe('mapped');
        const live = catalog.lines({ repo: entry.repo, distro: { family: entry.family ?? 'debian', exact: null }, dev: false });
        if (r.kind === 'mapped' && r.warnings.length === 0)
          expect(
            live.some((l) => l.version === version),
            `${name}:${word} -> ${version}`,
          ).toBe(true);
      }
    }
    for (const [repo, roles] of [...Object.entries(table.targets), ...Object.entries(table.partners)]) {
      if (repo.startsWith('$')) continue;
      for (const shape of Object.values(roles))
        expect(catalog.hasVariant(shape.repo ?? repo, shape.flavour ?? [], shape.dev ?? false), repo).toBe(true);
    }
    for (const [key, entry] of Object.entries(table.distroless)) {
      if (key.startsWith('$')) continue;
      expect(catalog.hasRepo(entry.repo ?? 'static'), key).toBe(true);
    }
  });

  it('names with no DHI equivalent are not also mapped', () => {
    for (const name of Object.keys(table.unmapped)) expect(table.images[name], name).toBeUndefined();
  });
});

describe('property: a mapped result is always a published, unpinned tag', () => {
  const versions = [
    null,
    'latest',
    '1',
    '2',
    '3',
    '5',
    '8',
    '11',
    '17',
    '21',
    '22',
    '3.9',
    '3.12',
    '3.13.1',
    '1.26',
    '1.30',
    '8.0',
    '8.3',
    '16',
    '27',
    'lts',
    'stable',
  ];
  const suffixes = [
    '',
    'slim',
    'alpine',
    'alpine3.21',
    'alpine3.23',
    'bookworm',
    'slim-bookworm',
    'trixie',
    'jammy',
    'fpm',
    'jdk',
    'jre-alpine',
    'fpm-alpine3.22',
    'eclipse-temurin-21',
    'jdk17',
  ];
  const names = [
    ...Object.keys(sourceTable().images),
    'gcr.io/distroless/static-debian12',
    'gcr.io/distroless/java21',
    'gcr.io/distroless/python3',
  ];

  function check(name: string, version: string | null, suffix: string, role: Role, noBump: boolean): boolean {
    const tag = [version, suffix].filter(Boolean).join('-');
    const r = mapImage(ref(tag ? `${name}:${tag}` : name), role, catalog, { ...defaults, noBump });
    if (r.kind !== 'mapped') {
      if (r.kind === 'unmapped') expect(r.reason.length).toBeGreaterThan(10);
      return false;
    }
    expect(catalog.hasTag(r.repo, r.tag), `${name}:${tag} -> ${r.repo}:${r.tag}`).toBe(true);
    expect(parseDhiTag(r.tag).pinned, `${r.repo}:${r.tag}`).toBe(false);
    expect(r.facts).toEqual(catalog.facts(r.repo, r.tag));
    if (noBump) expect(r.warnings.join('\n')).not.toMatch(/bumped/);
    return true;
  }

  it('exhaustively over a cross product of sources, versions and suffixes', () => {
    let mapped = 0;
    for (const name of names) {
      for (const version of versions) {
        for (const suffix of suffixes) {
          for (const role of [B, R]) {
            if (check(name, version, suffix, role, false)) mapped++;
            check(name, version, suffix, role, true);
          }
        }
      }
    }
    expect(mapped).toBeGreaterThan(1000);
  }, 60_000);

  it('randomly over token soup', () => {
    const token = fc.constantFrom(
      'slim',
      'alpine',
      'alpine3.22',
      'bookworm',
      'trixie',
      'jdk',
      'jre',
      'fpm',
      'cli',
      'noble',
      'amd64',
      'dev',
      'rc',
      'x',
      'alpine-3.23',
      'jdk21',
    );
    const version = fc.oneof(
      fc.constant(null),
      fc.constantFrom('latest', 'lts'),
      fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 4 }).map((p) => p.join('.')),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        version,
        fc.array(token, { maxLength: 3 }),
        fc.boolean(),
        fc.boolean(),
        (name, v, tokens, build, noBump) => {
          check(name, v, tokens.join('-'), build ? B : R, noBump);
        },
      ),
      { numRuns: 2000 },
    );
  }, 60_000);
});

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Catalog, type ImageFacts } from './catalog.js';
import { catalogDataFile } from './data-path.js';
import { packageRoot } from '../package-root.js';
import { parseDhiTag } from './tag-shape.js';

const catalog = Catalog.builtin();
const root = packageRoot();
const generatorPath = join(root, 'scripts', 'generate-catalog.mjs');

interface Generator {
  DEFAULT_INPUT: string;
  generate(rawText: string): string;
  buildCatalogData(raw: unknown): { repos: Record<string, unknown[]> };
}
const generator = (await import(pathToFileURL(generatorPath).href)) as Generator;
const sharedPresent = existsSync(generator.DEFAULT_INPUT);

const pick = (f: ImageFacts | undefined) => f && { tag: f.tag, distro: f.distro, variant: f.variant };

describe('generated data', () => {
  it('is loaded once and describes the snapshot the facts were written from', () => {
    expect(Catalog.builtin()).toBe(catalog);
    expect(catalog.snapshot).toEqual({
      source: 'github.com/docker-hardened-images/catalog (image/*/*/*.yaml)',
      commit: '30c3db971dffbab14c3e400e021e76c27ef950fe',
      date: '2026-08-22',
    });
    expect(catalog.repos()).toHaveLength(554);
    const text = readFileSync(catalogDataFile('dhi-catalog.json'), 'utf8');
    expect(Buffer.byteLength(text)).toBeLessThan(1_000_000);
    expect(JSON.parse(text).generatedBy).toBe('scripts/generate-catalog.mjs');
  });

  it.skipIf(!sharedPresent)('is in sync with the generator and ../shared/dhi-catalog/catalog.json', () => {
    const raw = readFileSync(generator.DEFAULT_INPUT, 'utf8');
    const committed = readFileSync(catalogDataFile('dhi-catalog.json'), 'utf8');
    // If this fails: run `npm run catalog:generate` and commit the result.
    expect(generator.generate(raw)).toBe(committed);
  });

  it.skipIf(!sharedPresent)('loses nothing the tool reads: the raw dataset indexes identically', () => {
    const fromRaw = Catalog.fromFile(generator.DEFAULT_INPUT);
    expect(fromRaw.snapshot).toEqual(catalog.snapshot);
    for (const repo of ['python', 'node', 'eclipse-temurin', 'dotnet', 'static', 'maven']) {
      expect(fromRaw.tags(repo).sort()).toEqual(catalog.tags(repo).sort());
      for (const tag of fromRaw.tags(repo)) expect(fromRaw.facts(repo, tag)).toEqual(catalog.facts(repo, tag));
    }
  });

  if (!sharedPresent) {
    it('drift check skipped: ../shared/dhi-catalog/catalog.json is not present', () => {
      console.warn(`catalog drift test skipped: ${generator.DEFAULT_INPUT} not found`);
    });
  }

  it('the generator is deterministic and rejects a tag in two definitions', () => {
    const raw = {
      source: 's',
      commit: 'c',
      date: 'd',
      repos: {
        b: {
          categories: ['x'],
          definitions: [
            {
              file: 'debian-13/1.yaml',
              distro: 'debian13',
              variant: 'runtime',
              tags: ['1'],
              user: 'nonroot',
              uid: 65532,
              entrypoint: null,
              cmd: null,
              workdir: null,
              shell: false,
              packageManager: false,
              path: null,
              ports: null,
              endOfLife: null,
            },
          ],
        },
        a: { categories: [], definitions: [] },
      },
    };
    const once = generator.generate(JSON.stringify(raw));
    expect(generator.generate(JSON.stringify(raw))).toBe(once);
    expect(Object.keys(JSON.parse(once).repos)).toEqual(['a', 'b']);
    // null fields are omitted and read back as null
    expect(JSON.parse(once).repos.b[0]).not.toHaveProperty('workdir');
    expect(Catalog.fromData(JSON.parse(once)).facts('b', '1')?.workdir).toBeNull();
    const dup = structuredClone(raw);
    dup.repos.b.definitions.push({ ...dup.repos.b.definitions[0]!, file: 'debian-13/2.yaml' });
    expect(() => generator.buildCatalogData(dup)).toThrow(/tag 1 in both/);
  });
});

describe('facts (dhi-facts §13.2 worked examples)', () => {
  it('A: python 3.12 on Debian 12, runtime and its build partner', () => {
    const rt = catalog.facts('python', '3.12-debian12')!;
    expect(rt).toMatchObject({
      distro: 'debian12',
      variant: 'runtime',
      user: 'nonroot',
      uid: 65532,
      entrypoint: null,
      cmd: ['python3'],
      shell: false,
    });
    expect(rt.path).toMatch(/^\/opt\/python\/bin:/);
    expect(catalog.facts('python', '3.12-debian12-dev')).toMatchObject({
      variant: 'dev',
      user: 'root',
      uid: 0,
      shell: true,
      packageManager: true,
    });
  });

  it('B: node 22-alpine is Alpine 3.24, user node 1000, no entrypoint, CMD node, WORKDIR /app', () => {
    expect(catalog.facts('node', '22-alpine')).toMatchObject({
      distro: 'alpine3.24',
      user: 'node',
      uid: 1000,
      entrypoint: null,
      cmd: ['node'],
      workdir: '/app',
      shell: false,
    });
    expect(catalog.hasTag('node', '22-alpine3.24')).toBe(true);
    expect(catalog.facts('node', '22-alpine-dev')).toMatchObject({ user: 'root', cmd: ['node'], shell: true });
  });

  it('C: no runtime eclipse-temurin tag is a JDK; the JDK is -jdk-dev', () => {
    const runtimeJdk = catalog
      .tags('eclipse-temurin')
      .filter((t) => t.includes('jdk') && catalog.facts('eclipse-temurin', t)!.variant === 'runtime');
    expect(runtimeJdk).toEqual([]);
    expect(catalog.facts('eclipse-temurin', '21-jdk-dev')).toMatchObject({ user: 'root', cmd: ['/bin/bash'] });
    expect(catalog.facts('eclipse-temurin', '21')).toMatchObject({ user: 'nonroot', cmd: ['java', '--help'], shell: false });
  });

  it('nearest line: python on Debian 13 has 3.10-3.14 and no 3.9', () => {
    const lines = catalog.lines({ repo: 'python', distro: { family: 'debian', exact: null }, dev: false }).map((l) => l.version);
    expect(lines).toEqual(['3', '3.10', '3.11', '3.12', '3.13', '3.14']);
    expect(catalog.findTag({ repo: 'python', version: '3.9', distro: { family: 'debian', exact: null }, dev: false })).toBeUndefined();
  });

  it('uid: numeric users without a uid are parsed, root is 0', () => {
    const def = (user: string) => ({
      file: 'f',
      distro: 'debian13',
      variant: 'runtime',
      tags: [user],
      user,
      uid: null,
      shell: false,
      packageManager: false,
    });
    const c = Catalog.fromData({ source: 's', commit: 'c', date: 'd', repos: { r: [def('1234'), def('root'), def('nonroot')] } });
    expect(c.facts('r', '1234')?.uid).toBe(1234);
    expect(c.facts('r', 'root')?.uid).toBe(0);
    expect(c.facts('r', 'nonroot')?.uid).toBeNull();
  });

  it('rejects malformed data with a clear error', () => {
    expect(() => Catalog.fromData({})).toThrow(/no "repos"/);
    expect(() => Catalog.fromData({ source: 's', commit: 'c', date: 'd', repos: { r: [{ tags: ['1'], variant: 'x' }] } })).toThrow(/r\//);
  });
});

describe('findTag: tag shapes differ per repo (dhi-facts §3.4), all resolved from the data', () => {
  const deb = { family: 'debian', exact: null } as const;
  const alp = (exact: string | null = null) => ({ family: 'alpine', exact }) as const;
  const cases: [string, Parameters<Catalog['findTag']>[0], string | undefined][] = [
    ['python Alpine 3.22 dev', { repo: 'python', version: '3.13', distro: alp('alpine3.22'), dev: true }, '3.13-alpine3.22-dev'],
    ['node Debian 12', { repo: 'node', version: '22', distro: { family: 'debian', exact: 'debian12' }, dev: false }, '22-debian12'],
    [
      'temurin JDK on Alpine 3.22',
      { repo: 'eclipse-temurin', version: '21', distro: alp('alpine3.22'), dev: true, flavour: ['jdk'] },
      '21-jdk-alpine3.22-dev',
    ],
    ['temurin JRE bare', { repo: 'eclipse-temurin', version: '21', distro: deb, dev: false }, '21'],
    [
      'dotnet SDK on Alpine 3.22',
      { repo: 'dotnet', version: '8', distro: alp('alpine3.22'), dev: false, flavour: ['sdk'] },
      '8-sdk-alpine3.22',
    ],
    [
      'dotnet SDK Debian 13 exact prefers bare',
      { repo: 'dotnet', version: '10', distro: { family: 'debian', exact: 'debian13' }, dev: false, flavour: ['sdk'] },
      '10-sdk',
    ],
    ['aspnetcore dev', { repo: 'aspnetcore', version: '8', distro: deb, dev: true }, '8-dev'],
    [
      'maven jdk21 Alpine 3.22',
      { repo: 'maven', version: '3', distro: alp('alpine3.22'), dev: true, flavour: ['jdk21'] },
      '3-jdk21-alpine3.22-dev',
    ],
    ['gradle 9.7 jdk21', { repo: 'gradle', version: '9.7', distro: deb, dev: true, flavour: ['jdk21'] }, '9.7-jdk21-dev'],
    ['php fpm Alpine 3.22', { repo: 'php', version: '8.3', distro: alp('alpine3.22'), dev: false, flavour: ['fpm'] }, '8.3-alpine3.22-fpm'],
    ['php fpm has no -dev', { repo: 'php', version: '8.3', distro: deb, dev: true, flavour: ['fpm'] }, undefined],
    ['tomcat floating alpine', { repo: 'tomcat', version: '11', distro: alp(), dev: false, flavour: ['jdk21'] }, '11-jdk21-alpine'],
    [
      'influxdb core (distro before flavour)',
      { repo: 'influxdb', version: '3', distro: { family: 'debian', exact: 'debian13' }, dev: false, flavour: ['core'] },
      '3-core',
    ],
    ['static glibc Debian 13', { repo: 'static', version: null, distro: deb, dev: false, flavour: ['glibc'] }, '20250419-glibc'],
    [
      'static Debian 12',
      { repo: 'static', version: null, distro: { family: 'debian', exact: 'debian12' }, dev: false },
      '20250419-debian12',
    ],
    [
      'static musl floating Alpine',
      { repo: 'static', version: null, distro: alp(), dev: false, flavour: ['musl'] },
      '20260611-musl-alpine',
    ],
    ['alpine-base exact', { repo: 'alpine-base', version: '3.23', distro: alp('alpine3.23'), dev: false }, '3.23'],
    ['alpine-base dev', { repo: 'alpine-base', version: '3.23', distro: alp(), dev: true }, '3.23-dev'],
    ['alpine-base newest', { repo: 'alpine-base', version: null, distro: alp(), dev: false }, '3.24'],
    [
      'debian-base bookworm',
      { repo: 'debian-base', version: null, distro: { family: 'debian', exact: 'debian12' }, dev: false },
      'bookworm',
    ],
    ['debian-base trixie dev', { repo: 'debian-base', version: null, distro: deb, dev: true }, 'trixie-dev'],
    ['golang newest Debian = floating major', { repo: 'golang', version: null, distro: deb, dev: false }, '1'],
    ['golang newest Alpine', { repo: 'golang', version: null, distro: alp(), dev: false }, '1-alpine'],
    ['mysql lts word', { repo: 'mysql', version: 'lts', distro: deb, dev: false }, 'lts'],
    ['sfw-dev never matches the plain -dev query', { repo: 'python', version: '3.13', distro: deb, dev: true }, '3.13-dev'],
    ['no Debian 12 node 26', { repo: 'node', version: '26', distro: { family: 'debian', exact: 'debian12' }, dev: false }, undefined],
    ['unknown repo', { repo: 'nope', version: '1', distro: deb, dev: false }, undefined],
  ];
  it.each(cases)('%s', (_name, query, tag) => {
    const found = catalog.findTag(query);
    expect(found?.tag).toBe(tag);
    if (found) expect(catalog.hasTag(query.repo, found.tag)).toBe(true);
  });

  it('floating majors resolve per distro (§3.5)', () => {
    expect(catalog.currentVersion('golang', '1')).toBe('1.26');
    expect(catalog.currentVersion('golang', '1-alpine')).toBe('1.27');
    expect(catalog.currentVersion('rust', '1-alpine3.23')).toBe('1.97');
    expect(catalog.currentVersion('rust', '1-alpine')).toBe('1.96');
    expect(
      pick(catalog.findTag({ repo: 'tomcat', version: '11', distro: { family: 'alpine', exact: null }, dev: false, flavour: ['jdk21'] }))
        ?.distro,
    ).toBe('alpine3.22');
  });

  it('never offers patch or revision tags as lines', () => {
    for (const repo of ['python', 'node', 'amazoncorretto', 'maven', 'eclipse-temurin']) {
      for (const dev of [false, true]) {
        for (const distro of [
          { family: 'debian', exact: null },
          { family: 'alpine', exact: null },
        ] as const) {
          for (const line of catalog.lines({ repo, distro, dev })) {
            expect(parseDhiTag(line.facts.tag).pinned, `${repo}:${line.facts.tag}`).toBe(false);
            expect(line.facts.tag).not.toMatch(/^\d+\.\d+\.\d+|^\d+u\d+/);
          }
        }
      }
    }
  });

  it('distros() and per-(distro, variant) definitions', () => {
    expect(catalog.distros('python')).toEqual(['debian12', 'debian13', 'alpine3.22', 'alpine3.23', 'alpine3.24']);
    expect(catalog.distros('ruby')).not.toContain('debian12');
    const defs = catalog.definitions('python', 'debian12', 'runtime');
    expect(defs).toHaveLength(5);
    expect(defs.every((d) => d.variant === 'runtime' && d.distro === 'debian12')).toBe(true);
  });
});

describe('tag decomposition agrees with every definition', () => {
  it('distro token and -dev match the definition, except the documented oddities', () => {
    const odd = new Set<string>();
    for (const repo of catalog.repos()) {
      for (const tag of catalog.tags(repo)) {
        const s = catalog.shape(repo, tag)!;
        const f = catalog.facts(repo, tag)!;
        const t = s.distroToken;
        const distroOk =
          t === '' || t === 'debian' ? f.distro === 'debian13' : t === 'alpine' ? f.distro.startsWith('alpine') : t === f.distro;
        if (!distroOk || s.dev !== (f.variant === 'dev')) odd.add(repo);
      }
    }
    // alpine-base / debian-base: bare tags are not Debian 13; build / sbx-templates: dev images without -dev (§3.3).
    expect([...odd].sort()).toEqual(['alpine-base', 'build', 'debian-base', 'sbx-templates']);
  });

  it('parses shapes in any suffix order', () => {
    expect(parseDhiTag('3-jdk21-alpine3.22-dev')).toMatchObject({
      version: '3',
      distroToken: 'alpine3.22',
      flavour: ['jdk21'],
      dev: true,
      pinned: false,
    });
    expect(parseDhiTag('8.3-alpine3.22-fpm')).toMatchObject({ version: '8.3', distroToken: 'alpine3.22', flavour: ['fpm'], dev: false });
    expect(parseDhiTag('3.14-debian13-sfw-ent-dev')).toMatchObject({ flavour: ['ent', 'sfw'], dev: true });
    expect(parseDhiTag('3.14.7-0-debian-dev').pinned).toBe(true);
    expect(parseDhiTag('3.9.16-r0-jdk21-alpine-dev')).toMatchObject({ pinned: true, flavour: ['jdk21'], distroToken: 'alpine' });
    expect(parseDhiTag('8u502.b07-jdk-alpine3.22-dev').pinned).toBe(true);
    expect(parseDhiTag('20250419-glibc-debian12')).toMatchObject({
      version: '20250419',
      parts: [20250419],
      flavour: ['glibc'],
      distroToken: 'debian12',
    });
  });
});

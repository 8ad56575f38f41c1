import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { clearConfigCache, ConfigError, findConfigFile, loadConfigFor, optionsForRepo } from './index.js';
import { isIncluded } from './glob.js';
import { runCli } from '../../test/run-cli.js';
import { mapImage, renderDhiRef } from '../catalog/mapping.js';
import { parseImageRef } from '../dockerfile/image-ref.js';
import { Catalog } from '../catalog/catalog.js';
import type { MigrateOptions } from '../engine/options.js';

let dir: string;
beforeEach(() => {
  clearConfigCache();
  dir = mkdtempSync(join(tmpdir(), 'dhi-config-'));
});

function write(rel: string, text: string): string {
  const path = join(dir, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

const cli = (args: string[]) => runCli(args, dir);

function mapWith(options: MigrateOptions, image: string, role: 'build' | 'runtime' = 'runtime'): string {
  const mirror = { registry: options.registry, namespace: options.namespace };
  const r = mapImage(parseImageRef(image)!, role, Catalog.builtin(), {
    noBump: options.noBump,
    preferDistro: options.preferDistro,
    mirror,
    mappings: options.mappings,
    builtin: options.builtinMappings,
  });
  if (r.kind === 'mapped') return renderDhiRef(r.repo, r.tag, r.mirror ?? mirror);
  return r.kind === 'unmapped' ? `unmapped: ${r.reason}` : 'already-dhi';
}

describe('config discovery', () => {
  it('finds the nearest .dhi-migrate.yaml upward from the Dockerfile; the nearest wins whole', () => {
    write('.dhi-migrate.yaml', 'bump: false\ndistro: alpine\n');
    write('svc/a/Dockerfile', 'FROM python:3.12\n');
    write('svc/b/.dhi-migrate.json', '{ "split": false }\n');
    write('svc/b/Dockerfile', 'FROM python:3.12\n');
    const a = loadConfigFor(join(dir, 'svc/a/Dockerfile'));
    expect(a.source).toBe(join(dir, '.dhi-migrate.yaml'));
    expect(a.options.noBump).toBe(true);
    expect(a.options.preferDistro).toBe('alpine');
    const b = loadConfigFor(join(dir, 'svc/b/Dockerfile'));
    expect(b.source).toBe(join(dir, 'svc/b/.dhi-migrate.json'));
    expect(b.options.split).toBe(false);
    expect(b.options.noBump).toBe(false);
  });

  it('reads the "dhi-migrate" key of package.json, and skips a package.json without it', () => {
    write('package.json', JSON.stringify({ name: 'x', 'dhi-migrate': { registry: 'registry.corp', namespace: 'dhi' } }));
    write('app/package.json', JSON.stringify({ name: 'app' }));
    write('app/Dockerfile', 'FROM node:22\n');
    const c = loadConfigFor(join(dir, 'app/Dockerfile'));
    expect(c.source).toBe(join(dir, 'package.json'));
    expect(c.options.registry).toBe('registry.corp');
    expect(c.options.namespace).toBe('dhi');
  });

  it('no config: defaults, source null; stopAt bounds the search (batch: one repository)', () => {
    write('.dhi-migrate.yaml', 'bump: false\n');
    write('repo/Dockerfile', 'FROM node:22\n');
    expect(findConfigFile(join(dir, 'repo'), join(dir, 'repo'))).toBeNull();
    expect(optionsForRepo(join(dir, 'repo')).noBump).toBe(false);
    expect(loadConfigFor(join(dir, 'repo')).options.noBump).toBe(true);
  });

  it('two config files in one directory is an error', () => {
    write('.dhi-migrate.yaml', 'bump: false\n');
    write('.dhi-migrate.json', '{}\n');
    expect(configError(() => loadConfigFor(dir))).toMatch(/more than one config file \(\.dhi-migrate\.yaml, \.dhi-migrate\.json\)/);
  });

  it('flags override the file; --disable adds to the rules the file turns off', () => {
    write('.dhi-migrate.yaml', 'bump: false\nregistry: registry.corp\nnamespace: dhi\n');
    const c = loadConfigFor(dir, { overrides: { noBump: false, namespace: 'other', disabledRules: ['base-image'] } });
    expect(c.options).toMatchObject({ noBump: false, registry: 'registry.corp', namespace: 'other', disabledRules: ['base-image'] });
  });

  it('rules: on/off, enabled and options', () => {
    write(
      '.dhi-migrate.yaml',
      'rules:\n  base-image:\n    enabled: false\n  non-root-user:\n    options: { numericUser: true }\n  privileged-port: { options: { unprivilegedPortStart: 0 } }\n',
    );
    const c = loadConfigFor(dir);
    expect(c.options.disabledRules).toEqual(['base-image']);
    expect(c.options.ruleOptions).toEqual({ 'non-root-user': { numericUser: true }, 'privileged-port': { unprivilegedPortStart: 0 } });
    clearConfigCache();
    write('.dhi-migrate.yaml', 'rules:\n  base-image: off\n');
    expect(loadConfigFor(dir).options.disabledRules).toEqual(['base-image']);
  });
});

describe('config validation errors name file, line, key and what was expected', () => {
  const cases: [string, string, RegExp][] = [
    [
      'unknown key',
      'bump: false\nsplitt: true\n',
      /^\.dhi-migrate\.yaml:2:1: splitt: unknown key \(expected one of: registry, namespace, distro, bump, split, rules, include, exclude, mappings, builtinMappings\)$/,
    ],
    ['wrong type', 'bump: "no"\n', /^\.dhi-migrate\.yaml:1:7: bump: expected true or false, got "no"$/],
    ['bad choice', 'distro: ubuntu\n', /^\.dhi-migrate\.yaml:1:9: distro: expected "debian" or "alpine", got "ubuntu"$/],
    ['unknown rule', 'rules:\n  base-imag: off\n', /^\.dhi-migrate\.yaml:2:3: rules\.base-imag: unknown rule \(known: .*base-image.*\)$/],
    [
      'bad rule value',
      'rules:\n  base-image: maybe\n',
      /^\.dhi-migrate\.yaml:2:15: rules\.base-image: expected on, off, true, false or \{enabled.*got "maybe"$/,
    ],
    [
      'rule without options',
      'rules:\n  base-image: { options: { keepDigest: true } }\n',
      /^\.dhi-migrate\.yaml:2:28: rules\.base-image\.options\.keepDigest: unknown option \(base-image has no options\)$/,
    ],
    [
      'unknown rule option',
      'rules:\n  non-root-user:\n    options:\n      numeric: true\n',
      /^\.dhi-migrate\.yaml:4:7: rules\.non-root-user\.options\.numeric: unknown option \(non-root-user has: numericUser\)$/,
    ],
    [
      'rule option type',
      'rules:\n  non-root-user: { options: { numericUser: "yes" } }\n',
      /^\.dhi-migrate\.yaml:2:44: rules\.non-root-user\.options\.numericUser: expected true or false, got "yes"$/,
    ],
    [
      'rule option range',
      'rules:\n  privileged-port: { options: { unprivilegedPortStart: 70000 } }\n',
      /rules\.privileged-port\.options\.unprivilegedPortStart: expected an integer from 0 to 65536, got 70000$/,
    ],
    ['bad glob list', 'exclude: {a: 1}\n', /^\.dhi-migrate\.yaml:1:10: exclude: expected a list of glob patterns, got a mapping$/],
    [
      'bad mapping target',
      'mappings:\n  corp/python: Python 3\n',
      /^\.dhi-migrate\.yaml:2:16: mappings\.corp\/python: expected a DHI repository name/,
    ],
    [
      'mapping without repo',
      'mappings:\n  corp/python: {tag: "3.12"}\n',
      /^\.dhi-migrate\.yaml:2:16: mappings\.corp\/python: expected a "repo" key/,
    ],
    [
      'mirror without namespace',
      'mappings:\n  corp/python: {repo: python, mirror: {registry: r.corp}}\n',
      /mappings\.corp\/python\.mirror: expected a namespace/,
    ],
    ['bad registry', 'registry: "https://x"\n', /^\.dhi-migrate\.yaml:1:11: registry: expected a registry host/],
    ['YAML syntax', 'bump: [\n', /^\.dhi-migrate\.yaml:\d+:\d+: invalid YAML: /],
    ['duplicate key', 'bump: true\nbump: false\n', /^\.dhi-migrate\.yaml:2:1: invalid YAML: Map keys must be unique/],
    ['not a mapping', '- a\n- b\n', /^\.dhi-migrate\.yaml:1:1: expected a mapping of keys to values, got a list$/],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => {
      write('.dhi-migrate.yaml', text);
      const prev = process.cwd();
      process.chdir(dir);
      try {
        expect(configError(() => loadConfigFor(dir))).toMatch(expected);
      } finally {
        process.chdir(prev);
      }
    });
  }

  it('JSON config: errors carry JSON positions too', () => {
    write('.dhi-migrate.json', '{\n  "bump": false,\n  "split": "yes"\n}\n');
    const prev = process.cwd();
    process.chdir(dir);
    try {
      expect(configError(() => loadConfigFor(dir))).toBe('.dhi-migrate.json:3:12: split: expected true or false, got "yes"');
    } finally {
      process.chdir(prev);
    }
  });

  it('package.json: key path starts at dhi-migrate', () => {
    write('package.json', '{\n  "name": "x",\n  "dhi-migrate": { "bogus": 1 }\n}\n');
    const prev = process.cwd();
    process.chdir(dir);
    try {
      expect(configError(() => loadConfigFor(dir))).toMatch(/^package\.json:3:20: dhi-migrate\.bogus: unknown key/);
    } finally {
      process.chdir(prev);
    }
  });
});

describe('CLI with config files', () => {
  it('a malformed config: one error line, exit 2, nothing written (even for files under other configs)', async () => {
    write('a/Dockerfile', 'FROM python:3.12\n');
    write('b/.dhi-migrate.yaml', 'bump: maybe\n');
    write('b/Dockerfile', 'FROM python:3.12\n');
    const r = await cli(['--write', '.']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('dhi-migrate: b/.dhi-migrate.yaml:1:7: bump: expected true or false, got "maybe"\n');
    expect(r.out).toBe('');
    expect(readFileSync(join(dir, 'a/Dockerfile'), 'utf8')).toBe('FROM python:3.12\n');
  });

  it('include/exclude globs filter walked files; a file named on the command line always runs', async () => {
    write('.dhi-migrate.yaml', 'exclude:\n  - testdata/\n  - "**/*.skip.Dockerfile"\n');
    write('svc/Dockerfile', 'FROM python:3.12\n');
    write('svc/testdata/Dockerfile', 'FROM python:3.12\n');
    write('svc/old.skip.Dockerfile', 'FROM python:3.12\n');
    const r = await cli(['-q', '.']);
    expect(r.out).toContain('a/svc/Dockerfile');
    expect(r.out).not.toContain('testdata');
    expect(r.out).not.toContain('skip');
    const named = await cli(['-q', 'svc/testdata/Dockerfile']);
    expect(named.out).toContain('a/svc/testdata/Dockerfile');
  });

  it('include narrows to matching files', () => {
    expect(isIncluded('services/api/Dockerfile', ['services/**'], [])).toBe(true);
    expect(isIncluded('tools/Dockerfile', ['services/**'], [])).toBe(false);
    expect(isIncluded('a/b/Dockerfile.dev', ['Dockerfile.{dev,ci}'], [])).toBe(true);
    expect(isIncluded('a/b/Dockerfile.prod', ['Dockerfile.{dev,ci}'], [])).toBe(false);
  });

  it('CLI flags override the config file; --no-config ignores it', async () => {
    write('.dhi-migrate.yaml', 'registry: registry.corp\nnamespace: dhi\n');
    write('Dockerfile', 'FROM python:3.12\n');
    expect((await cli(['-q', '.'])).out).toContain('+FROM registry.corp/dhi/dhi-python:3.12\n');
    expect((await cli(['-q', '--namespace', 'team', '.'])).out).toContain('+FROM registry.corp/team/dhi-python:3.12\n');
    expect((await cli(['-q', '--no-config', '.'])).out).toContain('+FROM dhi.io/python:3.12\n');
    write('other.yaml', 'namespace: other\n');
    expect((await cli(['-q', '--config', 'other.yaml', '.'])).out).toContain('+FROM other/dhi-python:3.12\n');
  });

  it('--config naming a missing file is a usage error', async () => {
    write('Dockerfile', 'FROM python:3.12\n');
    const r = await cli(['--config', 'nope.yaml', '.']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('dhi-migrate: --config: nope.yaml: no such file\n');
  });
});

describe('custom mappings', () => {
  it('map an internal base image to a DHI repo with the tag policy applied (role, distro, precision)', () => {
    write('.dhi-migrate.yaml', 'mappings:\n  corp.example/base/python: python\n');
    const { options } = loadConfigFor(dir);
    expect(mapWith(options, 'corp.example/base/python:3.12')).toBe('dhi.io/python:3.12');
    expect(mapWith(options, 'corp.example/base/python:3.12-slim-bookworm', 'build')).toBe('dhi.io/python:3.12-debian12-dev');
    expect(mapWith(options, 'corp.example/base/python:3.12-alpine')).toBe('dhi.io/python:3.12-alpine');
    // The built-in table still applies to everything else.
    expect(mapWith(options, 'node:22')).toBe('dhi.io/node:22');
  });

  it('an exact name:tag key wins over the bare name; tag rewrites an internal tag scheme', () => {
    write('.dhi-migrate.yaml', 'mappings:\n  corp/py: python\n  corp/py:stable: { repo: python, tag: 3.10 }\n');
    const { options } = loadConfigFor(dir);
    expect(mapWith(options, 'corp/py:stable')).toBe('dhi.io/python:3.10');
    expect(mapWith(options, 'corp/py:3.13')).toBe('dhi.io/python:3.13');
  });

  it('a mapping can write to a company mirror, and false leaves an image alone', () => {
    write(
      '.dhi-migrate.yaml',
      'mappings:\n  corp/jdk: { repo: eclipse-temurin, mirror: { registry: registry.corp, namespace: dhi } }\n  python: false\n',
    );
    const { options } = loadConfigFor(dir);
    expect(mapWith(options, 'corp/jdk:21')).toBe('registry.corp/dhi/dhi-eclipse-temurin:21');
    expect(mapWith(options, 'python:3.12')).toMatch(/^unmapped: python:3\.12: left alone by your mapping \(.*\.dhi-migrate\.yaml:3\)$/);
  });

  it('a mapping to a repository the catalog lacks is reported, never invented', () => {
    write('.dhi-migrate.yaml', 'mappings:\n  corp/x: not-a-dhi-repo\n');
    expect(mapWith(loadConfigFor(dir).options, 'corp/x:1')).toMatch(
      /names DHI repository "not-a-dhi-repo", which the catalog snapshot lacks/,
    );
  });

  it('--mappings FILE overlays the config key by key; --no-builtin drops the built-in table', async () => {
    write('.dhi-migrate.yaml', 'mappings:\n  corp/py: python\n  corp/node: node\n');
    write('extra.yaml', 'mappings:\n  corp/node: false\n  corp/go: golang\n');
    const c = loadConfigFor(dir, { mappingsFile: join(dir, 'extra.yaml') });
    expect(mapWith(c.options, 'corp/py:3.12')).toBe('dhi.io/python:3.12');
    expect(mapWith(c.options, 'corp/node:22')).toMatch(/left alone/);
    expect(mapWith(c.options, 'corp/go:1.26')).toBe('dhi.io/golang:1.26');
    const only = loadConfigFor(dir, { overrides: { builtinMappings: false } });
    expect(mapWith(only.options, 'corp/py:3.12')).toBe('dhi.io/python:3.12');
    expect(mapWith(only.options, 'node:22')).toMatch(/no mapping in your configuration \(built-in mappings are off\)/);

    write('Dockerfile', 'FROM corp/py:3.12 AS build\nFROM node:22\n');
    const r = await cli(['-q', '--no-builtin', '.']);
    expect(r.out).toContain('+FROM dhi.io/python:3.12-dev AS build');
    expect(r.out).not.toContain('dhi.io/node');
  });

  it('a migrated file stays put on the second run (mirror form is recognised)', async () => {
    write('.dhi-migrate.yaml', 'mappings:\n  corp/jdk: { repo: eclipse-temurin, mirror: { registry: registry.corp, namespace: dhi } }\n');
    write('Dockerfile', 'FROM corp/jdk:21\n');
    expect((await cli(['-q', '--write', '.'])).code).toBe(0);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toMatch(/^FROM registry\.corp\/dhi\/dhi-eclipse-temurin:21\n/);
    expect((await cli(['-q', '--check', '.'])).code).toBe(0);
  });
});

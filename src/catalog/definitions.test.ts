/**
 * `dhi-migrate catalog update --from DIR` against a small synthetic catalog
 * checkout written by the test (same layout and fields as
 * github.com/docker-hardened-images/catalog), then the cache in use by a
 * fresh process: `catalog info`, `catalog show` and `map` read it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Catalog } from './catalog.js';
import { distroFromDir, readCatalogCheckout } from './definitions.js';
import { packageRoot } from '../package-root.js';

const PY_RUNTIME = `# syntax=dhi.io/build:2-debian13

name: Python 3.12.x
image: dhi.io/python
variant: runtime
tags:
  - "3.12"
  - 3.12.13
  - 3.12-debian13
dates:
  release: "2023-10-02"
  end-of-life: "2028-10-31"
contents:
  packages:
    - '!mawk'
    - base-files
    - ca-certificates
accounts:
  run-as: nonroot
  users:
    - name: nonroot
      uid: 65532
      gid: 65532
environment:
  PATH: /opt/python/bin:/usr/local/bin:/usr/bin:/bin
cmd:
  - python3
`;

const PY_DEV = `name: Python 3.12.x (dev)
image: dhi.io/python
variant: dev
tags:
  - 3.12-dev
  - 3.12.13-dev
  - 3.12-debian13-dev
contents:
  packages:
    - apt
    - bash
    - dpkg
accounts:
  root: true
  run-as: root
cmd:
  - python3
`;

const PY_ALPINE = `name: Python 3.12.x
image: dhi.io/python
variant: runtime
tags:
  - 3.12-alpine3.22
  - 3.12-alpine
contents:
  packages:
    - musl
  builds:
    - name: python
      contents:
        packages:
          - busybox
accounts:
  run-as: "65532"
work-dir: /app
cmd: [python3]
`;

const NGINX = `name: Nginx stable
image: dhi.io/nginx
variant: runtime
tags: ["1.30", 1.30.3, 1.30-debian13]
accounts:
  run-as: nginx
  users:
    - name: nginx
      uid: 65532
entrypoint:
  - nginx
cmd:
  - -g
  - daemon off;
ports:
  - 8080/tcp
`;

function checkout(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dhi-catalog-src-'));
  const put = (rel: string, text: string) => {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };
  put('image/python/debian-13/3.12.yaml', PY_RUNTIME);
  put('image/python/debian-13/3.12-dev.yaml', PY_DEV);
  put('image/python/alpine-3.22/3.12.yaml', PY_ALPINE);
  put('image/python/guides.md', '# not a definition\n');
  put('image/nginx/debian-13/stable.yaml', NGINX);
  return dir;
}

const bin = join(packageRoot(), 'bin', 'dhi-migrate.js');
function cli(args: string[], cacheDir: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, DHI_MIGRATE_CACHE_DIR: cacheDir, NO_COLOR: '1' };
  delete env.VITEST;
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env });
}

describe('reading catalog definitions', () => {
  it('turns each image/<repo>/<distro>/<file>.yaml into a dataset definition', () => {
    const raw = readCatalogCheckout(checkout());
    expect(Object.keys(raw.repos)).toEqual(['nginx', 'python']);
    expect(raw.commit).toBe('local');
    const py = raw.repos.python!.definitions;
    expect(py).toHaveLength(3);
    expect(py.find((d) => d.file === 'debian-13/3.12.yaml')).toEqual({
      file: 'debian-13/3.12.yaml',
      distro: 'debian13',
      variant: 'runtime',
      tags: ['3.12', '3.12.13', '3.12-debian13'],
      user: 'nonroot',
      uid: 65532,
      entrypoint: null,
      cmd: ['python3'],
      workdir: null,
      shell: false,
      packageManager: false,
      path: '/opt/python/bin:/usr/local/bin:/usr/bin:/bin',
      ports: null,
      endOfLife: '2028-10-31',
    });
    expect(py.find((d) => d.file === 'debian-13/3.12-dev.yaml')).toMatchObject({ variant: 'dev', user: 'root', uid: 0, shell: true, packageManager: true });
    // busybox only in a build step is not in the image; a numeric run-as without account has no uid.
    expect(py.find((d) => d.file === 'alpine-3.22/3.12.yaml')).toMatchObject({ distro: 'alpine3.22', user: '65532', uid: null, shell: false, workdir: '/app' });
    expect(raw.repos.nginx!.definitions[0]).toMatchObject({ tags: ['1.30', '1.30.3', '1.30-debian13'], entrypoint: ['nginx'], cmd: ['-g', 'daemon off;'], ports: ['8080/tcp'] });
    expect(distroFromDir('debian-12')).toBe('debian12');
  });
});

describe('dhi-migrate catalog update / info / show', { timeout: 60_000 }, () => {
  it('writes the cache, which a fresh run then uses in preference to the built-in snapshot', () => {
    const src = checkout();
    const cache = mkdtempSync(join(tmpdir(), 'dhi-cache-'));
    const up = cli(['catalog', 'update', '--from', src], cache);
    expect(up.stderr).toBe('');
    expect(up.status).toBe(0);
    expect(up.stdout).toMatch(/^wrote .*catalog\.json: 2 repositories, 4 definitions \(catalog local, \d{4}-\d\d-\d\d\)\n$/);
    const file = join(cache, 'catalog.json');
    const data = JSON.parse(readFileSync(file, 'utf8'));
    expect(data.generatedBy).toBe('dhi-migrate catalog update');
    expect(Catalog.fromFile(file).facts('python', '3.12-dev')).toMatchObject({ user: 'root', shell: true });

    const info = cli(['catalog', 'info'], cache);
    expect(info.status).toBe(0);
    expect(info.stdout).toContain('catalog:  user cache');
    expect(info.stdout).toContain(`file:     ${file}`);
    expect(info.stdout).toContain('repos:    2');

    const show = cli(['catalog', 'show', 'python'], cache);
    expect(show.stdout).toContain('debian13 runtime\n  3.12, 3.12.13, 3.12-debian13\n    user nonroot (65532), shell no, end of life 2028-10-31\n');
    expect(show.stdout).toContain('alpine3.22 runtime\n  3.12-alpine3.22, 3.12-alpine\n');
    expect(cli(['catalog', 'show', 'node'], cache).status).toBe(1);

    // The migration itself reads the cache: node is not in the synthetic catalog.
    expect(cli(['map', 'python:3.12', '--role', 'build'], cache).stdout).toBe('dhi.io/python:3.12-dev\n');
    const node = cli(['map', 'node:22'], cache);
    expect(node.status).toBe(1);
    expect(node.stderr).toContain('the catalog snapshot has no DHI node repository');
  });

  it('a directory that is not a catalog checkout: one error line, exit 2, no cache written', () => {
    const cache = mkdtempSync(join(tmpdir(), 'dhi-cache-'));
    const empty = mkdtempSync(join(tmpdir(), 'dhi-empty-'));
    const r = cli(['catalog', 'update', '--from', empty], cache);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`dhi-migrate: catalog update: ${empty}: no image/ directory (expected a checkout of github.com/docker-hardened-images/catalog)\n`);
    expect(existsSync(join(cache, 'catalog.json'))).toBe(false);
  });

  it('a broken definition names the file', () => {
    const src = checkout();
    writeFileSync(join(src, 'image/python/debian-13/3.13.yaml'), 'variant: runtime\ntags: []\n');
    const r = cli(['catalog', 'update', '--from', src], mkdtempSync(join(tmpdir(), 'dhi-cache-')));
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('dhi-migrate: catalog update: image/python/debian-13/3.13.yaml: tags: expected a non-empty list\n');
  });

  it('a corrupt cache is a user error with the way out, not a crash', () => {
    const cache = mkdtempSync(join(tmpdir(), 'dhi-cache-'));
    writeFileSync(join(cache, 'catalog.json'), '{ nope');
    const r = cli(['map', 'python:3.12'], cache);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^dhi-migrate: the cached catalog .*catalog\.json is unusable \(.*\); run 'dhi-migrate catalog update --from DIR' again or delete it\n$/);
  });
});

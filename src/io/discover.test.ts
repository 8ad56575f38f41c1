import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { comparePaths, discoverDockerfiles, isDockerfileName } from './discover.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dhi-discover-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function touch(rel: string, text = 'FROM alpine\n') {
  const path = join(dir, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

const rel = (paths: { path: string }[]) => paths.map((p) => relative(dir, p.path));

describe('isDockerfileName', () => {
  it.each([
    'Dockerfile',
    'dockerfile',
    'Dockerfile.prod',
    'Dockerfile.dev.local',
    'api.Dockerfile',
    'api.dockerfile',
    'Containerfile',
    'Containerfile.arm64',
  ])('accepts %s', (name) => expect(isDockerfileName(name)).toBe(true));

  it.each([
    'DOCKERFILE',
    'Dockerfile.dockerignore',
    'api.Dockerfile.dockerignore',
    'Dockerfile.orig',
    'Dockerfile.rej',
    'Dockerfile~',
    '.Dockerfile.swp',
    '.Dockerfile',
    'Dockerfiles',
    'README.md',
    'docker-compose.yml',
  ])('rejects %s', (name) => expect(isDockerfileName(name)).toBe(false));
});

describe('discoverDockerfiles', () => {
  it('walks a tree, skipping .git and node_modules, sorted', async () => {
    touch('Dockerfile');
    touch('services/web/Dockerfile.prod');
    touch('services/web/Dockerfile');
    touch('services/api.Dockerfile');
    touch('services/api/Containerfile');
    touch('.devcontainer/Dockerfile');
    touch('node_modules/pkg/Dockerfile');
    touch('services/web/node_modules/x/Dockerfile');
    touch('.git/Dockerfile');
    touch('README.md', '# hi\n');
    touch('Dockerfile.dockerignore', 'node_modules\n');

    const result = discoverDockerfiles([dir]);
    expect(result.errors).toEqual([]);
    expect(rel(result.files)).toEqual([
      '.devcontainer/Dockerfile',
      'Dockerfile',
      'services/api/Containerfile',
      'services/api.Dockerfile',
      'services/web/Dockerfile',
      'services/web/Dockerfile.prod',
    ]);
    expect(result.files.every((f) => !f.symlink && f.insideRoot)).toBe(true);
  });

  it('takes a file argument as is, whatever its name', async () => {
    const path = touch('build/my-image.txt');
    const result = discoverDockerfiles([path]);
    expect(result.errors).toEqual([]);
    expect(result.files).toHaveLength(1);
    expect(result.files[0]).toMatchObject({ path, symlink: false, insideRoot: true });
  });

  it('keeps relative paths as the user wrote them, normalised and deduplicated', async () => {
    touch('Dockerfile');
    touch('sub/Dockerfile');
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const result = discoverDockerfiles(['.', './Dockerfile', 'sub/', 'sub/Dockerfile']);
      expect(result.files.map((f) => f.path)).toEqual(['Dockerfile', 'sub/Dockerfile']);
    } finally {
      process.chdir(cwd);
    }
  });

  it('collects errors per path instead of throwing', async () => {
    touch('Dockerfile');
    const missing = join(dir, 'nope');
    const result = discoverDockerfiles([missing, dir]);
    expect(rel(result.files)).toEqual(['Dockerfile']);
    expect(result.errors).toEqual([{ path: missing, message: 'no such file or directory' }]);
  });

  it('reports a directory named like a Dockerfile that holds none (the user meant a file)', async () => {
    mkdirSync(join(dir, 'api', 'Dockerfile'), { recursive: true });
    touch('Dockerfile.d/web.Dockerfile');
    const result = discoverDockerfiles([join(dir, 'api', 'Dockerfile'), join(dir, 'Dockerfile.d'), join(dir, 'api')]);
    expect(rel(result.files)).toEqual(['Dockerfile.d/web.Dockerfile']);
    // A plain directory without Dockerfiles (`api`) is not an error; one named like a Dockerfile is.
    expect(result.errors).toEqual([{ path: join(dir, 'api', 'Dockerfile'), message: 'is a directory, not a Dockerfile (and holds none)' }]);
  });

  it('does not follow directory symlinks, so a loop terminates', async () => {
    touch('a/Dockerfile');
    symlinkSync(join(dir, 'a'), join(dir, 'a', 'loop'));
    symlinkSync('..', join(dir, 'a', 'up'));
    symlinkSync(join(dir, 'a'), join(dir, 'a', 'Dockerfile.dir'));
    const result = discoverDockerfiles([dir]);
    expect(rel(result.files)).toEqual(['a/Dockerfile']);
    expect(result.errors).toEqual([]);
  });

  it('reports a self-referencing symlink argument and a looping Dockerfile link', async () => {
    symlinkSync(join(dir, 'self'), join(dir, 'self'));
    symlinkSync('Dockerfile.b', join(dir, 'Dockerfile.a'));
    symlinkSync('Dockerfile.a', join(dir, 'Dockerfile.b'));
    const result = discoverDockerfiles([join(dir, 'self'), dir]);
    expect(result.files).toEqual([]);
    expect(result.errors.map((e) => [relative(dir, e.path), e.message])).toEqual([
      ['Dockerfile.a', 'too many levels of symbolic links'],
      ['Dockerfile.b', 'too many levels of symbolic links'],
      ['self', 'too many levels of symbolic links'],
    ]);
  });

  it('reports a broken Dockerfile symlink', async () => {
    symlinkSync(join(dir, 'gone'), join(dir, 'Dockerfile'));
    const result = discoverDockerfiles([dir]);
    expect(result.errors).toEqual([{ path: join(dir, 'Dockerfile'), message: 'broken symbolic link' }]);
  });

  describe('symlinked Dockerfiles', () => {
    let outside: string;
    beforeEach(() => {
      outside = mkdtempSync(join(tmpdir(), 'dhi-outside-'));
      writeFileSync(join(outside, 'Dockerfile'), 'FROM alpine\n');
    });
    afterEach(() => rmSync(outside, { recursive: true, force: true }));

    it('flags a link to a file outside the scanned directory', async () => {
      const repo = join(dir, 'repo');
      mkdirSync(repo);
      touch('repo/shared/base.Dockerfile');
      symlinkSync(join(outside, 'Dockerfile'), join(repo, 'Dockerfile'));
      symlinkSync('shared/base.Dockerfile', join(repo, 'Dockerfile.base'));
      // Inside the temp dir but outside the scanned `repo`: still out of root.
      touch('sibling/Dockerfile');
      symlinkSync(join(dir, 'sibling', 'Dockerfile'), join(repo, 'Dockerfile.sibling'));

      const result = discoverDockerfiles([repo]);
      const byName = Object.fromEntries(result.files.map((f) => [relative(repo, f.path), f]));
      expect(Object.keys(byName)).toEqual(['Dockerfile', 'Dockerfile.base', 'Dockerfile.sibling', 'shared/base.Dockerfile']);
      expect(byName['Dockerfile']).toMatchObject({ symlink: true, insideRoot: false });
      expect(byName['Dockerfile']!.realPath).toMatch(/dhi-outside-.*\/Dockerfile$/);
      expect(byName['Dockerfile.base']).toMatchObject({ symlink: true, insideRoot: true });
      expect(byName['Dockerfile.base']!.realPath).toMatch(/repo\/shared\/base\.Dockerfile$/);
      expect(byName['Dockerfile.sibling']).toMatchObject({ symlink: true, insideRoot: false });
      expect(byName['shared/base.Dockerfile']).toMatchObject({ symlink: false, insideRoot: true });
    });

    it('checks a symlinked file argument against the cwd, or opts.root', async () => {
      const link = join(dir, 'Dockerfile');
      symlinkSync(join(outside, 'Dockerfile'), link);
      const cwd = process.cwd();
      process.chdir(dir);
      try {
        expect(discoverDockerfiles(['Dockerfile']).files[0]).toMatchObject({ symlink: true, insideRoot: false });
      } finally {
        process.chdir(cwd);
      }
      expect(discoverDockerfiles([link], { root: outside }).files[0]).toMatchObject({ insideRoot: true });
    });
  });
});

describe('real paths without a system call per file', () => {
  it('resolves a tree reached through a symlinked directory to where its files really are', () => {
    touch('real/app/Dockerfile');
    touch('real/Dockerfile.prod');
    symlinkSync(join(dir, 'real'), join(dir, 'link'));
    const result = discoverDockerfiles([join(dir, 'link')]);
    expect(rel(result.files)).toEqual(['link/Dockerfile.prod', 'link/app/Dockerfile']);
    for (const f of result.files) {
      // The same answer the file system gives for each file.
      expect(f.realPath).toBe(realpathSync(f.path));
      expect(f.realPath.startsWith(realpathSync(join(dir, 'real')) + '/')).toBe(true);
      expect(f).toMatchObject({ symlink: false, insideRoot: true });
    }
  });

  it('does not enter a symlinked directory inside the tree, so no file gets a path through it', () => {
    touch('repo/Dockerfile');
    touch('elsewhere/Dockerfile');
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'repo', 'vendor'));
    const result = discoverDockerfiles([join(dir, 'repo')]);
    expect(rel(result.files)).toEqual(['repo/Dockerfile']);
    expect(result.files[0]!.realPath).toBe(realpathSync(join(dir, 'repo', 'Dockerfile')));
  });
});

describe('comparePaths', () => {
  it('keeps a directory together and ignores locale', () => {
    const paths = ['a-b/Dockerfile', 'a/Dockerfile', 'B/Dockerfile', 'a/b/Dockerfile', 'a.Dockerfile'];
    expect(paths.sort(comparePaths)).toEqual(['B/Dockerfile', 'a/Dockerfile', 'a/b/Dockerfile', 'a-b/Dockerfile', 'a.Dockerfile']);
  });
});

const isRoot = process.getuid?.() === 0;

describe('unreadable directories', () => {
  it.skipIf(isRoot)('are reported and the walk goes on (skipped as root: root reads any directory)', async () => {
    const { chmodSync } = await import('node:fs');
    touch('ok/Dockerfile');
    touch('locked/Dockerfile');
    chmodSync(join(dir, 'locked'), 0o000);
    try {
      const result = discoverDockerfiles([dir]);
      expect(rel(result.files)).toEqual(['ok/Dockerfile']);
      expect(result.errors).toEqual([{ path: join(dir, 'locked'), message: 'permission denied' }]);
    } finally {
      chmodSync(join(dir, 'locked'), 0o755);
    }
  });
});

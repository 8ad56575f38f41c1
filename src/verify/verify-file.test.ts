import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Builder, BuildRequest, ImageFacts } from './builders.js';
import { imageRepoFor, verifyFile, type VerifyFileInput } from './verify-file.js';

/** Records what it was asked to build, and what the Dockerfile it got said at that moment. */
class FakeBuilder implements Builder {
  readonly name = 'buildah' as const;
  builds: (BuildRequest & { text: string; ignore: string | null })[] = [];
  removed: string[] = [];
  constructor(private readonly factsFor: (tag: string) => ImageFacts) {}
  async build(req: BuildRequest) {
    const ignore = `${req.dockerfile}.dockerignore`;
    this.builds.push({
      ...req,
      text: readFileSync(req.dockerfile, 'utf8'),
      ignore: existsSync(ignore) ? readFileSync(ignore, 'utf8') : null,
    });
    return { ok: true, durationMs: 5, log: '' };
  }
  async facts(tag: string) {
    return this.factsFor(tag);
  }
  async remove(tag: string) {
    this.removed.push(tag);
  }
}

const facts = (tag: string): ImageFacts =>
  tag.endsWith(':before')
    ? { user: '', uid: 0, entrypoint: null, cmd: ['/bin/sh', '-c', 'python3 app.py'], shell: true, sizeBytes: 100 }
    : { user: 'nonroot', uid: 65532, entrypoint: ['python3'], cmd: ['app.py'], shell: false, sizeBytes: 50 };

const repo = mkdtempSync(path.join(os.tmpdir(), 'dhi-migrate-verify-file-'));
const dockerfile = path.join(repo, 'api.Dockerfile');
writeFileSync(dockerfile, 'FROM python:3.12\n');
writeFileSync(`${dockerfile}.dockerignore`, 'secrets/\n');
afterAll(() => rmSync(repo, { recursive: true, force: true }));

const input = (builder: Builder, over: Partial<VerifyFileInput> = {}): VerifyFileInput => ({
  displayPath: 'api.Dockerfile',
  realPath: dockerfile,
  originalBytes: readFileSync(dockerfile),
  migratedBytes: Buffer.from('FROM dhi.io/python:3.12\n'),
  builder,
  target: 'app',
  pull: false,
  buildTimeoutMs: 1000,
  keepImages: false,
  progress: () => {},
  ...over,
});

describe('verifyFile', () => {
  it('builds the original in place and the migrated text from a temp folder, with the original context', async () => {
    const b = new FakeBuilder(facts);
    const tmpBefore = readdirSync(os.tmpdir()).filter((n) => n.startsWith('dhi-migrate-verify-'));
    const r = await verifyFile(input(b));
    const tag = imageRepoFor(dockerfile, readFileSync(dockerfile));
    expect(
      b.builds.map(({ dockerfile: f, context, tag: t, target, pull, text, ignore }) => ({ f, context, t, target, pull, text, ignore })),
    ).toEqual([
      { f: dockerfile, context: repo, t: `${tag}:before`, target: 'app', pull: false, text: 'FROM python:3.12\n', ignore: 'secrets/\n' },
      {
        f: expect.not.stringContaining(repo),
        context: repo,
        t: `${tag}:after`,
        target: 'app',
        pull: false,
        text: 'FROM dhi.io/python:3.12\n',
        ignore: 'secrets/\n',
      },
    ]);
    expect(path.basename(b.builds[1]!.dockerfile)).toBe('api.Dockerfile');
    expect(existsSync(b.builds[1]!.dockerfile)).toBe(false); // temp folder removed
    expect(readdirSync(os.tmpdir()).filter((n) => n.startsWith('dhi-migrate-verify-'))).toEqual(tmpBefore);
    expect(readdirSync(repo).sort()).toEqual(['api.Dockerfile', 'api.Dockerfile.dockerignore']);
    expect(b.removed).toEqual([`${tag}:before`, `${tag}:after`]);
    expect(r).toMatchObject({
      path: 'api.Dockerfile',
      status: 'ok',
      changed: true,
      warnings: [],
      before: { user: '', uid: 0, root: true, command: ['/bin/sh', '-c', 'python3 app.py'], shell: true, sizeBytes: 100 },
      after: { user: 'nonroot', uid: 65532, root: false, command: ['python3', 'app.py'], shell: false, sizeBytes: 50 },
    });
  });

  it('builds an already migrated file once, and keeps images when asked', async () => {
    const b = new FakeBuilder(facts);
    const r = await verifyFile(input(b, { migratedBytes: null, keepImages: true }));
    expect(b.builds.map((x) => x.tag)).toEqual([expect.stringMatching(/:after$/)]);
    expect(b.removed).toEqual([]);
    expect(r).toMatchObject({ status: 'ok', changed: false, before: null });
  });

  it('fails an image that runs as root; a builder that cannot inspect is an error, and what was built is removed', async () => {
    const root = await verifyFile(input(new FakeBuilder(() => facts('x:before'))));
    expect(root.status).toBe('runs-as-root');
    const b = new FakeBuilder(() => {
      throw new Error('buildah inspect t failed: boom');
    });
    const r = await verifyFile(input(b));
    expect(r).toMatchObject({ status: 'error', error: 'buildah inspect t failed: boom' });
    expect(b.removed).toEqual([expect.stringMatching(/:before$/)]); // it stopped there
  });

  it('names images by path and content', () => {
    const a = imageRepoFor('/a/Dockerfile', Buffer.from('x'));
    expect(a).toMatch(/^dhi-migrate-verify\/[0-9a-f]{12}$/);
    expect(imageRepoFor('/a/Dockerfile', Buffer.from('x'))).toBe(a);
    expect(imageRepoFor('/b/Dockerfile', Buffer.from('x'))).not.toBe(a);
    expect(imageRepoFor('/a/Dockerfile', Buffer.from('y'))).not.toBe(a);
  });
});

import { describe, expect, it } from 'vitest';
import { summarizeRepo } from './file-summary.js';
import { Progress } from './progress.js';
import type { RepoEntry } from './types.js';

const done = (path: string, files = 2): RepoEntry => {
  const list = Array.from({ length: files }, (_, i) => ({
    path: `${i}/Dockerfile`,
    status: 'changed' as const,
    images: [],
    changesByRule: {},
    followUps: [],
  }));
  return { name: path, path, status: 'changed', patch: null, git: null, summary: summarizeRepo(list), files: list };
};

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('Progress', () => {
  it('plain: one line per repository with rate and ETA', () => {
    const c = clock();
    let out = '';
    const p = new Progress({ style: 'plain', write: (t) => void (out += t), total: 2, now: c.now });
    c.advance(1000);
    p.fileDone();
    p.fileDone();
    p.repoDone(done('repos/a'));
    c.advance(1000);
    p.problem('dhi-migrate: repos/b/Dockerfile: binary file');
    p.repoDone({ ...done('repos/b', 0), status: 'error', error: 'not a git repository' });
    expect(out).toBe(
      '[1/2] repos/a: 2 files, 2 changed (2 files, 2.0 files/s, ETA 0:01)\n' +
        'dhi-migrate: repos/b/Dockerfile: binary file\n' +
        '[2/2] repos/b: error: not a git repository (2 files, 1.0 files/s)\n',
    );
    expect(p.finish()).toBe('2 repositories, 2 files in 2.0 s (1.0 files/s)\n');
  });

  it('tty: redraws one line at most every 100 ms, prints problems above it, clears it at the end', () => {
    const c = clock();
    let out = '';
    const p = new Progress({ style: 'tty', write: (t) => void (out += t), total: 4, now: c.now, columns: () => 80 });
    c.advance(500);
    p.fileDone();
    p.fileDone(); // within 100 ms: not drawn again
    expect(out).toBe('\r\x1b[2K[------------------------------] 0/4 repos, 1 file, 2.0 files/s');
    out = '';
    c.advance(500);
    p.repoDone(done('repos/a'));
    expect(out).toBe('\r\x1b[2K[########----------------------] 1/4 repos, 2 files, 2.0 files/s, ETA 0:03');
    out = '';
    p.problem('dhi-migrate: x: binary file');
    expect(out).toMatch(/^\r\x1b\[2Kdhi-migrate: x: binary file\n\r\x1b\[2K\[#+-+\] 1\/4 repos/);
    out = '';
    expect(p.finish()).toMatch(/^1 repository, 2 files in 1\.0 s/);
    expect(out).toBe('\r\x1b[2K');
  });

  it('quiet: nothing but problems', () => {
    let out = '';
    const p = new Progress({ style: 'quiet', write: (t) => void (out += t), total: 1 });
    p.fileDone();
    p.repoDone(done('a'));
    p.problem('dhi-migrate: a: boom');
    expect(out).toBe('dhi-migrate: a: boom\n');
  });
});

import { describe, expect, it } from 'vitest';
import {
  exitCodeFor,
  formatHuman,
  formatSize,
  formatSummaryLine,
  verdict,
  warningsFor,
  type FileVerification,
  type SideReport,
  type VerifyReport,
} from './report.js';

const side = (over: Partial<SideReport> = {}): SideReport => ({
  image: 'dhi-migrate-verify/0123456789ab:after',
  build: { ok: true, durationMs: 1234 },
  user: 'nonroot',
  uid: 65532,
  root: false,
  entrypoint: null,
  cmd: ['python3', 'app.py'],
  command: ['python3', 'app.py'],
  shell: false,
  sizeBytes: 51_200_000,
  ...over,
});
const failed = side({
  build: { ok: false, durationMs: 800, failedStep: 'RUN make', failedStage: '2/2', error: 'make: not found' },
  user: null,
  uid: null,
  root: null,
  command: null,
  cmd: null,
  shell: null,
  sizeBytes: null,
});
const file = (over: Partial<FileVerification>): FileVerification => ({
  path: 'Dockerfile',
  status: 'ok',
  changed: true,
  warnings: [],
  before: null,
  after: null,
  ...over,
});
const report = (files: FileVerification[]): VerifyReport => ({ version: '0.1.0', builder: 'buildah', keptImages: false, ok: true, files });

describe('verdict and exit code', () => {
  it('fails a migrated build that fails or runs as root', () => {
    expect(verdict(side())).toBe('ok');
    expect(verdict(failed)).toBe('build-failed');
    expect(verdict(side({ user: '', uid: 0, root: true }))).toBe('runs-as-root');
    expect(verdict(null)).toBe('error');
  });

  it('exits 0 when every migrated image is ok, 1 otherwise, 2 for input errors', () => {
    expect(exitCodeFor([file({})], false)).toBe(0);
    expect(exitCodeFor([], false)).toBe(0);
    expect(exitCodeFor([file({}), file({ status: 'runs-as-root' })], false)).toBe(1);
    expect(exitCodeFor([file({ status: 'build-failed' })], false)).toBe(1);
    expect(exitCodeFor([file({ status: 'build-failed' })], true)).toBe(2);
  });

  it('warns about an original that does not build and a shell command without a shell', () => {
    expect(warningsFor(failed, side())).toEqual(['the original Dockerfile does not build either']);
    expect(warningsFor(side(), side({ command: ['/bin/sh', '-c', 'npm start'] }))).toEqual([
      'the migrated image has no shell but its command starts /bin/sh',
    ]);
    expect(warningsFor(side(), side({ command: ['/bin/sh', '-c', 'x'], shell: null }))).toEqual([]);
  });
});

describe('human table', () => {
  it('shows both builds side by side with the verdict', () => {
    const text = formatHuman(
      report([
        file({
          path: 'api/Dockerfile',
          before: side({ user: '', uid: 0, root: true, shell: true, sizeBytes: 130_000_000 }),
          after: side(),
        }),
      ]),
    );
    expect(text).toBe(
      [
        'api/Dockerfile',
        '           original        migrated',
        '  build    ok (1.2 s)      ok (1.2 s)',
        '  user     root (default)  nonroot (65532)',
        '  command  python3 app.py  python3 app.py',
        '  shell    yes             no',
        '  size     130 MB          51 MB',
        '  => ok',
        '',
      ].join('\n'),
    );
  });

  it('names the failing step, and says when the image runs as root', () => {
    const text = formatHuman(
      report([
        file({ status: 'build-failed', before: side(), after: failed }),
        file({ path: 'b/Dockerfile', status: 'runs-as-root', changed: false, after: side({ user: 'root', uid: 0, root: true }) }),
      ]),
    );
    expect(text).toContain('  build    ok (1.2 s)       FAILED at RUN make (stage 2/2)\n  error                     make: not found\n');
    expect(text).toContain('  => FAILED: the migrated Dockerfile does not build\n');
    expect(text).toContain('  build    unchanged  ok (1.2 s)\n  user                root\n');
    expect(text).toContain('  => FAILED: the migrated image runs as root\n');
  });

  it('reports files that could not be verified, and a summary', () => {
    const r = report([file({ status: 'error', error: 'is a directory' })]);
    expect(formatHuman(r)).toBe('Dockerfile\n  not verified: is a directory\n');
    expect(formatSummaryLine(r)).toBe('verified 1 file with buildah: 0 ok, 0 failed to build, 0 run as root, 1 not verified\n');
  });

  it('formats sizes in SI units', () => {
    expect([0, 999, 1000, 2_820_000, 697_000, 1_500_000_000, null].map(formatSize)).toEqual([
      '0 B',
      '999 B',
      '1.0 kB',
      '2.8 MB',
      '697 kB',
      '1.5 GB',
      '?',
    ]);
  });
});

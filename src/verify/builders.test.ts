// Builder detection and the docker/podman command line, against fake `docker`,
// `buildah` and `podman` scripts on PATH (no engine runs on the test machines;
// real buildah builds are covered by test/verify.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { detectBuilder, type BuilderSettings } from './builders.js';

const FAKE_DOCKER = `#!/bin/sh
# Fake docker/podman CLI: logs its calls, answers from files in $FAKE_DIR.
echo "$(basename "$0") $* BUILDKIT_PROGRESS=$BUILDKIT_PROGRESS" >> "$FAKE_DIR/calls"
case "$1" in
  info)
    [ -n "$FAKE_ENGINE" ] && { echo 28.2.2; exit 0; }
    echo 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?' >&2; exit 1 ;;
  build)
    while [ "$1" != -f ]; do shift; done
    if grep -q FAILME "$2"; then
      printf '#5 [build 2/3] RUN make\\n#5 0.1 make: not found\\n------\\n > [build 2/3] RUN make:\\n0.1 make: not found\\n------\\nERROR: failed to solve: process "/bin/sh -c make" did not complete successfully: exit code: 127\\n' >&2
      exit 1
    fi
    exit 0 ;;
  image)
    case "$2" in
      inspect) cat "$FAKE_DIR/inspect.json" ;;
      rm) echo "Untagged: $3" ;;
    esac ;;
  create) echo c0ffee ;;
  cp)
    p="\${2#*:}"; root="$FAKE_DIR/rootfs"
    if [ -e "$root$p" ] || [ -L "$root$p" ]; then tar -C "$root$(dirname "$p")" -cf - "$(basename "$p")"
    else echo "Error response from daemon: Could not find the file $p in container c0ffee" >&2; exit 1; fi ;;
  rm) echo c0ffee ;;
esac
`;

let dir: string;
let binDir: string;
const settings = (env: NodeJS.ProcessEnv = {}): BuilderSettings => ({
  env: { PATH: binDir, FAKE_DIR: dir, ...env },
  buildahRoot: null,
  commandTimeoutMs: 10_000,
});
const calls = () => readFileSync(path.join(dir, 'calls'), 'utf8').trim().split('\n');
const tool = (name: string, text: string) => {
  writeFileSync(path.join(binDir, name), text);
  chmodSync(path.join(binDir, name), 0o755);
};

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dhi-migrate-fake-docker-'));
  binDir = path.join(dir, 'bin');
  mkdirSync(binDir);
  mkdirSync(path.join(dir, 'rootfs/bin'), { recursive: true });
  mkdirSync(path.join(dir, 'rootfs/etc'));
  writeFileSync(path.join(dir, 'rootfs/bin/busybox'), 'ELF');
  symlinkSync('busybox', path.join(dir, 'rootfs/bin/sh'));
  writeFileSync(path.join(dir, 'rootfs/etc/passwd'), 'root:x:0:0::/root:/bin/sh\nnonroot:x:65532:65532::/home/nonroot:/sbin/nologin\n');
  writeFileSync(
    path.join(dir, 'inspect.json'),
    JSON.stringify([{ Config: { User: 'nonroot', Entrypoint: ['python3'], Cmd: ['app.py'] }, Size: 51234567 }]),
  );
  // The few programs the fake scripts use.
  for (const t of ['tar', 'dirname', 'basename', 'grep', 'cat', 'sh', 'sleep']) {
    const real = ['/usr/bin', '/bin']
      .map((d) => path.join(d, t))
      .find((p) => {
        try {
          readFileSync(p);
          return true;
        } catch {
          return false;
        }
      });
    if (real) symlinkSync(real, path.join(binDir, t));
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('detectBuilder', () => {
  it('takes docker only when its engine answers, else buildah, else podman', async () => {
    tool('docker', FAKE_DOCKER);
    expect(await detectBuilder(null, settings({ FAKE_ENGINE: '1' }))).toMatchObject({ ok: true, builder: { name: 'docker' } });
    expect(await detectBuilder(null, settings())).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^no container builder found/),
    });
    tool('podman', FAKE_DOCKER.replace('[ -n "$FAKE_ENGINE" ] && ', ''));
    expect(await detectBuilder(null, settings())).toMatchObject({ ok: true, builder: { name: 'podman' } });
    tool('buildah', '#!/bin/sh\necho "buildah version 1.28.2"\n');
    expect(await detectBuilder(null, settings())).toMatchObject({ ok: true, builder: { name: 'buildah' } });
  });

  it('explains why a chosen builder cannot be used', async () => {
    expect(await detectBuilder('docker', settings())).toEqual({
      ok: false,
      message:
        "--builder docker: no usable Docker engine ('docker info' failed: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?)",
    });
    expect(await detectBuilder('podman', settings({ PATH: path.join(dir, 'nowhere') }))).toEqual({
      ok: false,
      message: '--builder podman: podman is not installed (not on PATH)',
    });
  });
});

describe('docker command line (fake docker)', () => {
  it('builds with plain progress, reads config, uid, shell (through a symlink) and size, removes the tag', async () => {
    tool('docker', FAKE_DOCKER);
    writeFileSync(path.join(dir, 'calls'), '');
    const d = await detectBuilder('docker', settings({ FAKE_ENGINE: '1' }));
    if (!d.ok) throw new Error(d.message);
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM x\n');
    const ok = await d.builder.build({
      dockerfile: path.join(dir, 'Dockerfile'),
      context: dir,
      tag: 't:after',
      target: null,
      pull: false,
      timeoutMs: 10_000,
    });
    expect(ok).toMatchObject({ ok: true });
    expect(await d.builder.facts('t:after')).toEqual({
      user: 'nonroot',
      uid: 65532,
      entrypoint: ['python3'],
      cmd: ['app.py'],
      shell: true,
      sizeBytes: 51234567,
    });
    await d.builder.remove('t:after');
    expect(calls()).toEqual([
      'docker info --format {{.ServerVersion}} BUILDKIT_PROGRESS=',
      `docker build -f ${dir}/Dockerfile -t t:after ${dir} BUILDKIT_PROGRESS=plain`,
      'docker image inspect t:after BUILDKIT_PROGRESS=',
      'docker create --entrypoint /dhi-migrate-verify-never-started t:after BUILDKIT_PROGRESS=',
      'docker cp c0ffee:/bin/sh - BUILDKIT_PROGRESS=',
      'docker cp c0ffee:/bin/busybox - BUILDKIT_PROGRESS=',
      'docker cp c0ffee:/etc/passwd - BUILDKIT_PROGRESS=',
      'docker rm -f c0ffee BUILDKIT_PROGRESS=',
      'docker image rm t:after BUILDKIT_PROGRESS=',
    ]);
  });

  it('reports a failing step from the BuildKit log, and no shell when /bin/sh is missing', async () => {
    const d = await detectBuilder('docker', settings({ FAKE_ENGINE: '1' }));
    if (!d.ok) throw new Error(d.message);
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM x\nRUN make # FAILME\n');
    const failed = await d.builder.build({
      dockerfile: path.join(dir, 'Dockerfile'),
      context: dir,
      tag: 't',
      target: 'build',
      pull: true,
      timeoutMs: 10_000,
    });
    expect(failed).toMatchObject({ ok: false, failedStep: 'RUN make', failedStage: 'build', error: 'make: not found' });
    rmSync(path.join(dir, 'rootfs/bin/busybox'));
    expect(await d.builder.facts('t')).toMatchObject({ shell: false, uid: 65532 });
  });

  it('podman gets --pull=never for --no-pull', async () => {
    tool('podman', FAKE_DOCKER.replace('[ -n "$FAKE_ENGINE" ] && ', ''));
    writeFileSync(path.join(dir, 'calls'), '');
    const d = await detectBuilder('podman', settings());
    if (!d.ok) throw new Error(d.message);
    await d.builder.build({
      dockerfile: path.join(dir, 'Dockerfile'),
      context: dir,
      tag: 't',
      target: null,
      pull: false,
      timeoutMs: 10_000,
    });
    expect(calls()[1]).toBe(`podman build --pull=never -f ${dir}/Dockerfile -t t ${dir} BUILDKIT_PROGRESS=plain`);
  });

  it('gives up on a build that outlives its time limit', async () => {
    tool('docker', '#!/bin/sh\n[ "$1" = info ] && exit 0\necho "STEP 1/2: FROM x"\nexec sleep 30\n');
    const d = await detectBuilder('docker', settings());
    if (!d.ok) throw new Error(d.message);
    const t0 = Date.now();
    const r = await d.builder.build({ dockerfile: 'Dockerfile', context: dir, tag: 't', target: null, pull: true, timeoutMs: 300 });
    expect(r).toMatchObject({ ok: false, error: 'build timed out after 0.3 s (at FROM x)' });
    expect(Date.now() - t0).toBeLessThan(5_000);
  });
});

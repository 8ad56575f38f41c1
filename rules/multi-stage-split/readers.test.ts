import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../src/dockerfile/model.js';
import { cargoBins, moduleName } from './ecosystems/binaries.js';
import { resolveScript } from './ecosystems/node.js';
import { isBuildOnlyEnv } from './knowledge.js';
import { parseScript, runCommands } from './shell-script.js';
import { readStage, startCommand, unwrap } from './stage-facts.js';

describe('parseScript', () => {
  it('splits on operators and newlines, keeps quoted words whole, drops redirects', () => {
    const cmds = parseScript(`apt-get update && apt-get install -y "a b" 'c' >/dev/null 2>&1; echo done | tee log`, '/');
    expect(cmds.map((c) => c.words)).toEqual([
      ['apt-get', 'update'],
      ['apt-get', 'install', '-y', 'a b', 'c'],
      ['echo', 'done'],
      ['tee', 'log'],
    ]);
  });

  it('tracks cd, prefix assignments and export for later commands', () => {
    const cmds = parseScript('export GOOS=linux && cd cmd/api && CGO_ENABLED=0 go build -o ../../bin/api .', '/src');
    expect(cmds).toEqual([
      { words: ['go', 'build', '-o', '../../bin/api', '.'], env: { GOOS: 'linux', CGO_ENABLED: '0' }, cwd: '/src/cmd/api' },
    ]);
  });

  it('reads inside sh -c and strips shell keywords and wrappers', () => {
    const cmds = parseScript(`sh -c "if true; then sudo pip install x; fi"`, '/');
    expect(cmds.map((c) => c.words)).toEqual([['true'], ['pip', 'install', 'x']]);
  });

  it('reads RUN continuations (skipping comment lines), heredocs and exec form', () => {
    const model = parseDockerfile(
      'FROM x\nRUN apt-get install -y \\\n# libs\n  libpq5\nRUN <<EOF\ncd /a\nmake\nEOF\nRUN ["pip", "install", "y"]\n',
    );
    const [a, b, c] = model.stages[0]!.instructions.map((i) => runCommands(i, '\\', '/', {}));
    expect(a!.map((x) => x.words)).toEqual([['apt-get', 'install', '-y', 'libpq5']]);
    expect(b!.map((x) => [x.words, x.cwd])).toEqual([[['make'], '/a']]);
    expect(c!.map((x) => x.words)).toEqual([['pip', 'install', 'y']]);
  });
});

describe('readStage', () => {
  it('resolves WORKDIR (relative, from ENV) and COPY destinations', () => {
    const model = parseDockerfile('FROM x\nENV HOME_DIR=/srv\nWORKDIR $HOME_DIR\nWORKDIR app\nCOPY a.txt conf/\nCOPY ["b c", "/opt/d"]\n');
    const facts = readStage(model, model.stages[0]!, '/build');
    expect(facts.cwd).toBe('/srv/app');
    expect(facts.copies.map((c) => [c.sources, c.dest])).toEqual([
      [['a.txt'], '/srv/app/conf/'],
      [['b c'], '/opt/d'],
    ]);
  });

  it('combines ENTRYPOINT and CMD, and explains a command that needs a shell', () => {
    const model = parseDockerfile('FROM x\nENTRYPOINT ["tini", "--"]\nCMD node server.js\nFROM y\nCMD node a.js && node b.js\n');
    expect(startCommand(readStage(model, model.stages[0]!, null))?.argv).toEqual(['tini', '--', 'node', 'server.js']);
    expect(startCommand(readStage(model, model.stages[1]!, null))?.needsShell).toBe('shell-form CMD on line 5 uses the `&&` operator');
    expect(unwrap(['tini', '--', 'node', 'x'])).toEqual(['node', 'x']);
    expect(unwrap(['gosu', 'app', 'node', 'x'])).toEqual(['node', 'x']);
  });
});

describe('resolveScript (npm/yarn/pnpm at run time)', () => {
  const pkg = {
    scripts: {
      start: 'node dist/main.js',
      serve: 'node --enable-source-maps srv.js',
      dev: 'nodemon x.js',
      prestart2: 'x',
      start2: 'node y.js',
      env: 'NODE_ENV=production node z.js',
    },
  };
  it('resolves plain node scripts, with arguments after --', () => {
    expect(resolveScript(['npm', 'start'], pkg)).toEqual({ argv: ['node', 'dist/main.js'] });
    expect(resolveScript(['npm', 'run', 'serve', '--', '--port', '80'], pkg)).toEqual({
      argv: ['node', '--enable-source-maps', 'srv.js', '--port', '80'],
    });
    expect(resolveScript(['yarn', 'serve'], pkg)).toEqual({ argv: ['node', '--enable-source-maps', 'srv.js'] });
    expect(resolveScript(['npm', 'start'], { scripts: {} })).toEqual({ argv: ['node', 'server.js'] });
  });
  it('explains what it cannot resolve', () => {
    expect(resolveScript(['npm', 'run', 'dev'], pkg)).toEqual({ reason: 'the "dev" script (`nodemon x.js`) doesn\'t start with `node`' });
    expect(resolveScript(['npm', 'run', 'start2'], pkg)).toEqual({ reason: 'package.json also runs "prestart2" around it' });
    expect(resolveScript(['npm', 'run', 'env'], pkg)).toEqual({
      reason: 'the "env" script (`NODE_ENV=production node z.js`) uses a leading `VAR=value` assignment',
    });
    expect(resolveScript(['npm', 'start'], null)).toEqual({ reason: 'there is no package.json next to the Dockerfile to resolve it' });
  });
});

describe('build metadata readers', () => {
  it('names the Go binary after the module path without its major version', () => {
    expect(moduleName('module github.com/acme/api/v2\n\ngo 1.26\n')).toBe('api');
    expect(moduleName('module example.com/tool\n')).toBe('tool');
    expect(moduleName(undefined)).toBeNull();
  });

  it('reads Cargo binary names: [[bin]] sections, else the package name', () => {
    expect(cargoBins('[package]\nname = "hello-api"\n[dependencies]\nname_x = "1"\n')).toEqual(['hello-api']);
    expect(cargoBins('[package]\nname = "ws"\n\n[[bin]]\nname = "server"\npath = "src/s.rs"\n[[bin]]\nname = "cli"\n')).toEqual([
      'server',
      'cli',
    ]);
  });

  it('keeps runtime ENV and drops build-only ones', () => {
    expect(['DEBIAN_FRONTEND', 'PIP_NO_CACHE_DIR', 'npm_config_loglevel', 'CGO_ENABLED', 'MAVEN_OPTS'].filter(isBuildOnlyEnv)).toHaveLength(
      5,
    );
    expect(['NODE_ENV', 'PYTHONUNBUFFERED', 'PATH', 'JAVA_OPTS', 'BUNDLE_WITHOUT', 'ASPNETCORE_URLS'].filter(isBuildOnlyEnv)).toEqual([]);
  });
});

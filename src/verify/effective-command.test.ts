import { describe, expect, it } from 'vitest';
import { combinedCommand, effectiveCommand, formatArgv } from './effective-command.js';

describe('combinedCommand', () => {
  it('is ENTRYPOINT followed by CMD, as docker run does', () => {
    expect(combinedCommand({ entrypoint: ['python3'], cmd: ['app.py'] })).toEqual(['python3', 'app.py']);
    expect(combinedCommand({ entrypoint: null, cmd: ['node', 'index.js'] })).toEqual(['node', 'index.js']);
    expect(combinedCommand({ entrypoint: ['/usr/bin/tini', '--'], cmd: null })).toEqual(['/usr/bin/tini', '--']);
  });

  it('keeps shell form as the builder stored it (/bin/sh -c, or the SHELL)', () => {
    expect(combinedCommand({ entrypoint: null, cmd: ['/bin/sh', '-c', 'npm start'] })).toEqual(['/bin/sh', '-c', 'npm start']);
    expect(combinedCommand({ entrypoint: ['/bin/bash', '-o', 'pipefail', '-c', 'a | b'], cmd: null })).toEqual([
      '/bin/bash',
      '-o',
      'pipefail',
      '-c',
      'a | b',
    ]);
  });

  it('applies run overrides like docker run', () => {
    const cfg = { entrypoint: ['docker-entrypoint.sh'], cmd: ['node'] };
    expect(combinedCommand(cfg, { args: ['index.js'] })).toEqual(['docker-entrypoint.sh', 'index.js']);
    expect(combinedCommand(cfg, { entrypoint: ['node'] })).toEqual(['node']);
    expect(combinedCommand(cfg, { entrypoint: ['node'], args: ['-v'] })).toEqual(['node', '-v']);
  });

  it('is empty without ENTRYPOINT and CMD; effectiveCommand calls that an error', () => {
    expect(combinedCommand({ entrypoint: null, cmd: null })).toEqual([]);
    expect(() => effectiveCommand({ entrypoint: [], cmd: null })).toThrow(/no command specified/);
  });
});

describe('formatArgv', () => {
  it('quotes only words a shell would split or expand', () => {
    expect(formatArgv(['python3', 'app.py', '--port=8080'])).toBe('python3 app.py --port=8080');
    expect(formatArgv(['/bin/sh', '-c', "echo 'hi' && exec node"])).toBe(`/bin/sh -c 'echo '\\''hi'\\'' && exec node'`);
    expect(formatArgv(['nginx', '-g', 'daemon off;'])).toBe("nginx -g 'daemon off;'");
    expect(formatArgv(['printf', ''])).toBe("printf ''");
  });
});

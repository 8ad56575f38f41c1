import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findingsOf, fixture, fixturesDir, runRules } from '../test/rule-harness.js';

const dir = join(fixturesDir, 'entrypoint-compat');
const run = (file: string, context?: string) =>
  findingsOf(
    runRules(['entrypoint-compat'], fixture('entrypoint-compat', file), { contextDir: context ? join(dir, context) : dir }),
    'entrypoint-compat',
  );

describe('entrypoint-compat', () => {
  it('says which script runs what when it resolves npm start', () => {
    const [f] = run('npm-start.before.Dockerfile', 'npm-start.context');
    expect(f).toMatchObject({ severity: 'change', line: 9, applied: true });
    expect(f!.message).toBe(
      'CMD ["npm", "start", "--", "--verbose"] on line 9 -> CMD ["node", "server.js", "--port", "3000", "--verbose"]: dhi.io/node:22 has no npm (only the -dev image has), and the "start" script in package.json runs `node server.js --port 3000`',
    );
  });

  it.each([
    [
      'npm-not-plain.unchanged.Dockerfile',
      'npm-not-plain.context',
      'the "start" script runs `next start -p 3000`, not a plain `node <file>` command',
    ],
    ['npm-prestart.unchanged.Dockerfile', 'npm-prestart.context', 'npm would also run the "prestart" script'],
    ['npm-no-package-json.unchanged.Dockerfile', undefined, 'there is no package.json next to the Dockerfile to resolve the script from'],
  ])('reports %s with the reason, on the CMD line', (file, context, reason) => {
    const [f] = run(file, context);
    expect(f).toMatchObject({ severity: 'warning', line: 4, applied: false });
    expect(f!.message).toContain(
      `can't run on dhi.io/node:22: it has no ${file.includes('no-package') ? 'pnpm' : 'npm'} (only the -dev image has); ${reason}.`,
    );
  });

  it('explains the node prepend and the repeated program', () => {
    const [node] = run('node-script.before.Dockerfile');
    expect(node!.message).toBe(
      'CMD ["index.js"] on line 4 -> CMD ["node", "index.js"]: index.js is not a program; dhi.io/node:22 has no ENTRYPOINT, so index.js would be executed as the program',
    );
    const [nginx] = run('nginx-repeat.before.Dockerfile');
    expect(nginx!.message).toBe(
      'CMD ["nginx", "-g", "daemon off;"] on line 3 -> CMD ["-g", "daemon off;"]: dhi.io/nginx:1 already has ENTRYPOINT ["nginx"], which gets the CMD as its arguments, so nginx would be started as `nginx nginx -g daemon off;`',
    );
  });
});

describe('entrypoint-compat against the official image (all rules)', () => {
  const all = (file: string) =>
    runRules(
      ['base-image', 'non-root-user', 'entrypoint-compat', 'exec-form-command', 'file-ownership', 'privileged-port', 'healthcheck'],
      fixture('preset', file),
    );

  it('warns, on the FROM line, when the inherited default command was a shell', () => {
    const [f] = findingsOf(all('golang-default-shell.before.Dockerfile'), 'entrypoint-compat');
    expect(f).toMatchObject({ severity: 'warning', line: 6 });
    expect(f!.message).toBe(
      "the final stage sets no CMD and relied on golang:1.26's default, a shell (`bash`); dhi.io/golang:1.26 runs `go help` instead: add a CMD that starts your program",
    );
  });

  it('warns when the DHI default command is a different program', () => {
    const [f] = findingsOf(all('ruby-default-cmd.before.Dockerfile'), 'entrypoint-compat');
    expect(f).toMatchObject({ severity: 'warning', line: 1 });
    expect(f!.message).toContain("relied on ruby:3.4-slim's default `irb`; dhi.io/ruby:3.4 runs `ruby` instead");
  });

  it('credits the official node entrypoint when the original was node', () => {
    const [f] = findingsOf(all('node-doi-script.before.Dockerfile'), 'entrypoint-compat');
    expect(f!.message).toContain("the official node image's docker-entrypoint.sh ran it with node");
    expect(f).toMatchObject({ line: 5, applied: true });
  });

  it('keeps the official default command when the DHI image has none', () => {
    const [f] = findingsOf(all('postgres-default-cmd.before.Dockerfile'), 'entrypoint-compat');
    expect(f!.message).toBe(
      'the final stage sets no CMD and relied on postgres:16-alpine\'s default `postgres`; dhi.io/postgres:16-alpine has no default command for its ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"], so CMD ["postgres"] was added to keep it',
    );
  });
});

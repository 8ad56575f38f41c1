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

/**
 * Official images: fixtures/entrypoint-compat/official/<case>.before/.after
 * (a folder the fixture runner doesn't read: the FROM must be rewritten by
 * base-image first, and only then does entrypoint-compat act), run like a
 * golden fixture: output compared by hand-reviewed text, twice.
 */
describe('entrypoint-compat after base-image, from the official image', () => {
  const officialDir = join(dir, 'official');
  const migrate = (text: string, rules = ['base-image', 'entrypoint-compat']) => runRules(rules, text, { contextDir: officialDir });
  const golden = (name: string) => {
    const result = migrate(fixture('entrypoint-compat', `official/${name}.before.Dockerfile`));
    expect(result.output).toBe(fixture('entrypoint-compat', `official/${name}.after.Dockerfile`));
    const again = migrate(result.output);
    expect(again.output, 'second run must change nothing').toBe(result.output);
    expect(again.findings.filter((f) => f.applied)).toEqual([]);
    return findingsOf(result, 'entrypoint-compat');
  };

  it('haproxy without CMD: keeps the official `haproxy -W -db -f <cfg>` on ENTRYPOINT ["haproxy"]', () => {
    const [f, ...rest] = golden('haproxy-default');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'change', line: 1, applied: true });
    expect(f!.message).toBe(
      "the final stage sets no CMD and relied on haproxy:3.2's default `haproxy -f /usr/local/etc/haproxy/haproxy.cfg`, which its docker-entrypoint.sh ran as `haproxy -W -db -f /usr/local/etc/haproxy/haproxy.cfg` (master-worker mode, in the foreground); " +
        'dhi.io/haproxy:3.2 has ENTRYPOINT ["haproxy"] and no default command (it would run `haproxy` alone), so CMD ["-W", "-db", "-f", "/usr/local/etc/haproxy/haproxy.cfg"] was added to keep it',
    );
  });

  it('haproxy with its own CMD: drops the repeated program, then adds the -W -db the script added', () => {
    const [strip, add, ...rest] = golden('haproxy-cmd');
    expect(rest).toEqual([]);
    expect(strip!.message).toContain(
      'CMD ["haproxy", "-f", "/etc/haproxy/haproxy.cfg"] on line 4 -> CMD ["-f", "/etc/haproxy/haproxy.cfg"]',
    );
    expect(add).toMatchObject({ severity: 'change', line: 4, applied: true });
    expect(add!.message).toContain(
      `CMD ["-f", "/etc/haproxy/haproxy.cfg"] on line 4 -> CMD ["-W", "-db", "-f", "/etc/haproxy/haproxy.cfg"]: haproxy:3.2's docker-entrypoint.sh started haproxy with -W -db`,
    );
  });

  it('haproxy: an option-first CMD gets -W -db too (the script put haproxy in front, then rewrote it)', () => {
    const out = migrate('FROM haproxy:3.2\nWORKDIR /var/lib/haproxy\nCMD ["-f", "/etc/haproxy.cfg", "-W"]\n').output;
    expect(out).toBe('FROM dhi.io/haproxy:3.2\nWORKDIR /var/lib/haproxy\nCMD ["-db", "-f", "/etc/haproxy.cfg", "-W"]\n');
  });

  it('haproxy: a shell-form CMD ran under /bin/sh, which the script leaves alone, so nothing is added', () => {
    const out = migrate('FROM haproxy:3.2\nWORKDIR /var/lib/haproxy\nCMD haproxy -f /etc/haproxy.cfg\n', [
      'base-image',
      'exec-form-command',
      'entrypoint-compat',
    ]).output;
    expect(out).toBe('FROM dhi.io/haproxy:3.2\nWORKDIR /var/lib/haproxy\nCMD ["-f", "/etc/haproxy.cfg"]\n');
  });

  it('redis without CMD: names both commands and how the official one ran', () => {
    const [f, ...rest] = golden('redis-default');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'warning', line: 1, applied: false });
    expect(f!.message).toBe(
      "the final stage sets no CMD and relied on redis:8.4's default `redis-server` (run without a config file, with protected mode compiled off and, on 8.x, --loadmodule for each bundled module); " +
        'dhi.io/redis:8.4 runs `redis-server /etc/redis/redis.conf` instead, the same program with other arguments: check that they suit you, or add a CMD with the arguments you need',
    );
  });

  it('mongo: reports the init user, the init scripts and the lost --bind_ip_all, and writes nothing', () => {
    const findings = golden('mongo-init');
    expect(findings.map((f) => [f.line, f.severity, f.applied])).toEqual([
      [1, 'warning', false],
      [2, 'warning', false],
      [3, 'warning', false],
    ]);
    const [bind, user, initdb] = findings.map((f) => f.message);
    expect(bind).toBe(
      "the final stage sets no CMD and relied on mongo:8.0's default `mongod`, which its docker-entrypoint.sh ran as `mongod --bind_ip_all` (listen on every interface); " +
        "dhi.io/mongodb:8.0 runs `mongod` as it is, and mongod alone listens on localhost only, so other containers and published ports can't reach it: " +
        'add CMD ["--bind_ip_all"] only once clients must authenticate (the same script also turned on --auth when MONGO_INITDB_ROOT_USERNAME and MONGO_INITDB_ROOT_PASSWORD were set, in the Dockerfile or at docker run; dhi.io/mongodb:8.0 does not)',
    );
    expect(user).toMatch(
      /^ENV MONGO_INITDB_ROOT_USERNAME on line 2: the official mongo image's docker-entrypoint.sh creates .* root user .*--auth/,
    );
    expect(user).toContain('dhi.io/mongodb:8.0 starts mongod directly (ENTRYPOINT ["mongod"]) and has no such script');
    expect(initdb).toMatch(/^COPY into \/docker-entrypoint-initdb\.d\/ on line 3: .*runs the \*\.sh and \*\.js files/);
  });

  it('mongo with its own CMD: reports the missing bind option on the CMD line, unless it has one', () => {
    const findings = golden('mongo-cmd');
    const bind = findings.find((f) => f.severity === 'warning');
    expect(bind).toMatchObject({ line: 3, applied: false });
    expect(bind!.message).toContain(
      `CMD ["--replSet", "rs0"] on line 3 has no --bind_ip/--bind_ip_all option, so mongo:8.0's docker-entrypoint.sh added --bind_ip_all (listen on every interface)`,
    );
    const bound = migrate('FROM mongo:8.0\nWORKDIR /data/db\nCMD ["mongod", "--bind_ip=0.0.0.0"]\n');
    expect(bound.output).toBe('FROM dhi.io/mongodb:8.0\nWORKDIR /data/db\nCMD ["--bind_ip=0.0.0.0"]\n');
    expect(findingsOf(bound, 'entrypoint-compat').filter((f) => f.severity === 'warning')).toEqual([]);
  });

  it('mongo with a config file: can only say the config decides', () => {
    const r = migrate('FROM mongo:8.0\nWORKDIR /data/db\nCMD ["--config", "/etc/mongod.conf"]\n');
    const [f] = findingsOf(r, 'entrypoint-compat');
    expect(f!.message).toContain('unless the config file given with --config sets net.bindIp');
    expect(f!.message).toContain('make sure the config file sets net.bindIp, or add "--bind_ip_all" to the CMD');
  });

  it('postgres: warns on the VOLUME that no longer holds the cluster', () => {
    const findings = golden('postgres-volume');
    const f = findings.find((x) => x.severity === 'warning');
    expect(f).toMatchObject({ line: 2, applied: false });
    expect(f!.message).toBe(
      'postgres:16 keeps its database in PGDATA=/var/lib/postgresql/data, dhi.io/postgres:16 in /var/lib/postgresql/16/data and the stage sets no PGDATA, so a volume with data from the official image comes up as an empty cluster, ' +
        'and VOLUME /var/lib/postgresql/data on line 2 no longer holds the database (its files are lost with the container): set ENV PGDATA=/var/lib/postgresql/data to keep the old location, or move the data to /var/lib/postgresql/16/data; ' +
        "the official image's files belong to uid 999 and dhi.io/postgres:16 runs as postgres (uid 70), so chown an existing volume",
    );
  });

  it('postgres 18: the official directory is /var/lib/postgresql/18/docker; Alpine files already belong to uid 70', () => {
    const r = migrate('FROM postgres:18-alpine\nCMD ["postgres"]\n');
    const [f] = findingsOf(r, 'entrypoint-compat');
    expect(f).toMatchObject({ severity: 'warning', line: 1 });
    expect(f!.message).toBe(
      'postgres:18-alpine keeps its database in PGDATA=/var/lib/postgresql/18/docker, dhi.io/postgres:18-alpine in /var/lib/postgresql/18/data and the stage sets no PGDATA, so a volume with data from the official image comes up as an empty cluster: ' +
        'set ENV PGDATA=/var/lib/postgresql/18/docker to keep the old location, or move the data to /var/lib/postgresql/18/data',
    );
  });

  it('postgres with its own PGDATA: nothing to say', () => {
    expect(golden('postgres-pgdata')).toEqual([]);
  });
});

describe('entrypoint-compat: features of an entrypoint script the DHI image lacks', () => {
  it('nginx: templates (and the variables their hook reads) and /docker-entrypoint.d hooks, one warning each', () => {
    const findings = run('nginx-templates.unchanged.Dockerfile');
    expect(findings.map((f) => [f.line, f.severity])).toEqual([
      [2, 'warning'],
      [4, 'warning'],
    ]);
    expect(findings[0]!.message).toBe(
      "ENV NGINX_ENVSUBST_OUTPUT_DIR on line 2 and COPY into /etc/nginx/templates/ on line 3: the official nginx image's /docker-entrypoint.sh renders /etc/nginx/templates/*.template into /etc/nginx/conf.d with envsubst at start-up (its 20-envsubst-on-templates.sh hook; NGINX_ENVSUBST_* change its directories and suffixes); " +
        'dhi.io/nginx:1.30 starts nginx directly (ENTRYPOINT ["nginx"]) and has no such script, so nothing does that: render the templates in a build stage (envsubst on the -dev image) and COPY the results into /etc/nginx/conf.d/, or COPY finished .conf files there',
    );
    expect(findings[1]!.message).toMatch(/^COPY into \/docker-entrypoint\.d\/ on line 4: .*runs the executable \*\.sh hooks/);
  });

  it('mongodb: every MONGO_INITDB_ variable of one ENV in one use, and a COPY relative to WORKDIR', () => {
    const findings = run('mongodb-init.unchanged.Dockerfile');
    expect(findings.map((f) => f.line)).toEqual([2, 5]);
    expect(findings[0]!.message).toMatch(/^ENV MONGO_INITDB_ROOT_USERNAME, MONGO_INITDB_ROOT_PASSWORD_FILE on line 2: /);
    expect(findings[1]!.message).toMatch(/^COPY into \/docker-entrypoint-initdb\.d on line 5: /);
  });

  it('eclipse-temurin: USE_SYSTEM_CA_CERTS', () => {
    const [f, ...rest] = run('temurin-cacerts.unchanged.Dockerfile');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'warning', line: 2 });
    expect(f!.message).toContain('dhi.io/eclipse-temurin:21 has no ENTRYPOINT and has no such script');
  });

  it.each(['redis-compat-script.unchanged.Dockerfile', 'postgres-initdb.unchanged.Dockerfile'])(
    'says nothing where the DHI image keeps an entrypoint script (%s)',
    (file) => {
      expect(run(file)).toEqual([]);
    },
  );

  it('says nothing when the stage sets its own ENTRYPOINT', () => {
    const r = runRules(['entrypoint-compat'], 'FROM dhi.io/nginx:1.30\nCOPY templates/ /etc/nginx/templates/\nENTRYPOINT ["nginx"]\n');
    expect(findingsOf(r, 'entrypoint-compat')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Catalog } from '../../src/catalog/catalog.js';
import { parseDockerfile } from '../../src/dockerfile/model.js';
import { migrateText } from '../../src/engine/engine.js';
import { withDefaults, type MigrateOptions } from '../../src/engine/options.js';
import type { Rule, RuleContext } from '../../src/engine/types.js';
import { baseImageRule } from '../base-image.js';
import { multiStageSplitRule } from './index.js';
import { splitPending } from './plan.js';

const catalog = Catalog.builtin();

function run(text: string, opts: Partial<MigrateOptions> = {}, files: Record<string, string> = {}, rules: Rule[] = [multiStageSplitRule]) {
  return migrateText({ text, rules, catalog, options: withDefaults(opts), buildContext: { readFile: (p) => files[p] } });
}

function ctxFor(text: string, opts: Partial<MigrateOptions> = {}): RuleContext {
  const model = parseDockerfile(text, { target: opts.target ?? null });
  return {
    model,
    original: model,
    catalog,
    options: withDefaults(opts),
    buildContext: { readFile: () => undefined },
    originalLine: (o) => model.lines.positionAt(o).line + 1,
    report: () => {},
  };
}

const lines = (...l: string[]): string => l.join('\n') + '\n';

describe('multi-stage-split: runtime system packages', () => {
  const input = lines(
    'FROM dhi.io/python:3.12-debian12-dev',
    'WORKDIR /app',
    'RUN apt-get update \\',
    '    && apt-get install -y --no-install-recommends \\',
    '       gcc libpq-dev libpq5 curl ca-certificates tini \\',
    '    && rm -rf /var/lib/apt/lists/*',
    'COPY . .',
    'RUN pip install -r requirements.txt',
    'HEALTHCHECK CMD ["curl", "-f", "http://localhost:8000/"]',
    'CMD ["gunicorn", "app:app"]',
  );

  it('names each package the app may need, with its line and the options', () => {
    const res = run(input);
    const needs = res.findings.filter((f) => !f.applied);
    expect(needs.map((f) => [f.line, f.column, f.severity])).toEqual([
      [5, 22, 'warning'],
      [5, 29, 'warning'],
      [5, 50, 'warning'],
    ]);
    expect(needs[0]!.message).toBe(
      'libpq5 (installed on line 5) is a shared library the app may load at run time, but dhi.io/python:3.12-debian12 has no package manager to install it: copy its files from the build stage (`dpkg -L libpq5` lists them) with COPY --from=build, keep the final stage on the -dev image (--no-split), or use a customized DHI image that includes libpq5',
    );
    expect(needs[1]!.message).toBe(
      'curl (installed on line 5) is run by HEALTHCHECK on line 9, but dhi.io/python:3.12-debian12 has no package manager to install it: copy the program and the libraries it loads from the build stage (COPY --from=build), keep the final stage on the -dev image (--no-split), or use a customized DHI image that includes curl',
    );
    expect(needs[2]!.message).toMatch(/^tini \(installed on line 5\) is not a known build-only package/);
  });

  it('does not split when the program the container starts comes from a system package', () => {
    const text = input.replace('CMD ["gunicorn", "app:app"]', 'ENTRYPOINT ["tini", "--"]\nCMD ["gunicorn", "app:app"]');
    const res = run(text);
    expect(res.output).toBe(text);
    expect(res.findings).toEqual([
      expect.objectContaining({
        severity: 'info',
        line: 10,
        message:
          "the final stage is not split: ENTRYPOINT on line 10 starts tini, which the stage installs as a system package (tini, line 5); dhi.io/python:3.12-debian12 can't install packages, so a runtime stage could not start: keep the stage on the -dev image, or base it on a DHI image that ships tini",
      }),
    ]);
  });

  it('says nothing about build-only packages (compilers, headers) or what the runtime image has (CA certificates)', () => {
    const messages = run(input)
      .findings.map((f) => f.message)
      .join('\n');
    expect(messages).not.toMatch(/\bgcc\b|libpq-dev|ca-certificates/);
  });

  it('treats packages removed again in the stage, or an apk --virtual group deleted later, as build-only', () => {
    const res = run(
      lines(
        'FROM dhi.io/python:3.12-alpine3.22-dev',
        'WORKDIR /app',
        'RUN apk add --no-cache --virtual .build-deps gcc musl-dev postgresql-dev libffi \\',
        '    && apk add --no-cache libpq \\',
        '    && pip install -r requirements.txt \\',
        '    && apk del .build-deps',
        'RUN apt-get install -y sqlite3 && apt-get purge -y sqlite3',
        'CMD ["python", "app.py"]',
      ),
    );
    const needs = res.findings.filter((f) => !f.applied);
    expect(needs.map((f) => `${f.line}: ${f.message.split(' ')[0]}`)).toEqual(['4: libpq']);
    expect(needs[0]!.message).toContain('`apk info -L libpq` lists them');
  });

  it('reports package lists it cannot read and packages it does not know', () => {
    const res = run(
      lines(
        'FROM dhi.io/debian-base:trixie-dev',
        'WORKDIR /srv',
        'ARG EXTRA',
        'RUN apt-get install -y ffmpeg $EXTRA',
        'COPY app /srv/app',
        'CMD ["/srv/app"]',
      ),
    );
    const needs = res.findings.filter((f) => !f.applied).map((f) => [f.line, f.message]);
    expect(needs).toEqual([
      [
        4,
        expect.stringMatching(
          /^ffmpeg \(installed on line 4\) is not a known build-only package, so the app may need it at run time.*nothing to do if only the build uses it$/,
        ),
      ],
      [
        4,
        "the packages in $EXTRA (line 4) can't be read statically: any the app needs at run time are not on dhi.io/debian-base:trixie, which has no package manager",
      ],
    ]);
  });

  it('reports PHP extensions built in the stage', () => {
    const res = run(
      lines(
        'FROM dhi.io/php:8.3-dev',
        'WORKDIR /app',
        'RUN docker-php-ext-install pdo_mysql && pecl install redis-6.0.2',
        'COPY . .',
        'CMD ["php", "server.php"]',
      ),
    );
    const needs = res.findings.filter((f) => !f.applied).map((f) => f.message.split(' (')[0]);
    expect(needs).toEqual(['PHP extension pdo_mysql', 'PHP extension redis']);
  });
});

describe('multi-stage-split: review and skip cases', () => {
  it('marks the split for review when the binary is not a build output it can read', () => {
    const res = run(lines('FROM dhi.io/golang:1.26-dev', 'WORKDIR /src', 'COPY . .', 'RUN make build', 'CMD ["./bin/server"]'));
    const split = res.findings.find((f) => f.applied)!;
    expect(split.severity).toBe('warning');
    expect(split.message).toContain(
      'review: the start command runs ./bin/server, which is not among a `go build` this tool can read; check that /src/bin/server is the binary',
    );
  });

  it('asks to review a binary found by name outside the default PATH', () => {
    const res = run(
      lines('FROM dhi.io/golang:1.26-dev', 'WORKDIR /src', 'COPY . .', 'RUN CGO_ENABLED=0 go install ./cmd/api', 'CMD ["api"]'),
    );
    expect(res.output).toContain('COPY --from=build /go/bin/api /go/bin/api');
    expect(res.findings[0]!.message).toContain(
      "review: the start command runs api by name, but /go/bin/api is not on the runtime image's default PATH",
    );
  });

  it('leaves a stage whose command needs a shell on -dev, and says why', () => {
    const text = lines(
      'FROM dhi.io/python:3.12-dev',
      'WORKDIR /app',
      'COPY . .',
      'RUN pip install -r requirements.txt',
      'ENTRYPOINT ["./docker-entrypoint.sh"]',
    );
    const res = run(text);
    expect(res.output).toBe(text);
    expect(res.findings).toEqual([
      expect.objectContaining({
        severity: 'info',
        line: 5,
        applied: false,
        message:
          'the final stage is not split: the start command runs the shell script ./docker-entrypoint.sh, and dhi.io/python:3.12 has no shell',
      }),
    ]);
  });

  it('leaves a Ruby stage that starts with `bundle exec` on -dev: the runtime image has no bundle', () => {
    const text = lines(
      'FROM dhi.io/ruby:3.3-dev',
      'WORKDIR /app',
      'COPY Gemfile Gemfile.lock ./',
      'RUN bundle install',
      'COPY . .',
      'CMD ["bundle", "exec", "puma", "-C", "config/puma.rb"]',
    );
    const res = run(text);
    expect(res.output).toBe(text);
    expect(res.findings).toEqual([
      expect.objectContaining({
        severity: 'info',
        line: 6,
        message:
          "the final stage is not split: the start command runs `bundle exec`, which dhi.io/ruby:3.3 doesn't have (the DHI ruby runtime images remove bundle, gem and irb); start the app directly, e.g. the gem's own executable (gems' executables in /usr/local/bundle/bin are on the runtime PATH) or `ruby app.rb` with require \"bundler/setup\", and run again",
      }),
    ]);
  });

  it('splits a Ruby stage that starts with `bundle exec` when it installs its own bundler into the copied gems', () => {
    const res = run(
      lines(
        'FROM dhi.io/ruby:3.3-dev',
        'WORKDIR /app',
        'COPY Gemfile Gemfile.lock ./',
        'RUN gem install bundler && bundle install',
        'COPY . .',
        'CMD ["bundle", "exec", "ruby", "app.rb"]',
      ),
    );
    expect(res.output).toContain(
      'FROM dhi.io/ruby:3.3\nWORKDIR /app\nCOPY --from=build /usr/local/bundle /usr/local/bundle\nCOPY --from=build /app /app\nUSER nonroot\nCMD ["bundle", "exec", "ruby", "app.rb"]\n',
    );
  });

  it('copies files a stage without WORKDIR copied to / by their own clean path', () => {
    const res = run(
      lines(
        'FROM dhi.io/python:3.12-dev',
        'COPY requirements.txt .',
        'RUN pip install -r requirements.txt',
        'COPY app.py /',
        'CMD ["python", "/app.py"]',
      ),
    );
    expect(res.output).toContain('COPY --from=build /requirements.txt /requirements.txt\nCOPY --from=build /app.py /app.py\n');
    expect(res.output).not.toMatch(/\/\//);
  });

  it('splits a stage whose entrypoint script runs on a runtime image with a shell', () => {
    const res = run(
      lines(
        'FROM dhi.io/debian-base:trixie-dev',
        'RUN apt-get update && apt-get install -y jq',
        'COPY entrypoint.sh /entrypoint.sh',
        'ENTRYPOINT ["/entrypoint.sh"]',
      ),
    );
    expect(res.output).toContain(
      'FROM dhi.io/debian-base:trixie\nCOPY --from=build /entrypoint.sh /entrypoint.sh\nUSER nonroot\nENTRYPOINT ["/entrypoint.sh"]\n',
    );
  });

  it('leaves a stage alone when --target names a stage that is not the last one', () => {
    const text = lines(
      'FROM dhi.io/python:3.12-dev AS app',
      'RUN pip install flask',
      'CMD ["flask", "run"]',
      'FROM dhi.io/python:3.12-dev AS tests',
      'RUN pytest',
    );
    const res = run(text, { target: 'app' });
    expect(res.output).toBe(text);
    expect(res.findings[0]!.message).toBe(
      "final stage 'app' is not split: the build target 'app' is not the last stage; splitting it would insert a stage other stages may depend on",
    );
  });

  it('keeps a named target pointing at the stage that ships', () => {
    const res = run(
      lines('FROM dhi.io/node:22-dev AS web', 'WORKDIR /app', 'COPY . .', 'RUN npm ci --omit=dev', 'CMD ["node", "server.js"]'),
      { target: 'web' },
    );
    expect(res.output).toContain('FROM dhi.io/node:22-dev AS web-build\n');
    expect(res.output).toContain('\nFROM dhi.io/node:22 AS web\n');
    expect(parseDockerfile(res.output, { target: 'web' }).finalStage).toBe(1);
  });

  it('reports a review reason for a shell-form HEALTHCHECK the runtime image cannot run', () => {
    const res = run(
      lines(
        'FROM dhi.io/node:22-dev',
        'WORKDIR /app',
        'COPY . .',
        'RUN npm ci --omit=dev',
        'HEALTHCHECK CMD node check.js || exit 1',
        'CMD ["node", "server.js"]',
      ),
    );
    expect(res.findings[0]!.message).toContain(
      'review: HEALTHCHECK on line 5 is in shell form and uses the `||` operator, but dhi.io/node:22 has no shell to run it: write it in exec form',
    );
  });

  it('does not create a venv where pip installs with --user, and says so', () => {
    const text = lines(
      'FROM dhi.io/python:3.12-dev',
      'WORKDIR /app',
      'COPY . .',
      'RUN pip install --user -r requirements.txt',
      'CMD ["python", "app.py"]',
    );
    const res = run(text);
    expect(res.output).not.toContain('venv');
    expect(res.findings[0]!.severity).toBe('warning');
    expect(res.findings[0]!.message).toContain(
      "review: `pip install --user` on line 4 installs with --user into the build user's home directory",
    );
  });

  it('does not create a venv where pip runs as a non-root USER', () => {
    const res = run(
      lines(
        'FROM dhi.io/python:3.12-dev',
        'USER app',
        'WORKDIR /home/app',
        'COPY . .',
        'RUN pip install -r requirements.txt',
        'CMD ["python", "app.py"]',
      ),
    );
    expect(res.output).not.toContain('venv');
    expect(res.findings[0]!.message).toContain("runs as USER app, which can't create /opt/venv");
  });
});

describe('multi-stage-split: lines and pragmas', () => {
  it('names lines of the input even when an earlier pass removed lines', () => {
    const dropper: Rule = {
      id: 'drop-echo',
      summary: 'test rule',
      docs: 'Before After',
      check(ctx) {
        for (const ins of ctx.model.instructions) {
          if (ins.keyword === 'RUN' && ins.node.getArgumentsContent() === 'echo remove-me') {
            ctx.report({
              severity: 'change',
              message: 'drop',
              range: ins.range,
              fix: [{ start: ins.lineStart, end: ins.lineEnd, text: '' }],
            });
          }
        }
      },
    };
    const res = run(
      lines('FROM dhi.io/python:3.12-dev', 'RUN echo remove-me', 'RUN pip install flask', 'CMD flask run && sleep 1'),
      {},
      {},
      [dropper, multiStageSplitRule],
    );
    const info = res.findings.find((f) => f.ruleId === 'multi-stage-split')!;
    expect(info.line).toBe(4);
    expect(info.message).toContain('shell-form CMD on line 4 uses the `&&` operator');
  });

  it('is suppressed by `# dhi-migrate ignore=multi-stage-split` above the FROM', () => {
    const text = lines(
      '# dhi-migrate ignore=multi-stage-split',
      'FROM dhi.io/node:22-dev',
      'WORKDIR /app',
      'RUN npm ci --omit=dev',
      'CMD ["node", "a.js"]',
    );
    expect(run(text).output).toBe(text);
    // ... and then the hardening rules must not wait for a split that never comes.
    expect(splitPending(ctxFor(text))).toBe(false);
    expect(splitPending(ctxFor(text.replace('\nCMD', '\n# dhi-migrate ignore\nCMD')))).toBe(false);
    expect(splitPending(ctxFor(text.replace('# dhi-migrate ignore=multi-stage-split\n', '')))).toBe(true);
  });
});

describe('multi-stage-split: what moves', () => {
  it('keeps USER and VOLUME in the build stage when a later RUN depends on them, repeating VOLUME in the runtime stage', () => {
    const res = run(
      lines(
        'FROM dhi.io/node:22-dev',
        'WORKDIR /app',
        'VOLUME /app/data',
        'USER node',
        'COPY . .',
        'RUN npm ci --omit=dev',
        'CMD ["node", "x.js"]',
      ),
    );
    expect(res.output).toBe(
      lines(
        'FROM dhi.io/node:22-dev AS build',
        'WORKDIR /app',
        'VOLUME /app/data',
        'USER node',
        'COPY . .',
        'RUN npm ci --omit=dev',
        '',
        'FROM dhi.io/node:22',
        'WORKDIR /app',
        'COPY --from=build --chown=node:node /app /app',
        'VOLUME /app/data',
        'USER node',
        'CMD ["node", "x.js"]',
      ),
    );
  });

  it("never edits inside a heredoc and carries a moved instruction's comments", () => {
    const res = run(
      lines(
        '# syntax=docker/dockerfile:1',
        'FROM dhi.io/python:3.13-dev',
        'WORKDIR /app',
        'RUN <<EOF',
        'pip install flask',
        '# not a Dockerfile comment',
        'EOF',
        '# serve',
        'CMD ["flask", "run"]',
      ),
    );
    expect(res.output).toBe(
      lines(
        '# syntax=docker/dockerfile:1',
        'FROM dhi.io/python:3.13-dev AS build',
        'WORKDIR /app',
        'RUN python -m venv /opt/venv',
        'ENV PATH=/opt/venv/bin:$PATH',
        'RUN <<EOF',
        'pip install flask',
        '# not a Dockerfile comment',
        'EOF',
        '',
        'FROM dhi.io/python:3.13',
        'WORKDIR /app',
        'ENV PATH=/opt/venv/bin:$PATH',
        'COPY --from=build /opt/venv /opt/venv',
        'COPY --from=build /app /app',
        'USER nonroot',
        '# serve',
        'CMD ["flask", "run"]',
      ),
    );
  });

  it('adds build-stage lines and the new stage at the end of a file that ends with a kept instruction', () => {
    const expected = lines(
      'FROM dhi.io/node:22-dev AS build',
      'WORKDIR /app',
      'RUN npm ci',
      'RUN npm prune --omit=dev',
      '',
      'FROM dhi.io/node:22',
      'WORKDIR /app',
      'COPY --from=build --chown=node:node /app /app',
      'USER node',
    );
    const text = lines('FROM dhi.io/node:22-dev', 'WORKDIR /app', 'RUN npm ci');
    expect(run(text).output).toBe(expected);
    expect(run(text.slice(0, -1)).output).toBe(expected);
  });

  it('drops --platform=$BUILDPLATFORM from the runtime stage but keeps a fixed platform', () => {
    const cross = run(
      lines(
        'FROM --platform=$BUILDPLATFORM dhi.io/golang:1.26-dev',
        'WORKDIR /src',
        'RUN CGO_ENABLED=0 go build -o /app .',
        'ENTRYPOINT ["/app"]',
      ),
    );
    expect(cross.output).toContain('\nFROM dhi.io/static:20250419\n');
    const fixed = run(
      lines(
        'FROM --platform=linux/arm64 dhi.io/golang:1.26-dev',
        'WORKDIR /src',
        'RUN CGO_ENABLED=0 go build -o /app .',
        'ENTRYPOINT ["/app"]',
      ),
    );
    expect(fixed.output).toContain('\nFROM --platform=linux/arm64 dhi.io/static:20250419\n');
  });

  it('copies the files a stage took from earlier stages, but not tools from other images', () => {
    const res = run(
      lines(
        'FROM dhi.io/python:3.12-dev AS deps',
        'RUN python -m venv /venv && /venv/bin/pip install flask',
        'FROM dhi.io/python:3.12-dev',
        'COPY --from=ghcr.io/astral-sh/uv:0.9 /uv /usr/local/bin/uv',
        'COPY --from=deps /venv /venv',
        'WORKDIR /app',
        'COPY . .',
        'RUN useradd app && chown -R app /app',
        'USER app',
        'CMD ["/venv/bin/python", "app.py"]',
      ),
    );
    expect(res.output).toContain(
      lines(
        'FROM dhi.io/python:3.12',
        'WORKDIR /app',
        'COPY --from=build --chown=nonroot:nonroot /app /app',
        'COPY --from=build /venv /venv',
        'USER nonroot',
      ),
    );
  });

  it('writes mirrored references when a mirror is configured', () => {
    const res = run(
      lines('FROM registry.example.com/acme/dhi-node:22-dev', 'WORKDIR /app', 'RUN npm ci --omit=dev', 'CMD ["node", "a.js"]'),
      {
        registry: 'registry.example.com',
        namespace: 'acme',
      },
    );
    expect(res.output).toContain('\nFROM registry.example.com/acme/dhi-node:22\n');
  });
});

describe('multi-stage-split: with base-image (the preset order)', () => {
  it('splits an official-image single stage after base-image moved it to -dev, in one settled run', () => {
    const res = run(
      lines(
        'FROM python:3.12-slim-bookworm',
        'WORKDIR /app',
        'COPY requirements.txt .',
        'RUN pip install -r requirements.txt',
        'COPY . .',
        'CMD ["python3", "app.py"]',
      ),
      {},
      {},
      [baseImageRule, multiStageSplitRule],
    );
    expect(res.output).toBe(
      lines(
        'FROM dhi.io/python:3.12-debian12-dev AS build',
        'WORKDIR /app',
        'COPY requirements.txt .',
        'RUN python -m venv /opt/venv',
        'ENV PATH=/opt/venv/bin:$PATH',
        'RUN pip install -r requirements.txt',
        'COPY . .',
        '',
        'FROM dhi.io/python:3.12-debian12',
        'WORKDIR /app',
        'ENV PATH=/opt/venv/bin:$PATH',
        'COPY --from=build /opt/venv /opt/venv',
        'COPY --from=build /app /app',
        'USER nonroot',
        'CMD ["python3", "app.py"]',
      ),
    );
    const split = res.findings.find((f) => f.ruleId === 'multi-stage-split')!;
    expect(split).toMatchObject({ line: 1, applied: true, severity: 'change' });
    expect(split.message).toBe(
      "split the python final stage: build stage 'build' stays on dhi.io/python:3.12-debian12-dev, new final stage on dhi.io/python:3.12-debian12; copies /opt/venv, /app; moves CMD; runs as nonroot; pip installs into a new virtual environment /opt/venv, created in the build stage before line 4",
    );
  });

  it('keeps the single stage on -dev under --no-split and when the rule is disabled', () => {
    const text = lines('FROM node:22', 'WORKDIR /app', 'COPY . .', 'RUN npm ci', 'CMD ["node", "index.js"]');
    for (const opts of [{ split: false }, { disabledRules: ['multi-stage-split'] }]) {
      const res = run(text, opts, {}, [baseImageRule, multiStageSplitRule]);
      expect(res.output).toBe(text.replace('FROM node:22', 'FROM dhi.io/node:22-dev'));
      expect(res.findings.map((f) => f.ruleId)).toEqual(['base-image']);
    }
  });
});

describe('splitPending', () => {
  const single = lines('FROM dhi.io/node:22-dev', 'WORKDIR /app', 'RUN npm ci --omit=dev', 'CMD ["node", "a.js"]');

  it('is true while the final stage is about to be split', () => {
    expect(splitPending(ctxFor(single))).toBe(true);
  });

  it('is false under --no-split, with the rule disabled, before base-image ran, and once split', () => {
    expect(splitPending(ctxFor(single, { split: false }))).toBe(false);
    expect(splitPending(ctxFor(single, { disabledRules: ['multi-stage-split'] }))).toBe(false);
    expect(splitPending(ctxFor(single.replace('dhi.io/node:22-dev', 'node:22')))).toBe(false);
    expect(splitPending(ctxFor(run(single).output))).toBe(false);
  });

  it('is false when the split would be skipped (the command needs a shell)', () => {
    expect(splitPending(ctxFor(lines('FROM dhi.io/node:22-dev', 'RUN npm ci', 'CMD npm ci && node a.js')))).toBe(false);
  });
});

describe('split: what RUN lines did outside the copied files', () => {
  const splitMessage = (text: string): string => run(text).findings.find((f) => f.ruleId === 'multi-stage-split')!.message;

  it('names a deletion the runtime stage cannot repeat, on its line (and makes the split a warning)', () => {
    const r = run(lines('FROM dhi.io/nginx:1.30-dev', 'RUN rm /etc/nginx/conf.d/default.conf', 'COPY nginx.conf /etc/nginx/nginx.conf'));
    const f = r.findings.find((x) => x.ruleId === 'multi-stage-split')!;
    expect(f.severity).toBe('warning');
    expect(f.message).toContain(
      "review: `rm /etc/nginx/conf.d/default.conf` on line 2 deletes /etc/nginx/conf.d/default.conf, which the runtime stage can't repeat (no shell, and COPY can't delete): check whether the runtime image has that file",
    );
  });

  it('carries a config file edited with sed -i or written with > and names links and created directories', () => {
    const m = splitMessage(
      lines(
        'FROM dhi.io/python:3.12-dev',
        'WORKDIR /app',
        'COPY . .',
        'RUN pip install -r requirements.txt',
        'RUN sed -i s/a/b/ /etc/app.ini && echo x=1 > /etc/app.conf',
        'RUN ln -sf /usr/share/zoneinfo/UTC /etc/localtime && mkdir -p /run/app',
        'CMD ["python", "app.py"]',
      ),
    );
    expect(m).toContain('copies /opt/venv, /app, /etc/app.ini, /etc/app.conf;');
    expect(m).toContain('/etc/app.ini is copied as edited by line 5; /etc/app.conf is copied as edited by line 5');
    expect(m).toContain('`ln -sf /usr/share/zoneinfo/UTC /etc/localtime` on line 6 links /etc/localtime, which is not copied');
    expect(m).toContain('`mkdir -p /run/app` on line 6 creates /run/app, which is not copied: add `COPY --from=build /run/app /run/app`');
  });

  it('stays quiet about what the copy carries, housekeeping, and files the stage made itself', () => {
    const m = splitMessage(
      lines(
        'FROM dhi.io/python:3.12-dev',
        'WORKDIR /app',
        'COPY . .',
        'COPY entry.py /usr/local/bin/',
        'RUN chmod +x /usr/local/bin/entry.py && rm -rf /app/tests /var/lib/apt/lists/* /tmp/x',
        'RUN curl -o /usr/local/bin/tool https://x/tool && chmod +x /usr/local/bin/tool && rm /usr/local/bin/tool',
        'RUN pip install -r requirements.txt',
        'CMD ["python", "app.py"]',
      ),
    );
    expect(m).not.toContain('review');
  });

  it('does not split onto a new venv when the stage it builds on installed packages system-wide', () => {
    const text = fixtureText('inherited-system-pip.unchanged.Dockerfile');
    const f = run(text).findings.find((x) => x.ruleId === 'multi-stage-split')!;
    expect(f).toMatchObject({ severity: 'info', line: 10 });
    expect(f.message).toBe(
      "final stage 'test' is not split: it builds on stage 'base', whose `pip install -r requirements.txt` on line 4 installs packages system-wide, which a runtime stage would not get (and a virtual environment created here would not hold them); create a virtual environment in stage 'base' before that line (`RUN python -m venv /opt/venv` and `ENV PATH=/opt/venv/bin:$PATH`) and run again",
    );
  });

  it('reads WORKDIR and ENV through the FROM chain', () => {
    const out = run(fixtureText('inherited-venv.before.Dockerfile')).output;
    expect(out).toContain('FROM dhi.io/python:3.12 AS app\nWORKDIR /app\nENV PYTHONUNBUFFERED=1\n');
    expect(out).toContain('COPY --from=app-build /app /app\n');
  });
});

function fixtureText(name: string): string {
  return readFileSync(new URL(`../../fixtures/multi-stage-split/${name}`, import.meta.url), 'utf8');
}

/**
 * fast-check generators of realistic Dockerfiles for the property and fuzz
 * tests: the shapes real repositories have (and the ones that break naive
 * rewriters): many image reference forms (registries, Docker Hub aliases,
 * digests, ARG-built references, --platform, AS, stage references), RUN chains
 * with continuations and comments inside them, heredocs (including ones whose
 * body looks like a FROM), exec and shell form, ONBUILD, COPY --from, parser
 * directives with the backtick escape, lowercase keywords, indentation,
 * CRLF/LF/mixed endings, a UTF-8 BOM, a missing final newline.
 *
 * A file is generated as a list of logical lines, each already containing its
 * own continuation markers; line endings are chosen when the file is joined.
 */
import fc from 'fast-check';

export interface GeneratedDockerfile {
  /** The file's bytes as they would be on disk. */
  bytes: Buffer;
  /** Text without the BOM (what the engine sees). */
  text: string;
  bom: boolean;
}

const HEX64 = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });

/** Repository and tag pairs seen in real Dockerfiles; tags are specific to the repository. */
const IMAGE_TAGS: Record<string, string[]> = {
  python: ['3.12', '3.12-slim', '3.12-slim-bookworm', '3.13-alpine', '3.11.9-bookworm', '3.9', 'latest', '3', '3.13-slim-trixie'],
  node: ['22', '22-alpine', '24-alpine3.22', '20-bookworm-slim', 'lts', 'lts-alpine', '18', 'current'],
  golang: ['1.26', '1.26-alpine', '1.25-bookworm', '1.22', 'alpine'],
  'eclipse-temurin': ['21-jdk', '21-jre-alpine', '17-jre', '25-jdk-noble', '11'],
  maven: ['3.9-eclipse-temurin-21', '3.9.9-eclipse-temurin-17-alpine', '3-amazoncorretto-21'],
  gradle: ['8.10-jdk21', '8-jdk17-alpine'],
  nginx: ['1.27-alpine', '1.27', 'stable-alpine', 'mainline', 'alpine-slim'],
  alpine: ['3.20', '3.22', 'latest', '3'],
  debian: ['bookworm-slim', 'bookworm', '12', 'trixie'],
  ubuntu: ['24.04', '22.04', 'jammy', 'noble'],
  redis: ['7', '7.4-alpine', '8'],
  postgres: ['16', '17-alpine', '16.4-bookworm'],
  php: ['8.3-fpm-alpine', '8.2-apache', '8.4-cli'],
  ruby: ['3.3', '3.3-slim-bookworm', '3.4-alpine'],
  rust: ['1.80', '1-slim-bookworm', '1.88-alpine'],
  busybox: ['1.36', 'latest', 'musl'],
  httpd: ['2.4', '2.4-alpine'],
  'mcr.microsoft.com/dotnet/sdk': ['8.0', '9.0-alpine', '8.0-bookworm-slim'],
  'mcr.microsoft.com/dotnet/aspnet': ['8.0', '8.0-alpine', '9.0'],
  'gcr.io/distroless/static': ['nonroot', 'latest', 'debian12'],
  'gcr.io/distroless/base-debian12': ['nonroot', 'latest'],
  'docker.io/library/python': ['3.12-slim'],
  'library/node': ['20-alpine'],
  'index.docker.io/library/golang': ['1.22'],
  'localhost:5000/team/app': ['1.0'],
  'registry.example.com:443/base/python': ['3.12'],
  'mycorp/base': ['1', '2024.06'],
  'bitnami/redis': ['7.2'],
  'dhi.io/python': ['3.12', '3.13-dev'],
  'dhi.io/node': ['22-alpine-dev'],
};

const imageName = fc.constantFrom(...Object.keys(IMAGE_TAGS));

/** A concrete reference: name, optional tag, optional digest. */
const literalImage: fc.Arbitrary<string> = imageName.chain((name) =>
  fc
    .tuple(
      fc.option(fc.constantFrom(...IMAGE_TAGS[name]!), { nil: null, freq: 5 }),
      // Mostly no digest; sometimes one (it is dropped with a note when the image moves).
      fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: HEX64 }),
    )
    .map(([tag, digest]) => `${name}${tag ? `:${tag}` : ''}${digest ? `@sha256:${digest}` : ''}`),
);

interface GlobalArg {
  name: string;
  line: string;
}

/** ARGs before the first FROM and the FROM image texts that use them. */
interface GlobalArgs {
  args: GlobalArg[];
  uses: string[];
}

const globalArgs: fc.Arbitrary<GlobalArgs> = fc.oneof(
  fc.constant<GlobalArgs>({ args: [], uses: [] }),
  literalImage.chain((image) =>
    fc
      .constantFrom<[string, string]>(
        ['BASE', `ARG BASE=${image}`],
        ['BASE', `ARG BASE="${image}"`],
        ['BASE_IMAGE', `arg BASE_IMAGE=${image}`],
      )
      .map(([name, line]) => ({
        args: [{ name, line }],
        uses: [`\${${name}}`, `$${name}`],
      })),
  ),
  fc.constantFrom<GlobalArgs>(
    { args: [{ name: 'PY', line: 'ARG PY=3.12' }], uses: ['python:${PY}-slim', 'python:${PY}', 'python:$PY-alpine'] },
    { args: [{ name: 'NODE_VERSION', line: 'ARG NODE_VERSION=22' }], uses: ['node:${NODE_VERSION}-alpine', 'node:${NODE_VERSION}'] },
    { args: [{ name: 'GO', line: 'ARG GO=1.26 {ESC}\n    DISTRO=alpine' }], uses: ['golang:${GO}-${DISTRO}', 'golang:${GO}'] },
    { args: [{ name: 'TAG', line: 'ARG TAG' }], uses: ['python:${TAG}', 'node:${TAG:-22}'] },
    {
      args: [{ name: 'REGISTRY', line: 'ARG REGISTRY=docker.io' }],
      uses: ['${REGISTRY}/library/python:3.12', '${REGISTRY:-docker.io}/library/node:22'],
    },
  ),
);

const platform = fc.constantFrom('', '', '', '--platform=$BUILDPLATFORM ', '--platform=linux/amd64 ', '--platform=${TARGETPLATFORM} ');
const stageName = fc.constantFrom('build', 'builder', 'deps', 'base', 'runtime', 'test', 'final', 'Build-Stage', 'app_1');

const shellCommand = fc.constantFrom(
  'apt-get update',
  'apt-get install -y --no-install-recommends curl ca-certificates',
  'rm -rf /var/lib/apt/lists/*',
  'pip install --no-cache-dir -r requirements.txt',
  'npm ci --omit=dev',
  'go build -o /out/app ./cmd/app',
  'mvn -B package -DskipTests',
  'echo "FROM python:3.9 is just text here"',
  'adduser -D -u 10001 app',
  'chmod +x /entrypoint.sh',
  "sed -i 's/a/b/' /etc/conf",
  'echo $HOME ${PATH} "${X:-y}"',
  'test -f /x || exit 1',
  'echo "ünïcödé 🐳"',
);

/** A RUN instruction, possibly spread over continuation lines with comments between them. */
function runInstruction(escape: string): fc.Arbitrary<string> {
  const chain = fc.array(shellCommand, { minLength: 1, maxLength: 5 });
  const indent = fc.constantFrom('    ', '\t', '  ', '');
  return fc
    .tuple(
      chain,
      indent,
      fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
      fc.constantFrom('', '--mount=type=cache,target=/root/.cache ', '--network=none '),
      fc.boolean(),
    )
    .map(([cmds, ind, comments, flags, split]) => {
      if (!split || cmds.length === 1) return `RUN ${flags}${cmds.join(' && ')}`;
      const lines = [`RUN ${flags}${cmds[0]} ${escape}`];
      cmds.slice(1).forEach((cmd, i) => {
        // Comment lines inside a continuation are dropped by Docker, kept by us.
        if (comments[i]) lines.push(`${ind}# step ${i + 2}`);
        lines.push(`${ind}&& ${cmd}${i < cmds.length - 2 ? ` ${escape}` : ''}`);
      });
      return lines.join('\n');
    });
}

const heredoc: fc.Arbitrary<string> = fc.constantFrom(
  'RUN <<EOF\napt-get update\nFROM python:3.9\necho done\nEOF',
  'RUN <<-EOT\n\tset -e\n\techo "FROM node:22"\n\tEOT',
  "RUN python3 <<'PY'\nprint('FROM golang:1.22')\nPY",
  'COPY <<CONF /etc/app.conf\nlisten 8080\nFROM = nginx:1.27\nCONF',
  'COPY <<-"X" /x.sh\n\t#!/bin/sh\n\techo $HOME \\\n\tX',
  'RUN <<A <<B\necho a\nA\necho b\nB',
  'RUN cat <<EOF > /etc/motd\nwelcome\nEOF',
);

function instruction(escape: string, stages: string[]): fc.Arbitrary<string> {
  const earlier = stages.length > 0 ? fc.constantFrom(...stages, '0') : fc.constant('0');
  return fc.oneof(
    { weight: 4, arbitrary: runInstruction(escape) },
    { weight: 2, arbitrary: heredoc },
    {
      weight: 6,
      arbitrary: fc.constantFrom(
        'WORKDIR /app',
        'COPY . .',
        'COPY --chown=1000:1000 package*.json ./',
        'COPY --link requirements.txt /tmp/',
        'ADD app.tar.gz /opt/',
        'ENV NODE_ENV=production',
        'ENV PATH=/venv/bin:$PATH PYTHONUNBUFFERED=1',
        'ENV LEGACY value with spaces',
        'LABEL org.opencontainers.image.source="https://example.com/repo" maintainer="Zoë"',
        'EXPOSE 8080',
        'EXPOSE 80/tcp 443',
        'USER node',
        'USER 10001:10001',
        'ARG VERSION=1.0',
        'ARG BUILD_DATE',
        'VOLUME ["/data"]',
        'STOPSIGNAL SIGTERM',
        'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
        'HEALTHCHECK --interval=30s CMD curl -f http://localhost:8080/ || exit 1',
        'HEALTHCHECK NONE',
        'ONBUILD RUN npm ci',
        'ONBUILD COPY . /app',
        'RUN ["sh", "-c", "echo exec form"]',
        'ENTRYPOINT ["/entrypoint.sh"]',
        'ENTRYPOINT exec java -jar /app.jar',
        'CMD ["node", "server.js"]',
        'CMD ["python3", "-m", "flask", "run", "--host=0.0.0.0"]',
        'CMD python app.py',
        'CMD ["./app"]',
      ),
    },
    { weight: 2, arbitrary: earlier.map((s) => `COPY --from=${s} /out /out`) },
    { weight: 1, arbitrary: earlier.map((s) => `RUN --mount=type=bind,from=${s},source=/x,target=/y true`) },
  );
}

/** Between instructions: nothing, blank lines, comments, or pragma-looking comments. */
const filler = fc.constantFrom(
  '',
  '',
  '',
  '',
  '\n',
  '# a comment',
  '#',
  '   # indented comment',
  '\n# section\n',
  '# hadolint ignore=DL3008',
);

const keywordCase = fc.constantFrom<'upper' | 'lower' | 'mixed'>('upper', 'upper', 'upper', 'lower', 'mixed');

function applyCase(line: string, mode: 'upper' | 'lower' | 'mixed'): string {
  if (mode === 'upper') return line;
  // Only the first keyword of the first physical line (and ONBUILD's trigger).
  return line.replace(/^([A-Z]+)( [A-Z]+)?/, (_m, k: string, t?: string) => {
    const c = (w: string) => (mode === 'lower' ? w.toLowerCase() : w[0] + w.slice(1).toLowerCase());
    return c(k) + (t && k === 'ONBUILD' ? ' ' + c(t.trim()) : (t ?? ''));
  });
}

interface Layout {
  escape: '\\' | '`';
  directives: string[];
}

const layout: fc.Arbitrary<Layout> = fc
  .tuple(
    fc.constantFrom('', '# syntax=docker/dockerfile:1', '# syntax=docker/dockerfile:1.7-labs', '#syntax = docker/dockerfile:1'),
    fc.constantFrom<'\\' | '`'>('\\', '\\', '\\', '`'),
    fc.boolean(),
  )
  .map(([syntax, escape, checkDirective]) => {
    const directives = [syntax, escape === '`' ? '# escape=`' : '', checkDirective ? '# check=skip=JSONArgsRecommended' : ''].filter(
      Boolean,
    );
    return { escape, directives };
  });

/** The logical lines of a Dockerfile (continuations included), before line endings are chosen. */
export const dockerfileLines: fc.Arbitrary<string[]> = fc
  .tuple(layout, globalArgs, fc.integer({ min: 1, max: 4 }), keywordCase)
  .chain(([lay, global, stageCount, kcase]) => {
    const stage = (index: number, names: string[]): fc.Arbitrary<{ lines: string[]; name: string | null }> =>
      fc
        .tuple(
          fc.oneof(
            { weight: 5, arbitrary: literalImage },
            {
              weight: global.uses.length > 0 ? 3 : 0,
              arbitrary: global.uses.length > 0 ? fc.constantFrom(...global.uses) : fc.constant('scratch'),
            },
            { weight: names.length > 0 ? 2 : 0, arbitrary: names.length > 0 ? fc.constantFrom(...names) : fc.constant('scratch') },
            { weight: 1, arbitrary: fc.constant('scratch') },
          ),
          platform,
          fc.option(
            stageName.map((n) => `${n}${index}`),
            { nil: null },
          ),
          fc.constantFrom(' AS ', ' as ', ' As '),
          fc.array(fc.tuple(filler, instruction(lay.escape, names)), { maxLength: 7 }),
          fc.constantFrom('', '', '  '),
          fc.boolean(),
        )
        .map(([image, plat, name, as, body, indent, splitFrom]) => {
          const from =
            splitFrom && name ? `FROM ${plat}${image} ${lay.escape}\n    AS ${name}` : `FROM ${plat}${image}${name ? `${as}${name}` : ''}`;
          const lines = [applyCase(from, kcase)];
          for (const [fill, ins] of body) {
            if (fill) lines.push(fill);
            lines.push(indent + applyCase(ins, kcase));
          }
          return { lines, name };
        });

    let acc: fc.Arbitrary<{ lines: string[]; names: string[] }> = fc.constant({ lines: [], names: [] });
    for (let i = 0; i < stageCount; i++) {
      acc = acc.chain((sofar) =>
        stage(i, sofar.names).map((s) => ({ lines: [...sofar.lines, ...s.lines], names: s.name ? [...sofar.names, s.name] : sofar.names })),
      );
    }
    return fc
      .tuple(acc, filler)
      .map(([stages, lead]) => [
        ...lay.directives,
        ...(lead ? [lead] : []),
        ...global.args.map((a) => a.line.replace('{ESC}', lay.escape)),
        ...stages.lines,
      ]);
  });

/** Whole files: lines joined with LF, CRLF or a mix, with or without a final newline and a BOM. */
export const dockerfile: fc.Arbitrary<GeneratedDockerfile> = fc
  .tuple(
    dockerfileLines,
    fc.constantFrom<'lf' | 'crlf' | 'mixed'>('lf', 'lf', 'crlf', 'mixed'),
    fc.boolean(),
    fc.boolean(),
    fc.array(fc.boolean(), { minLength: 32, maxLength: 32 }),
  )
  .map(([lines, eolMode, finalEol, bom, coins]) => {
    const physical = lines.join('\n').split('\n');
    const eol = (i: number) => (eolMode === 'lf' ? '\n' : eolMode === 'crlf' ? '\r\n' : coins[i % coins.length] ? '\r\n' : '\n');
    let text = '';
    physical.forEach((line, i) => {
      text += line;
      if (i < physical.length - 1 || finalEol) text += eol(i);
    });
    const bytes = Buffer.from(bom ? '\uFEFF' + text : text, 'utf8');
    return { bytes, text, bom };
  });

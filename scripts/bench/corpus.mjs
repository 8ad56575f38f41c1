/**
 * Deterministic corpus of synthetic but realistic Dockerfiles for the
 * benchmark: every supported ecosystem, single- and multi-stage, heredocs,
 * ARG-selected images, long RUN chains, comments, some CRLF files, and a
 * share of files with nothing to change (already on DHI, or no equivalent).
 *
 * Same seed and count -> byte-identical files. Files are grouped into
 * "repositories" (a few Dockerfiles each) so batch mode can be measured too.
 *
 *   node scripts/bench/corpus.mjs --out .bench/corpus --count 5000 --seed 1
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ECOSYSTEMS = [
  'python',
  'node',
  'golang',
  'rust',
  'ruby',
  'php',
  'java-maven',
  'java-gradle',
  'dotnet',
  'nginx-static',
  'alpine',
  'debian',
  'ubuntu',
  'distroless',
];

/** mulberry32: small, fast, and the same everywhere. */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

const PY = ['3.10', '3.11', '3.12', '3.13', '3.12.7', '3.9'];
const PY_SFX = ['-slim', '-slim-bookworm', '-bookworm', '-alpine', '-alpine3.21', '', '-slim-trixie'];
const NODE = ['18', '20', '22', '24', '22.11', '20.18.1'];
const NODE_SFX = ['-alpine', '-bookworm-slim', '-slim', '', '-bookworm', '-alpine3.22'];
const GO = ['1.22', '1.23', '1.24', '1.25', '1.26'];
const GO_SFX = ['-alpine', '-bookworm', '', '-alpine3.22'];
const RUST = ['1.80', '1.83', '1.85', '1', '1.88'];
const RUST_SFX = ['-slim-bookworm', '-alpine', '', '-bookworm'];
const RUBY = ['3.2', '3.3', '3.4', '3.3.6'];
const RUBY_SFX = ['-slim', '-alpine', '-bookworm', '-slim-bookworm'];
const PHP = ['8.2', '8.3', '8.4'];
const PHP_SFX = ['-fpm-alpine', '-fpm', '-cli', '-cli-alpine', '-fpm-bookworm'];
const JAVA = ['17', '21', '25'];
const DOTNET = ['8.0', '9.0', '10.0'];
const NGINX = ['1.27', '1.28', '1.29', 'stable', '1.29-alpine', 'alpine'];
const ALPINE = ['3.19', '3.20', '3.21', '3.22', 'latest'];
const DEBIAN = ['bookworm', 'bookworm-slim', '12', '13', 'trixie-slim', 'stable-slim'];
const UBUNTU = ['22.04', '24.04', 'jammy', 'noble'];
const PKGS = ['curl', 'ca-certificates', 'git', 'build-essential', 'libpq-dev', 'tzdata', 'unzip', 'jq', 'gnupg', 'openssl', 'libffi-dev', 'zlib1g-dev'];
const APK = ['curl', 'ca-certificates', 'git', 'build-base', 'tzdata', 'openssl', 'bash', 'musl-dev', 'libffi-dev'];

function comment(r) {
  return r.pick([
    '# syntax=docker/dockerfile:1',
    '# Build the service image',
    '# TODO: pin the base image by digest',
    '# keep in sync with .github/workflows/ci.yml',
    '# Runtime image',
    '# Install OS dependencies first for better layer caching',
  ]);
}

function aptChain(r, distro) {
  const n = 2 + r.int(8);
  const pkgs = Array.from({ length: n }, () => r.pick(distro === 'alpine' ? APK : PKGS));
  if (distro === 'alpine') {
    return [`RUN apk add --no-cache \\`, ...pkgs.map((p, i) => `      ${p}${i < pkgs.length - 1 ? ' \\' : ''}`)];
  }
  const lines = ['RUN apt-get update \\', '    && apt-get install -y --no-install-recommends \\'];
  for (const p of pkgs) lines.push(`       ${p} \\`);
  // Long chains: extra steps, sometimes a comment inside the continuation.
  const extra = r.int(6);
  for (let i = 0; i < extra; i++) {
    if (r.chance(0.2)) lines.push('    # clean up as we go');
    lines.push(`    && ${r.pick(['mkdir -p /opt/app/data', 'echo "build $(date)" > /build-info', 'ln -sf /usr/share/zoneinfo/UTC /etc/localtime', 'groupadd -r app', 'chmod 0755 /usr/local/bin', 'update-ca-certificates'])} \\`);
  }
  lines.push('    && rm -rf /var/lib/apt/lists/*');
  return lines;
}

function heredoc(r) {
  const tag = r.pick(['EOF', 'EOT', 'SCRIPT']);
  return [
    `RUN <<${tag}`,
    'set -eux',
    `echo "configuring ${r.pick(['app', 'worker', 'api'])}"`,
    'FROM python:3.12 is not an instruction inside a heredoc',
    `mkdir -p /var/cache/app && chmod 1777 /var/cache/app`,
    tag,
  ];
}

function maybe(r, p, lines) {
  return r.chance(p) ? lines : [];
}

function withArg(r, name, image, version, suffix) {
  // Three spellings: literal, a version ARG, a whole-image ARG.
  const mode = r.int(5);
  if (mode === 0) return { args: [`ARG ${name}_VERSION=${version}`], image: `${image}:\${${name}_VERSION}${suffix}` };
  if (mode === 1) return { args: [`ARG BASE_IMAGE=${image}:${version}${suffix}`], image: '${BASE_IMAGE}' };
  return { args: [], image: `${image}:${version}${suffix}` };
}

const generators = {
  python(r) {
    const v = withArg(r, 'PYTHON', 'python', r.pick(PY), r.pick(PY_SFX));
    const multi = r.chance(0.5);
    const lines = [...maybe(r, 0.5, [comment(r)]), ...v.args];
    if (multi) {
      lines.push(`FROM ${v.image} AS build`, 'WORKDIR /app', 'COPY requirements.txt .', 'RUN pip install --prefix=/install -r requirements.txt', '');
      lines.push(`FROM ${v.image}`, 'WORKDIR /app', 'COPY --from=build /install /usr/local', 'COPY . .');
    } else {
      lines.push(`FROM ${v.image}`, '', 'ENV PYTHONDONTWRITEBYTECODE=1 \\', '    PIP_NO_CACHE_DIR=1', 'WORKDIR /app');
      lines.push(...aptChain(r, v.image.includes('alpine') ? 'alpine' : 'debian'));
      lines.push('COPY requirements.txt .', 'RUN pip install -r requirements.txt', 'COPY . .');
      lines.push(...maybe(r, 0.3, heredoc(r)));
      lines.push(...maybe(r, 0.5, ['RUN useradd --create-home appuser', 'USER appuser']));
    }
    lines.push('EXPOSE 8000', r.pick(['CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]', 'CMD gunicorn --bind 0.0.0.0:8000 app:app', 'ENTRYPOINT ["python", "-m", "app"]']));
    return lines;
  },
  node(r) {
    const v = withArg(r, 'NODE', 'node', r.pick(NODE), r.pick(NODE_SFX));
    const lines = [...maybe(r, 0.4, [comment(r)]), ...v.args];
    if (r.chance(0.6)) {
      lines.push(`FROM ${v.image} AS deps`, 'WORKDIR /usr/src/app', 'COPY package*.json ./', 'RUN npm ci');
      lines.push('', `FROM ${v.image} AS build`, 'WORKDIR /usr/src/app', 'COPY --from=deps /usr/src/app/node_modules ./node_modules', 'COPY . .', 'RUN npm run build');
      lines.push('', `FROM ${v.image}`, 'WORKDIR /usr/src/app', 'ENV NODE_ENV=production', 'COPY --from=build /usr/src/app/dist ./dist', 'EXPOSE 3000', 'CMD ["node", "dist/index.js"]');
    } else {
      lines.push(`FROM ${v.image}`, 'WORKDIR /usr/src/app', 'COPY package*.json ./', 'RUN npm ci --omit=dev', 'COPY . .');
      lines.push(...maybe(r, 0.3, heredoc(r)));
      lines.push('EXPOSE 3000', r.pick(['CMD ["index.js"]', 'CMD ["npm", "start"]', 'CMD node index.js']));
    }
    return lines;
  },
  golang(r) {
    const v = withArg(r, 'GO', 'golang', r.pick(GO), r.pick(GO_SFX));
    const runtime = r.pick(['alpine:3.22', 'gcr.io/distroless/static-debian12', 'scratch', 'debian:bookworm-slim', 'gcr.io/distroless/base-debian12:nonroot']);
    return [
      ...maybe(r, 0.4, [comment(r)]),
      ...v.args,
      `FROM ${v.image} AS build`,
      'WORKDIR /src',
      'COPY go.mod go.sum ./',
      'RUN --mount=type=cache,target=/go/pkg/mod go mod download',
      'COPY . .',
      'RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/service ./cmd/service',
      '',
      `FROM ${runtime}`,
      ...(runtime.startsWith('alpine') ? ['RUN apk add --no-cache ca-certificates'] : []),
      'COPY --from=build /out/service /usr/local/bin/service',
      ...maybe(r, 0.5, ['USER 65532:65532']),
      'ENTRYPOINT ["/usr/local/bin/service"]',
    ];
  },
  rust(r) {
    const v = withArg(r, 'RUST', 'rust', r.pick(RUST), r.pick(RUST_SFX));
    return [
      ...v.args,
      `FROM ${v.image} AS builder`,
      'WORKDIR /usr/src/app',
      'COPY Cargo.toml Cargo.lock ./',
      'COPY src ./src',
      'RUN cargo build --release --locked',
      '',
      `FROM ${r.pick(['debian:bookworm-slim', 'gcr.io/distroless/cc-debian12', 'alpine:3.21'])}`,
      'COPY --from=builder /usr/src/app/target/release/app /usr/local/bin/app',
      'CMD ["app"]',
    ];
  },
  ruby(r) {
    const v = withArg(r, 'RUBY', 'ruby', r.pick(RUBY), r.pick(RUBY_SFX));
    return [
      ...maybe(r, 0.4, [comment(r)]),
      ...v.args,
      `FROM ${v.image}`,
      ...aptChain(r, v.image.includes('alpine') ? 'alpine' : 'debian'),
      'WORKDIR /app',
      'COPY Gemfile Gemfile.lock ./',
      'RUN bundle config set without "development test" && bundle install --jobs 4',
      'COPY . .',
      ...maybe(r, 0.3, heredoc(r)),
      'EXPOSE 3000',
      'CMD ["bundle", "exec", "puma", "-C", "config/puma.rb"]',
    ];
  },
  php(r) {
    const v = withArg(r, 'PHP', 'php', r.pick(PHP), r.pick(PHP_SFX));
    return [
      ...v.args,
      `FROM composer:2 AS vendor`,
      'COPY composer.json composer.lock ./',
      'RUN composer install --no-dev --prefer-dist --no-scripts',
      '',
      `FROM ${v.image}`,
      'WORKDIR /var/www/html',
      'COPY --from=vendor /app/vendor ./vendor',
      'COPY . .',
      ...maybe(r, 0.5, ['RUN docker-php-ext-install pdo_mysql opcache']),
      'CMD ["php-fpm"]',
    ];
  },
  'java-maven'(r) {
    const j = r.pick(JAVA);
    return [
      ...maybe(r, 0.4, [comment(r)]),
      `FROM maven:3.9-eclipse-temurin-${j}${r.pick(['', '-alpine'])} AS build`,
      'WORKDIR /build',
      'COPY pom.xml .',
      'RUN mvn -q dependency:go-offline',
      'COPY src ./src',
      'RUN mvn -q -DskipTests package',
      '',
      `FROM ${r.pick([`eclipse-temurin:${j}-jre`, `eclipse-temurin:${j}-jre-alpine`, `eclipse-temurin:${j}-jdk`, `amazoncorretto:${j}`, `openjdk:${j}-jdk-slim`])}`,
      'WORKDIR /app',
      'COPY --from=build /build/target/app.jar app.jar',
      'EXPOSE 8080',
      'ENTRYPOINT ["java", "-jar", "/app/app.jar"]',
    ];
  },
  'java-gradle'(r) {
    const j = r.pick(JAVA);
    return [
      `FROM gradle:8-jdk${j} AS build`,
      'WORKDIR /home/gradle/project',
      'COPY --chown=gradle:gradle . .',
      'RUN gradle bootJar --no-daemon',
      '',
      `FROM eclipse-temurin:${j}-jre${r.pick(['', '-alpine', '-noble'])}`,
      'COPY --from=build /home/gradle/project/build/libs/*.jar /app/app.jar',
      'ENTRYPOINT ["java", "-jar", "/app/app.jar"]',
    ];
  },
  dotnet(r) {
    const v = r.pick(DOTNET);
    const sfx = r.pick(['', '-alpine', '-bookworm-slim', '-noble']);
    return [
      `FROM mcr.microsoft.com/dotnet/aspnet:${v}${sfx} AS base`,
      'WORKDIR /app',
      'EXPOSE 8080',
      '',
      `FROM mcr.microsoft.com/dotnet/sdk:${v}${sfx} AS build`,
      'WORKDIR /src',
      'COPY *.csproj .',
      'RUN dotnet restore',
      'COPY . .',
      'RUN dotnet publish -c Release -o /app/publish --no-restore',
      '',
      'FROM base AS final',
      'WORKDIR /app',
      'COPY --from=build /app/publish .',
      'ENTRYPOINT ["dotnet", "Web.dll"]',
    ];
  },
  'nginx-static'(r) {
    return [
      ...maybe(r, 0.5, [comment(r)]),
      `FROM node:${r.pick(NODE)}${r.pick(['-alpine', ''])} AS build`,
      'WORKDIR /site',
      'COPY package.json package-lock.json ./',
      'RUN npm ci',
      'COPY . .',
      'RUN npm run build',
      '',
      `FROM ${r.pick(['nginx', 'nginxinc/nginx-unprivileged'])}:${r.pick(NGINX)}`,
      'COPY nginx.conf /etc/nginx/conf.d/default.conf',
      'COPY --from=build /site/dist /usr/share/nginx/html',
      'EXPOSE 80',
      'CMD ["nginx", "-g", "daemon off;"]',
    ];
  },
  alpine(r) {
    return [
      `FROM alpine:${r.pick(ALPINE)}`,
      ...aptChain(r, 'alpine'),
      'COPY entrypoint.sh /usr/local/bin/',
      ...maybe(r, 0.3, heredoc(r)),
      'USER nobody',
      'ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]',
    ];
  },
  debian(r) {
    return [
      ...maybe(r, 0.5, [comment(r)]),
      `FROM debian:${r.pick(DEBIAN)}`,
      'ARG DEBIAN_FRONTEND=noninteractive',
      ...aptChain(r, 'debian'),
      ...maybe(r, 0.4, heredoc(r)),
      'COPY bin/ /usr/local/bin/',
      'CMD ["/usr/local/bin/run"]',
    ];
  },
  ubuntu(r) {
    return [
      `FROM ubuntu:${r.pick(UBUNTU)}`,
      'ENV TZ=UTC',
      ...aptChain(r, 'debian'),
      'WORKDIR /opt/tool',
      'COPY . .',
      'CMD ["./run.sh"]',
    ];
  },
  distroless(r) {
    return [
      `FROM golang:${r.pick(GO)} AS build`,
      'WORKDIR /src',
      'COPY . .',
      'RUN CGO_ENABLED=0 go build -o /app .',
      '',
      `FROM gcr.io/distroless/${r.pick(['static-debian12', 'static-debian12:nonroot', 'base-debian12', 'cc-debian12', 'python3-debian12', 'java21-debian12', 'nodejs22-debian12'])}`,
      'COPY --from=build /app /app',
      'ENTRYPOINT ["/app"]',
    ];
  },
};

/** Files with nothing to change: already migrated, or no DHI equivalent. */
function unchanged(r) {
  return r.pick([
    ['FROM dhi.io/python:3.12-debian12', 'COPY . /app', 'CMD ["python", "/app/main.py"]'],
    ['FROM mycorp/base-image:2024.1', 'COPY app /app', 'ENTRYPOINT ["/app"]'],
    ['FROM scratch', 'COPY hello /', 'CMD ["/hello"]'],
    ['# syntax=docker/dockerfile:1', 'FROM dhi.io/node:22-alpine', 'WORKDIR /app', 'COPY . .', 'CMD ["index.js"]'],
    ['FROM registry.access.redhat.com/ubi9/ubi', 'RUN dnf -y install httpd && dnf clean all', 'CMD ["httpd", "-DFOREGROUND"]'],
  ]);
}

const FILE_NAMES = ['Dockerfile', 'Dockerfile', 'Dockerfile', 'Dockerfile.prod', 'build.Dockerfile', 'Containerfile'];
const DIRS = ['', '', 'services/api', 'services/worker', 'docker', 'deploy/web', 'tools'];

/**
 * The corpus as data: [{ path, repo, ecosystem, text }]. Ecosystems cycle so
 * even a small count covers them all; everything else comes from the seed.
 */
export function generateCorpus({ count, seed = 1, perRepo = 5 }) {
  const r = prng(seed);
  const files = [];
  const usedPaths = new Set();
  for (let i = 0; i < count; i++) {
    const repo = `repo-${String(Math.floor(i / perRepo)).padStart(4, '0')}`;
    const nothingToDo = r.chance(0.08);
    const ecosystem = nothingToDo ? 'unchanged' : ECOSYSTEMS[i % ECOSYSTEMS.length];
    const lines = nothingToDo ? unchanged(r) : generators[ecosystem](r);
    // Realistic tails: a trailing comment, a blank line, an ONBUILD-free LABEL.
    if (r.chance(0.3)) lines.push('', `LABEL org.opencontainers.image.source="https://example.com/${repo}"`);
    if (r.chance(0.2)) lines.splice(Math.min(lines.length, 1 + r.int(3)), 0, comment(r));
    const eol = r.chance(0.1) ? '\r\n' : '\n';
    const text = lines.join(eol) + (r.chance(0.95) ? eol : '');
    let path;
    do {
      path = join(repo, r.pick(DIRS), r.pick(FILE_NAMES));
      if (usedPaths.has(path)) path = join(repo, `svc${i}`, 'Dockerfile');
    } while (usedPaths.has(path));
    usedPaths.add(path);
    files.push({ path, repo, ecosystem, text });
  }
  return files;
}

/** Writes the corpus under dir (emptied first). Returns the file list. */
export function writeCorpus(dir, opts) {
  rmSync(dir, { recursive: true, force: true });
  const files = generateCorpus(opts);
  for (const f of files) {
    const full = join(dir, f.path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, f.text);
  }
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, def) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : def;
  };
  const files = writeCorpus(arg('out', '.bench/corpus'), { count: Number(arg('count', 5000)), seed: Number(arg('seed', 1)) });
  console.log(`${files.length} files written to ${arg('out', '.bench/corpus')}`);
}

/**
 * Real git repositories in a temp directory for the batch tests:
 *
 *   repos/alpha    clean; api/Dockerfile (2 images, both migrate), Containerfile (unmapped mycorp/base:1)
 *   repos/beta     clean; Dockerfile (node), web/Dockerfile (nginx 1.29: bumped, a follow-up), tools/Dockerfile binary
 *   repos/gamma    dirty (README modified, not committed); Dockerfile (golang + distroless)
 *   repos/delta    clean; no Dockerfiles
 *   repos/epsilon  clean; already on DHI
 *   plain/         not a git repository (taken as one repository when named)
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const FILES = {
  alphaApi:
    'FROM python:3.12-slim AS build\nRUN pip install flask\nFROM python:3.12-slim\nCOPY --from=build /usr/local /usr/local\nCMD ["python3", "-m", "flask"]\n',
  alphaContainerfile: 'FROM mycorp/base:1\n',
  beta: 'FROM node:24-alpine\nCMD ["node", "a.js"]\n',
  betaWeb: 'FROM nginx:1.29-alpine\nCOPY site /usr/share/nginx/html\n',
  betaBinary: Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x00, 0x01, 0x02, 0xff]),
  gamma: 'FROM golang:1.26 AS b\nRUN go build -o /app .\nFROM gcr.io/distroless/static\nCOPY --from=b /app /app\n',
  epsilon: 'FROM dhi.io/python:3.12\nUSER nonroot\nCMD ["python3", "app.py"]\n',
};

export const REPOS = ['alpha', 'beta', 'delta', 'epsilon', 'gamma'];

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function write(path: string, content: string | Buffer) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

function repo(root: string, name: string, files: Record<string, string | Buffer>): string {
  const dir = join(root, 'repos', name);
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Batch Test');
  git(dir, 'config', 'user.email', 'batch@test.invalid');
  git(dir, 'config', 'commit.gpgsign', 'false');
  write(join(dir, 'README.md'), `# ${name}\n`);
  for (const [path, content] of Object.entries(files)) write(join(dir, path), content);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial');
  return dir;
}

let template: string | undefined;

/** A fresh copy of the repositories (made once, then copied: much faster than git init + commit). */
export function makeRepos(): string {
  template ??= buildRepos();
  const root = mkdtempSync(join(tmpdir(), 'dhi-batch-'));
  cpSync(template, root, { recursive: true });
  return root;
}

function buildRepos(): string {
  const root = mkdtempSync(join(tmpdir(), 'dhi-batch-template-'));
  repo(root, 'alpha', { 'api/Dockerfile': FILES.alphaApi, Containerfile: FILES.alphaContainerfile });
  repo(root, 'beta', { Dockerfile: FILES.beta, 'web/Dockerfile': FILES.betaWeb, 'tools/Dockerfile': FILES.betaBinary });
  const gamma = repo(root, 'gamma', { Dockerfile: FILES.gamma });
  writeFileSync(join(gamma, 'README.md'), '# gamma\nwork in progress\n');
  repo(root, 'delta', {});
  repo(root, 'epsilon', { Dockerfile: FILES.epsilon });
  write(join(root, 'plain', 'Dockerfile'), FILES.beta);
  return root;
}

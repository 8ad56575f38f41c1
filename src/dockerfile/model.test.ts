import { describe, expect, it } from 'vitest';
import { parseDockerfile } from './model.js';
import { parseImageRef } from './image-ref.js';
import { expandVariables } from './args.js';

describe('parseImageRef', () => {
  it.each([
    ['python', { registry: null, path: 'python', tag: null, digest: null, name: 'python' }],
    ['python:3.12-slim', { registry: null, tag: '3.12-slim', name: 'python' }],
    ['docker.io/library/python:3.12', { registry: 'docker.io', path: 'library/python', name: 'python', isDockerHub: true }],
    ['index.docker.io/library/node:22', { name: 'node', isDockerHub: true }],
    ['bitnami/redis:7', { name: 'bitnami/redis', isDockerHub: true }],
    ['localhost:5000/team/app:1.0', { registry: 'localhost:5000', path: 'team/app', tag: '1.0', name: 'localhost:5000/team/app', isDockerHub: false }],
    ['mcr.microsoft.com/dotnet/sdk:8.0', { name: 'mcr.microsoft.com/dotnet/sdk', tag: '8.0' }],
    ['python:3.12@sha256:abc', { tag: '3.12', digest: 'sha256:abc' }],
    ['python@sha256:abc', { tag: null, digest: 'sha256:abc' }],
    ['registry:5000/img', { registry: 'registry:5000', tag: null, path: 'img' }],
  ])('%s', (raw, expected) => {
    expect(parseImageRef(raw)).toMatchObject(expected);
  });
  it('rejects malformed references', () => {
    for (const bad of ['', 'a b', 'python:', 'python@', '/x', 'x/']) expect(parseImageRef(bad)).toBeNull();
  });
});

describe('expandVariables', () => {
  const vars = new Map<string, string | null>([['A', '1'], ['E', ''], ['N', null]]);
  it('follows the Dockerfile substitution forms', () => {
    expect(expandVariables('x:${A}', vars)).toBe('x:1');
    expect(expandVariables('x:$A-y', vars)).toBe('x:1-y');
    expect(expandVariables('${N:-d}', vars)).toBe('d');
    expect(expandVariables('${E:-d}', vars)).toBe('d');
    expect(expandVariables('${E-d}', vars)).toBe('');
    expect(expandVariables('${A:+alt}', vars)).toBe('alt');
    expect(expandVariables('${N:+alt}', vars)).toBe('');
  });
  it('returns null for a variable with no value and no default', () => {
    expect(expandVariables('x:${N}', vars)).toBeNull();
    expect(expandVariables('x:${UNDECLARED}', vars)).toBeNull();
  });
});

describe('parseDockerfile', () => {
  const text = [
    'ARG BASE="python:3.12"',
    'ARG TAG',
    'FROM ${BASE} AS deps',
    'RUN pip install x',
    'FROM golang:1.26 AS gobuild',
    'FROM deps AS app',
    'COPY --from=gobuild /bin/x /bin/x',
    'FROM alpine:3.22 AS lint',
    'FROM app',
    'CMD ["python3"]',
    '',
  ].join('\n');
  const model = parseDockerfile(text);

  it('resolves global ARGs in FROM and keeps the raw text and range', () => {
    const from = model.stages[0]!.from;
    expect(from.imageText).toBe('${BASE}');
    expect(from.resolvedImage).toBe('python:3.12');
    expect(text.slice(from.imageRange!.start, from.imageRange!.end)).toBe('${BASE}');
    expect(from.argUses.map((u) => u.name)).toEqual(['BASE']);
    expect(model.globalArgs.map((a) => [a.name, a.value])).toEqual([['BASE', 'python:3.12'], ['TAG', null]]);
  });

  it('assigns roles by what the final stage reaches', () => {
    expect(model.stages.map((s) => [s.name, s.role])).toEqual([
      ['deps', 'build'],
      ['gobuild', 'build'],
      ['app', 'build'],
      ['lint', 'unused'],
      [null, 'final'],
    ]);
    expect(model.stages[4]!.from.baseStage).toBe(2);
  });

  it('honours --target', () => {
    const m = parseDockerfile(text, { target: 'gobuild' });
    expect(m.stages.map((s) => s.role)).toEqual(['unused', 'final', 'unused', 'unused', 'unused']);
  });

  it('computes offsets on CRLF files and records heredoc bodies', () => {
    const crlf = 'FROM a\r\nRUN <<EOF\r\nFROM b\r\nEOF\r\nCMD x\r\n';
    const m = parseDockerfile(crlf);
    expect(m.eol).toBe('\r\n');
    expect(m.stages).toHaveLength(1);
    const run = m.instructions[1]!;
    expect(crlf.slice(run.range.start, run.range.end)).toBe('RUN <<EOF\r\nFROM b\r\nEOF');
    expect(crlf.slice(run.lineStart, run.lineEnd)).toBe('RUN <<EOF\r\nFROM b\r\nEOF\r\n');
    expect(m.heredocBodies.length).toBe(1);
    expect(crlf.slice(m.heredocBodies[0]!.start, m.heredocBodies[0]!.end)).toContain('FROM b');
  });
});

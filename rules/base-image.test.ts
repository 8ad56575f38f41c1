import { describe, expect, it } from 'vitest';
import { migrateText } from '../src/engine/engine.js';
import { withDefaults, type MigrateOptions } from '../src/engine/options.js';
import { Catalog } from '../src/catalog/catalog.js';
import { baseImageRule } from './base-image.js';

function migrate(text: string, options: Partial<MigrateOptions> = {}) {
  return migrateText({ text, rules: [baseImageRule], catalog: Catalog.builtin(), options: withDefaults(options) });
}

describe('base-image findings', () => {
  it('reports unmapped images on their own line, untouched', () => {
    const text = '# build\nFROM golang:1.26 AS b\nRUN go build\n\nFROM buildpack-deps:bookworm\nCOPY --from=b /a /a\n';
    const r = migrate(text);
    expect(r.output).toBe(text.replace('golang:1.26', 'dhi.io/golang:1.26-dev'));
    const unmapped = r.findings.filter((f) => !f.applied);
    expect(unmapped).toHaveLength(1);
    expect(unmapped[0]).toMatchObject({ ruleId: 'base-image', severity: 'warning', line: 5, column: 6 });
    expect(unmapped[0]!.message).toMatch(/^buildpack-deps: no DHI equivalent of buildpack-deps.*\(left untouched\)$/);
  });

  it('explains a digest drop, a bump and a build variant for a final stage with RUN', () => {
    const r = migrate('FROM node:20-alpine@sha256:1111111111111111111111111111111111111111111111111111111111111111\nRUN npm ci\n');
    // official node starts in /, DHI node in /app: the RUN keeps running where it did
    expect(r.output).toBe('FROM dhi.io/node:22-alpine-dev\nWORKDIR /\nRUN npm ci\n');
    const workdir = r.findings.find((x) => x.message.startsWith('added WORKDIR'));
    expect(workdir).toMatchObject({ severity: 'change', line: 1, applied: true });
    expect(workdir!.message).toBe(
      'added WORKDIR / after FROM (line 1): node:20-alpine@sha256:1111111111111111111111111111111111111111111111111111111111111111 starts in / but dhi.io/node:22-alpine-dev starts in /app, and RUN on line 2 depends on it',
    );
    const f = r.findings.find((x) => x.severity === 'warning');
    expect(f).toMatchObject({ severity: 'warning', line: 1, applied: true });
    expect(f!.message).toContain('digest sha256:1111');
    expect(f!.message).toMatch(/bumped to 22/);
    expect(f!.message).toContain('RUN on line 2');
  });

  it('leaves a retired line untouched under --no-bump and says why', () => {
    const text = 'FROM python:3.9\n';
    const r = migrate(text, { noBump: true });
    expect(r.output).toBe(text);
    expect(r.findings[0]!.message).toContain('3.9');
    expect(r.findings[0]!.applied).toBe(false);
  });

  it('does not rewrite an ARG shared by FROMs that need different targets', () => {
    const text = 'ARG BASE=python:3.12\nFROM ${BASE} AS build\nRUN pip install x\nFROM ${BASE}\nCOPY --from=build /x /x\n';
    const r = migrate(text);
    // One ARG can't hold both -dev and runtime: each FROM gets its literal reference.
    expect(r.output).toBe('ARG BASE=python:3.12\nFROM dhi.io/python:3.12-dev AS build\nRUN pip install x\nFROM dhi.io/python:3.12\nCOPY --from=build /x /x\n');
    expect(r.findings.filter((f) => f.severity === 'warning').map((f) => f.line)).toEqual([2, 4]);
  });

  it('reports a FROM whose ARG has no default, on its line', () => {
    const r = migrate('ARG IMAGE\nFROM $IMAGE\n');
    expect(r.output).toBe('ARG IMAGE\nFROM $IMAGE\n');
    expect(r.findings[0]).toMatchObject({ line: 2, severity: 'warning' });
    expect(r.findings[0]!.message).toContain('ARG IMAGE has no default');
  });
});

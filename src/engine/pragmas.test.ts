import { describe, expect, it } from 'vitest';
import { migrateText, PRAGMA_RULE_ID } from './engine.js';
import { withDefaults } from './options.js';
import { Catalog } from '../catalog/catalog.js';
import { allRules } from '../../rules/index.js';
import { parseDockerfile } from '../dockerfile/model.js';
import { insertLinesBefore, removeInstruction } from './edit-builder.js';
import type { Rule } from './types.js';

/** base-image alone: these tests are about pragmas, not about what the preset does. */
const baseImage = allRules.filter((r) => r.id === 'base-image');
const run = (text: string, rules: readonly Rule[] = baseImage) =>
  migrateText({ text, rules, catalog: Catalog.builtin(), options: withDefaults() });

/** Adds `USER nonroot` before every CMD: an insert-before rule. */
const userBeforeCmd: Rule = {
  id: 'user-before-cmd',
  summary: 'test rule',
  docs: 'Before After',
  check(ctx) {
    for (const ins of ctx.model.instructions) {
      if (ins.keyword !== 'CMD') continue;
      const prev = ctx.model.instructions[ctx.model.instructions.indexOf(ins) - 1];
      if (prev?.keyword === 'USER') continue;
      ctx.report({ severity: 'change', message: 'add USER', range: ins.range, fix: [insertLinesBefore(ctx.model, ins, ['USER nonroot'])] });
    }
  },
};

/** Removes every `RUN apt-get` line: a remove rule. */
const dropAptGet: Rule = {
  id: 'drop-apt-get',
  summary: 'test rule',
  docs: 'Before After',
  check(ctx) {
    for (const ins of ctx.model.instructions) {
      if (ins.keyword === 'RUN' && /apt-get/.test(ctx.model.text.slice(ins.range.start, ins.range.end))) {
        ctx.report({ severity: 'change', message: 'remove apt-get', range: ins.range, fix: [removeInstruction(ins, ctx.model)] });
      }
    }
  },
};

describe('# dhi-migrate ignore (above an instruction)', () => {
  it('skips every rule on that instruction only', () => {
    const text = '# dhi-migrate ignore\nFROM python:3.12 AS build\nFROM python:3.12\n';
    const res = run(text);
    expect(res.output).toBe('# dhi-migrate ignore\nFROM python:3.12 AS build\nFROM dhi.io/python:3.12\n');
    expect(res.findings.every((f) => f.line === 3)).toBe(true);
  });

  it('works through other attached comments and with indentation / casing', () => {
    const text = '  #   DHI-MIGRATE ignore\n# hadolint ignore=DL3006\nFROM python:3.12\n';
    expect(run(text).output).toBe(text);
  });

  it('does not reach across a blank line', () => {
    const text = '# dhi-migrate ignore\n\nFROM python:3.12\n';
    expect(run(text).output).toBe('# dhi-migrate ignore\n\nFROM dhi.io/python:3.12\n');
  });

  it('is still honoured on later passes (pragmas travel with their instruction)', () => {
    const text = 'FROM python:3.12\n# dhi-migrate ignore\nCMD ["python3"]\n';
    const res = run(text, [...baseImage, userBeforeCmd]);
    expect(res.output).toBe('FROM dhi.io/python:3.12\n# dhi-migrate ignore\nCMD ["python3"]\n');
  });
});

describe('# dhi-migrate ignore=rule-a,rule-b', () => {
  it('skips only the named rules', () => {
    const text = 'FROM python:3.12\n# dhi-migrate ignore=base-image\nCMD ["python3"]\n# dhi-migrate ignore=base-image, drop-apt-get\nFROM python:3.12\n';
    const rules = [...baseImage, userBeforeCmd, dropAptGet];
    const res = run(text, rules);
    // The CMD pragma names base-image only, so user-before-cmd still runs (above the pragma, keeping it tied).
    expect(res.output).toBe(
      'FROM dhi.io/python:3.12-dev\nUSER nonroot\n# dhi-migrate ignore=base-image\nCMD ["python3"]\n# dhi-migrate ignore=base-image, drop-apt-get\nFROM python:3.12\n',
    );
  });

  it('matches rule ids exactly', () => {
    const text = '# dhi-migrate ignore=base\nFROM python:3.12\n';
    const res = run(text);
    expect(res.output).toBe('# dhi-migrate ignore=base\nFROM dhi.io/python:3.12\n');
    expect(res.findings).toContainEqual(
      expect.objectContaining({ ruleId: PRAGMA_RULE_ID, severity: 'warning', line: 1, message: expect.stringContaining('"base"') }),
    );
  });
});

describe('# dhi-migrate ignore-file', () => {
  it('at the top leaves the file alone and reports nothing', () => {
    const text = '# syntax=docker/dockerfile:1\n# dhi-migrate ignore-file\nFROM python:3.12\nFROM node:22\n';
    const res = run(text);
    expect(res.ignoredFile).toBe(true);
    expect(res.output).toBe(text);
    expect(res.findings).toEqual([]);
  });

  it('below the first instruction it is just a comment', () => {
    const text = 'FROM python:3.12\n# dhi-migrate ignore-file\nFROM node:22\n';
    const res = run(text);
    expect(res.ignoredFile).toBe(false);
    expect(res.output).not.toBe(text);
  });
});

describe('comments tied to an instruction', () => {
  it('insert-before lands above the attached comments', () => {
    const text = 'FROM dhi.io/python:3.12\n# renovate: datasource=docker\n# hadolint ignore=DL3025\nCMD python3 app.py\n';
    const res = run(text, [userBeforeCmd]);
    expect(res.output).toBe('FROM dhi.io/python:3.12\nUSER nonroot\n# renovate: datasource=docker\n# hadolint ignore=DL3025\nCMD python3 app.py\n');
  });

  it('removing an instruction removes its tied comment block instead of orphaning it', () => {
    const text = 'FROM debian:12\n# hadolint ignore=DL3008\nRUN apt-get update\n# renovate: x\nRUN echo hi\n';
    const res = run(text, [dropAptGet]);
    expect(res.output).toBe('FROM debian:12\n# renovate: x\nRUN echo hi\n');
  });

  it('removal keeps an ordinary comment block (lossless)', () => {
    const text = 'FROM debian:12\n# update the index\nRUN apt-get update\nRUN echo hi\n';
    expect(run(text, [dropAptGet]).output).toBe('FROM debian:12\n# update the index\nRUN echo hi\n');
  });

  it('never treats parser directives or a previous continuation as attached', () => {
    const model = parseDockerfile('# syntax=docker/dockerfile:1\nFROM x\nRUN a \\\n# inside\n  b\nCMD c\n');
    const from = model.instructions[0]!;
    expect(insertLinesBefore(model, from, ['ARG A']).start).toBe(from.lineStart);
    const cmd = model.instructions[2]!;
    expect(insertLinesBefore(model, cmd, ['USER u']).start).toBe(cmd.lineStart);
  });
});

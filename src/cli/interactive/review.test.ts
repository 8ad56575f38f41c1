import { describe, expect, it } from 'vitest';
import { Catalog } from '../../catalog/catalog.js';
import { withDefaults, type MigrateOptions } from '../../engine/options.js';
import type { Rule } from '../../engine/types.js';
import { decodeDockerfile, isDecodeError } from '../../io/decode.js';
import { baseImageRule } from '../../../rules/base-image.js';
import { migrateDecoded } from '../migrate-file.js';
import { reviewFile, reviewRun } from './review.js';
import { settledOptions } from './option-questions.js';
import type { Ask, ChangeQuestion, Question, ReviewEvent, ReviewSubject, ReviewUi } from './types.js';

const catalog = Catalog.builtin();

function subject(
  path: string,
  text: string,
  rules: readonly Rule[] = [baseImageRule],
  options: Partial<MigrateOptions> = {},
  explicit: Partial<MigrateOptions> = {},
): ReviewSubject {
  const decoded = decodeDockerfile(Buffer.from(text), path);
  if (isDecodeError(decoded)) throw new Error(decoded.message);
  const opts = withDefaults(options);
  return {
    path,
    options: opts,
    settled: settledOptions(opts, explicit),
    migrate: (o, acceptFix) => migrateDecoded({ displayPath: path, decoded, contextDir: null, rules, catalog, options: o, acceptFix }),
  };
}

/** A UI that answers from a script and records what it was asked and shown. */
function scripted(answers: (string | boolean)[]): ReviewUi & { questions: Question[]; events: ReviewEvent[] } {
  const questions: Question[] = [];
  const events: ReviewEvent[] = [];
  const ask = async (q: Question) => {
    questions.push(q);
    if (answers.length === 0) throw new Error(`unscripted question: ${JSON.stringify({ ...q, change: undefined })}`);
    return answers.shift()!;
  };
  return { ask: ask as Ask, show: (e) => events.push(e), questions, events };
}

const changes = (qs: Question[]) => qs.filter((q): q is ChangeQuestion => q.kind === 'change');
const TWO_STAGES =
  'FROM python:3.12-slim-bookworm AS build\nRUN pip wheel -w /w .\nFROM python:3.12-slim-bookworm\nCOPY --from=build /w /w\n';

/** Rewrites `FROM a` to `FROM b`. */
const swapRule: Rule = {
  id: 'swap',
  summary: 'a -> b',
  docs: '',
  check(ctx) {
    const m = /^FROM a$/m.exec(ctx.model.text);
    if (!m) return;
    const start = m.index + 5;
    ctx.report({ severity: 'change', message: 'a -> b', range: { start, end: start + 1 }, fix: [{ start, end: start + 1, text: 'b' }] });
  },
};

/** Only proposed once the image is `b`: depends on swap. */
const userRule: Rule = {
  id: 'user',
  summary: 'USER on b',
  docs: '',
  check(ctx) {
    const t = ctx.model.text;
    if (!/^FROM b$/m.test(t) || /^USER /m.test(t)) return;
    ctx.report({
      severity: 'change',
      message: 'b runs as nonroot',
      range: { start: t.length, end: t.length },
      fix: [{ start: t.length, end: t.length, text: 'USER nonroot\n' }],
    });
  },
};

/** A finding no tool can fix. */
const manualRule: Rule = {
  id: 'manual',
  summary: 'needs a human',
  docs: '',
  check(ctx) {
    if (/^RUN /m.test(ctx.model.text)) ctx.report({ severity: 'warning', message: 'RUN needs a shell', range: { start: 0, end: 1 } });
  },
};

describe('review flow: change by change', () => {
  it('apply and skip: only the accepted change is in the written output', async () => {
    const ui = scripted(['apply', 'skip', true]);
    const run = await reviewRun([subject('Dockerfile', TWO_STAGES)], ui);
    const qs = changes(ui.questions);
    expect(qs.map((q) => [q.index, q.total])).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(qs[0]!.change.after).toContain('FROM dhi.io/python:3.12-debian12-dev AS build');
    expect(run.confirmed).toBe(true);
    const f = run.files[0]!;
    expect(f.status).toBe('changed');
    expect(f.migration.output).toBe(TWO_STAGES.replace('python:3.12-slim-bookworm AS', 'dhi.io/python:3.12-debian12-dev AS'));
    expect(f.applied).toHaveLength(1);
    expect(f.declined.map((d) => d.line)).toEqual([3]);
    expect(ui.questions.at(-1)).toEqual({ kind: 'confirm', files: [{ path: 'Dockerfile', changes: 1 }], quitting: false });
    // The header came first, with the images and their targets.
    expect(ui.events[0]).toMatchObject({ kind: 'file-start', path: 'Dockerfile', proposed: 2 });
  });

  it('apply all remaining of a rule: the rest of that rule is not asked', async () => {
    const ui = scripted(['apply-rule', true]);
    const run = await reviewRun([subject('Dockerfile', TWO_STAGES)], ui);
    expect(changes(ui.questions)).toHaveLength(1);
    expect(run.files[0]!.applied).toHaveLength(2);
    expect(run.files[0]!.migration.output).not.toContain('python:3.12-slim');
  });

  it('skip the rest of the file: nothing more asked there, the next file is reviewed', async () => {
    const ui = scripted(['skip-file', 'apply', true]);
    const run = await reviewRun([subject('a/Dockerfile', TWO_STAGES), subject('b/Dockerfile', 'FROM node:22-alpine\n')], ui);
    expect(changes(ui.questions).map((q) => q.path)).toEqual(['a/Dockerfile', 'b/Dockerfile']);
    expect(run.files.map((f) => f.status)).toEqual(['unchanged', 'changed']);
    expect(run.files[0]!.declined).toHaveLength(2);
    expect(ui.questions.at(-1)).toMatchObject({ kind: 'confirm', files: [{ path: 'b/Dockerfile' }] });
  });

  it('quit: later files are not reviewed, and what was accepted is written only if confirmed', async () => {
    const files = () => [subject('a/Dockerfile', TWO_STAGES), subject('b/Dockerfile', 'FROM node:22-alpine\n')];
    const declined = scripted(['apply', 'quit', false]);
    const no = await reviewRun(files(), declined);
    expect(declined.questions.at(-1)).toEqual({ kind: 'confirm', files: [{ path: 'a/Dockerfile', changes: 1 }], quitting: true });
    expect(no).toMatchObject({ quit: true, confirmed: false, notReviewed: ['b/Dockerfile'] });
    expect(no.files[0]!.complete).toBe(false);

    const yes = await reviewRun(files(), scripted(['apply', 'quit', true]));
    expect(yes.confirmed).toBe(true);
    expect(yes.files).toHaveLength(1);
    expect(yes.files[0]!.migration.output).toContain('dhi.io/python:3.12-debian12-dev AS build');
    expect(yes.files[0]!.migration.output).toContain('FROM python:3.12-slim-bookworm\n');
  });

  it('quit before accepting anything asks nothing more', async () => {
    const ui = scripted(['quit']);
    const run = await reviewRun([subject('Dockerfile', TWO_STAGES)], ui);
    expect(run).toMatchObject({ quit: true, confirmed: false });
    expect(run.files[0]!.status).toBe('unchanged');
  });

  it('an error from the prompt (Ctrl-C) propagates: the caller writes nothing', async () => {
    const interrupt: ReviewUi = {
      ask: (async () => {
        throw Object.assign(new Error('User force closed the prompt'), { name: 'ExitPromptError' });
      }) as Ask,
      show: () => undefined,
    };
    await expect(reviewRun([subject('Dockerfile', TWO_STAGES)], interrupt)).rejects.toMatchObject({ name: 'ExitPromptError' });
  });

  it('lists findings without a fix as manual follow-ups, apart from skipped changes', async () => {
    const ui = scripted(['skip', 'skip']);
    const { review } = await reviewFile(subject('Dockerfile', TWO_STAGES, [baseImageRule, manualRule]), ui);
    expect(review.manual.map((f) => f.ruleId)).toEqual(['manual']);
    expect(review.declined.map((f) => f.ruleId)).toEqual(['base-image', 'base-image']);
    expect(ui.events.at(-1)).toMatchObject({ kind: 'file-end' });
  });
});

describe('review flow: dependent changes', () => {
  const rules = [swapRule, userRule];

  it('says when a change is only proposed because of an accepted one, and the other way round', async () => {
    const ui = scripted(['apply', 'apply', true]);
    const run = await reviewRun([subject('Dockerfile', 'FROM a\n', rules)], ui);
    const [swap, user] = changes(ui.questions);
    expect(swap!.change.ruleId).toBe('swap');
    expect(swap!.enables).toEqual([{ ruleId: 'user', message: 'b runs as nonroot' }]);
    expect(user!.change).toMatchObject({ ruleId: 'user', pass: 1 });
    expect(user!.dependsOn).toEqual([{ ruleId: 'swap', message: 'a -> b' }]);
    expect(run.files[0]!.migration.output).toBe('FROM b\nUSER nonroot\n');
  });

  it('skipping the first means the dependent change is never proposed', async () => {
    const ui = scripted(['skip']);
    const run = await reviewRun([subject('Dockerfile', 'FROM a\n', rules)], ui);
    expect(changes(ui.questions)).toHaveLength(1);
    expect(run.files[0]!.status).toBe('unchanged');
  });

  it('a partial set is still a valid file: skip the dependent one', async () => {
    const run = await reviewRun([subject('Dockerfile', 'FROM a\n', rules)], scripted(['apply', 'skip', true]));
    expect(run.files[0]!.migration.output).toBe('FROM b\n');
    expect(run.files[0]!.declined.map((f) => f.ruleId)).toEqual(['user']);
  });
});

describe('review flow: where the tool had to choose, it asks', () => {
  it('the version line the catalog lacks: bump or leave', async () => {
    const text = 'FROM python:3.9-slim\n';
    const bump = scripted(['bump', 'apply', true]);
    const bumped = await reviewRun([subject('Dockerfile', text)], bump);
    const q = bump.questions[0]!;
    expect(q).toMatchObject({ kind: 'option', option: 'bump', default: 'bump' });
    expect(q.kind === 'option' && q.message).toContain('python:3.9-slim (line 1)');
    expect(q.kind === 'option' && q.choices[0]!.description).toContain('dhi.io/python:3.10');
    expect(bumped.files[0]!.migration.output).toContain('dhi.io/python:3.10');

    const leave = scripted(['leave']);
    const left = await reviewRun([subject('Dockerfile', text)], leave);
    expect(changes(leave.questions)).toHaveLength(0);
    expect(left.files[0]!.status).toBe('unchanged');
    expect(left.files[0]!.manual[0]!.message).toContain('--no-bump');
  });

  it('the version line: any newer line the catalog has, pinned without inventing a tag', async () => {
    const text = 'FROM python:3.9-slim AS build\nRUN pip install flask\nFROM python:3.9-slim\n';
    const ui = scripted(['line:3.12', 'apply-rule', true]);
    const run = await reviewRun([subject('Dockerfile', text)], ui);
    const q = ui.questions[0]!;
    if (q.kind !== 'option') throw new Error('expected the version question first');
    const values = q.choices.map((c) => c.value);
    // the nearest line first, newer lines newest first, leaving it last
    expect(values[0]).toBe('bump');
    expect(values.at(-1)).toBe('leave');
    expect(values).toContain('line:3.12');
    expect(values).not.toContain('line:3.10'); // that is what 'bump' gives: the same file is not offered twice
    const lines = values.filter((v) => v.startsWith('line:')).map((v) => Number(v.split('.')[1]));
    expect(lines).toEqual([...lines].sort((a, b) => b - a));
    expect(q.choices.find((c) => c.value === 'line:3.12')!.description).toBe(
      'python:3.9-slim -> dhi.io/python:3.12-dev\npython:3.9-slim -> dhi.io/python:3.12',
    );
    expect(run.files[0]!.migration.output).toBe('FROM dhi.io/python:3.12-dev AS build\nRUN pip install flask\nFROM dhi.io/python:3.12\n');
    expect(run.files[0]!.migration.result.images.map((i) => i.to)).toEqual(['dhi.io/python:3.12-dev', 'dhi.io/python:3.12']);
  });

  it('not asked when --bump/--no-bump was given', async () => {
    const ui = scripted(['apply', true]);
    await reviewRun([subject('Dockerfile', 'FROM python:3.9-slim\n', [baseImageRule], {}, { noBump: false })], ui);
    expect(ui.questions.map((q) => q.kind)).toEqual(['change', 'confirm']);
  });

  it('the distro when the source does not say; not asked when --distro was given', async () => {
    const ui = scripted(['alpine', 'apply-rule', true]);
    const run = await reviewRun([subject('Dockerfile', 'FROM python AS build\nRUN true\nFROM python:latest\n')], ui);
    expect(ui.questions[0]).toMatchObject({ kind: 'option', option: 'distro', default: 'debian' });
    expect(run.files[0]!.migration.output).toBe('FROM dhi.io/python:3-alpine-dev AS build\nRUN true\nFROM dhi.io/python:3-alpine\n');

    const given = scripted(['apply', true]);
    await reviewRun([subject('Dockerfile', 'FROM python:latest\n', [baseImageRule], { preferDistro: 'debian' })], given);
    expect(given.questions.map((q) => q.kind)).toEqual(['change', 'confirm']);
  });

  it('no question when the answer would not change the file', async () => {
    const ui = scripted(['apply', true]);
    await reviewRun([subject('Dockerfile', 'FROM python:3.12-slim-bookworm\n')], ui);
    expect(ui.questions.map((q) => q.kind)).toEqual(['change', 'confirm']);
  });

  it('whether to split, when the split is marked for review', async () => {
    // Stands in for the multi-stage split: proposes a split only when options.split is on.
    const splitRule: Rule = {
      id: 'multi-stage-split',
      summary: 'split',
      docs: '',
      check(ctx) {
        if (!ctx.options.split || ctx.model.stages.length > 1) return;
        const end = ctx.model.text.length;
        ctx.report({
          severity: 'warning',
          message: 'split into build + runtime; the artifact is a guess, review it',
          range: { start: 0, end },
          fix: [{ start: end, end, text: 'FROM scratch\n' }],
        });
      },
    };
    const keep = scripted(['keep']);
    const kept = await reviewRun([subject('Dockerfile', 'FROM a\nRUN make\n', [splitRule])], keep);
    expect(keep.questions[0]).toMatchObject({ kind: 'option', option: 'split', default: 'split' });
    expect(kept.files[0]!.status).toBe('unchanged');
    expect(kept.files[0]!.options.split).toBe(false);

    const split = scripted(['split', 'apply', true]);
    const done = await reviewRun([subject('Dockerfile', 'FROM a\nRUN make\n', [splitRule])], split);
    expect(done.files[0]!.migration.output).toBe('FROM a\nRUN make\nFROM scratch\n');
  });
});

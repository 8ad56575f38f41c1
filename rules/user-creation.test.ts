import { describe, expect, it } from 'vitest';
import { findingsOf, fixture, runRules } from '../test/rule-harness.js';
import { migrateText } from '../src/engine/engine.js';
import { withDefaults } from '../src/engine/options.js';
import { Catalog } from '../src/catalog/catalog.js';
import { appendLines } from '../src/engine/edit-builder.js';
import type { Rule } from '../src/engine/types.js';
import { userCreationRule } from './user-creation.js';

const run = (file: string) => runRules(['user-creation'], fixture('user-creation', file));

describe('user-creation', () => {
  it('explains the removal and each mapped reference on its own line', () => {
    const found = findingsOf(run('whole-run.before.Dockerfile'), 'user-creation');
    expect(found.map((f) => [f.line, f.applied])).toEqual([
      [7, true],
      [9, true],
      [10, true],
    ]);
    expect(found[0]!.message).toBe(
      "RUN on line 7 removed: groupadd of group 'app' and useradd of user 'app' can't run on dhi.io/python:3.12 (no shell or user tools, and it runs as non-root); dhi.io/python:3.12 already has the non-root user nonroot (uid 65532), and references to the created names are mapped to it",
    );
    expect(found[2]!.message).toBe(
      "USER app on line 10 -> USER nonroot: 'app' was created by this Dockerfile (groupadd and useradd on line 7), which dhi.io/python:3.12 can't do; nonroot (uid 65532) is its non-root user",
    );
  });

  it('maps numeric ids to the image uid and names the line that created them', () => {
    const found = findingsOf(run('chain-partial.before.Dockerfile'), 'user-creation');
    const user = found.find((f) => f.message.startsWith('USER'))!;
    expect(user).toMatchObject({ line: 6, applied: true });
    expect(user.message).toBe(
      "USER 1001 on line 6 -> USER 65532: '1001' was created by this Dockerfile (addgroup and adduser on line 2), which dhi.io/nginx:1-alpine can't do; nginx (uid 65532) is its non-root user",
    );
  });

  it('reports a creation it cannot remove exactly, with the shell feature, and still maps USER', () => {
    const r = run('needs-shell.before.Dockerfile');
    const [warning, mapped] = findingsOf(r, 'user-creation');
    expect(warning).toMatchObject({ severity: 'warning', line: 2, applied: false });
    expect(warning!.message).toBe(
      "RUN on line 2 runs useradd of user 'app', which can't run on dhi.io/python:3.12, but the RUN also uses a redirect, so it can't be removed exactly: remove the user creation by hand (dhi.io/python:3.12 already has the non-root user nonroot (uid 65532))",
    );
    expect(mapped).toMatchObject({ line: 4, applied: true });
  });

  it('does not drop a comment inside a continued RUN', () => {
    const [warning] = findingsOf(run('comment-in-chain.before.Dockerfile'), 'user-creation');
    expect(warning).toMatchObject({ severity: 'warning', line: 2, applied: false });
    expect(warning!.message).toContain('removing it would also drop a comment inside the RUN');
  });

  it('maps references to a user the ORIGINAL final stage created, in a stage appended later', () => {
    // Stand-in for the split: appends a runtime stage that still says USER app.
    const appendStage: Rule = {
      id: 'append-stage',
      summary: 'test',
      docs: 'Before After',
      check(ctx) {
        if (ctx.model.stages.length > 1) return;
        ctx.report({
          severity: 'change',
          message: 'append',
          range: { start: 0, end: 0 },
          fix: [appendLines(ctx.model, ['', 'FROM dhi.io/python:3.12', 'COPY --from=0 --chown=app:app /app /app', 'USER app'])],
        });
      },
    };
    const text = 'FROM dhi.io/python:3.12-dev\nRUN useradd -r app\nRUN pip install flask\n';
    const r = migrateText({
      text,
      rules: [appendStage, userCreationRule],
      catalog: Catalog.builtin(),
      options: withDefaults({ split: false }),
    });
    expect(r.output).toBe(`${text}\nFROM dhi.io/python:3.12\nCOPY --from=0 --chown=nonroot:nonroot /app /app\nUSER nonroot\n`);
    const mapped = r.findings.filter((f) => f.ruleId === 'user-creation');
    expect(mapped).toHaveLength(2);
    expect(mapped[1]!.message).toContain("'app' was created by this Dockerfile (useradd on line 2 of the original final stage)");
  });

  it('leaves nothing in the runtime stage referring to a user the split left behind in the build stage', () => {
    const text =
      'FROM python:3.12-slim\nWORKDIR /app\nRUN useradd -r app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY --chown=app . .\nUSER app\nCMD ["python3", "app.py"]\n';
    const r = runRules(['base-image', 'multi-stage-split', 'user-creation', 'non-root-user'], text);
    const final = r.output.split(/^FROM /m).at(-1)!;
    expect(final).toMatch(/^dhi\.io\/python:3\.12\n/);
    expect(final).not.toMatch(/\bapp:|USER app|chown=app\b/);
    expect(final.match(/^USER /gm)).toHaveLength(1);
  });

  it("removes a user named like the image's own user without rewriting references to it", () => {
    const text = 'FROM dhi.io/node:22\nRUN useradd -m node\nCOPY --chown=node:node . /app\nUSER node\n';
    const r = runRules(['user-creation'], text);
    expect(r.output).toBe('FROM dhi.io/node:22\nCOPY --chown=node:node . /app\nUSER node\n');
    expect(findingsOf(r, 'user-creation')).toHaveLength(1);
  });
});

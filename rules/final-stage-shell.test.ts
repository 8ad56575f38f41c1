import { describe, expect, it } from 'vitest';
import { findingsOf, fixture, runRules } from '../test/rule-harness.js';

const run = (file: string) => findingsOf(runRules(['final-stage-shell'], fixture('final-stage-shell', file)), 'final-stage-shell');

describe('final-stage-shell', () => {
  it('names every line that keeps the final stage on the -dev image, on the FROM line', () => {
    const [f] = run('dev-final.unchanged.Dockerfile');
    expect(f).toMatchObject({ severity: 'warning', line: 1, applied: false });
    expect(f!.message).toBe(
      'the final stage stays on dhi.io/python:3.12-dev, a build image (root, shell, package manager), because it needs a shell: RUN on line 4, RUN on line 6 and shell-form CMD on line 7 (it uses the `&&` operator); move that work into a build stage and COPY the results into a final stage on dhi.io/python:3.12',
    );
  });

  it('reports shell-form RUN lines on a shell-less runtime image (exec-form RUN is fine)', () => {
    const [f] = run('runtime-run.unchanged.Dockerfile');
    expect(f).toMatchObject({ severity: 'warning', line: 4 });
    expect(f!.message).toBe(
      'the final stage is on dhi.io/python:3.12, which has no shell, but RUN on line 6 needs one, so the build fails there: move it into a build stage on dhi.io/python:3.12-dev and COPY the results, or put this stage on the -dev image',
    );
    expect(run('runtime-clean.unchanged.Dockerfile')).toEqual([]);
  });

  it('only speaks in the settled file: nothing while the split is about to run', () => {
    const r = runRules(
      ['multi-stage-split', 'final-stage-shell'],
      'FROM dhi.io/python:3.12-dev\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCMD ["python3", "app.py"]\n',
    );
    expect(r.output.match(/^FROM /gm)).toHaveLength(2);
    expect(findingsOf(r, 'final-stage-shell')).toEqual([]);
  });
});

describe('final-stage-shell through the FROM chain', () => {
  it('warns when the final stage is on -dev only because the stage it builds on runs commands, and names them', () => {
    const r = runRules(['final-stage-shell'], fixture('final-stage-shell', 'inherited-dev.unchanged.Dockerfile'), {
      options: { target: 'production' },
    });
    const [f] = findingsOf(r, 'final-stage-shell');
    expect(f).toMatchObject({ severity: 'warning', line: 6, applied: false });
    expect(f!.message).toBe(
      "the final stage 'production' stays on dhi.io/python:3.12-dev, a build image (root, shell, package manager), which it inherits from stage 'base' (FROM on line 6), because it needs a shell: RUN on line 4 in stage 'base'; " +
        "base the final stage on dhi.io/python:3.12 instead and COPY what the app needs (its files, installed packages) from stage 'base'; " +
        "it runs as nonroot, but the files the COPYs on lines 3 and 5 put into /app belong to root, so the app can't write there (logs, caches, tmp/): add --chown=nonroot where it writes",
    );
  });

  it('says nothing about file owners when the app runs as root or its files were chowned', () => {
    const text = (user: string, chown: string) =>
      `FROM dhi.io/ruby:3.4-dev\nWORKDIR /app\nCOPY ${chown}. .\nRUN bundle install\n${user}CMD ["sh", "-c", "bin/rails server && true"]\n`;
    const message = (user: string, chown: string) =>
      findingsOf(runRules(['final-stage-shell'], text(user, chown)), 'final-stage-shell')[0]!.message;
    expect(message('USER nonroot\n', '')).toMatch(/it runs as nonroot, but the files COPY on line 3 put into \/app belong to root/);
    expect(message('', '')).not.toMatch(/belong to root/);
    expect(message('USER nonroot\n', '--chown=nonroot:nonroot ')).not.toMatch(/belong to root/);
  });
});

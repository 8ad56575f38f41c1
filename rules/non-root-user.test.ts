import { describe, expect, it } from 'vitest';
import { findingsOf, fixture, runRules } from '../test/rule-harness.js';

const run = (text: string) => runRules(['non-root-user'], text);

describe('non-root-user', () => {
  it('adds the image user before CMD, naming the stage, user, uid and image', () => {
    const r = run(fixture('non-root-user', 'no-user.before.Dockerfile'));
    const [f] = findingsOf(r, 'non-root-user');
    expect(f).toMatchObject({ severity: 'change', line: 13, applied: true });
    expect(f!.message).toBe(
      'the final stage has no USER: added USER nonroot before CMD; nonroot (uid 65532) is the non-root user dhi.io/python:3.12 runs as',
    );
  });

  it('replaces USER root in the final stage only, on its own line', () => {
    const r = run(fixture('non-root-user', 'user-root.before.Dockerfile'));
    const found = findingsOf(r, 'non-root-user');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ line: 8, applied: true });
    expect(found[0]!.message).toBe(
      'USER root in the final stage -> USER node: node (uid 1000) is the non-root user dhi.io/node:22 runs as',
    );
  });

  it("uses the runtime partner's user on a -dev final stage and keeps root for its RUN lines", () => {
    const r = runRules(['non-root-user'], fixture('non-root-user', 'dev-final-root-run.before.Dockerfile'), { options: { split: false } });
    const [f] = findingsOf(r, 'non-root-user');
    expect(f).toMatchObject({ line: 5, applied: true });
    expect(f!.message).toContain('USER root (line 2) is still in effect');
    expect(f!.message).toContain(
      'dhi.io/python:3.12-dev runs as root, so the stage uses nonroot (uid 65532), the user of its runtime image dhi.io/python:3.12',
    );
  });

  it('leaves the final stage alone while the multi-stage split is pending', () => {
    const text = 'FROM dhi.io/python:3.12-dev\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCMD ["python3", "app.py"]\n';
    const r = runRules(['non-root-user', 'multi-stage-split'], text);
    // Only after the split does the USER go in, into the new runtime stage, once.
    expect(r.output.match(/^FROM /gm)).toHaveLength(2);
    expect(r.output.match(/^USER /gm)).toHaveLength(1);
    expect(r.output.split(/^FROM /m).at(-1)).toMatch(/^dhi\.io\/python:3\.12\n[\s\S]*USER nonroot\nCMD/);
  });

  it('names the original line of an earlier USER after earlier passes removed lines', () => {
    const text =
      'FROM dhi.io/python:3.12-dev\nUSER root\nRUN useradd -r app && apt-get install -y ca-certificates\nRUN apt-get install -y ca-certificates\nRUN pip install x\nCMD ["python3", "x.py"]\n';
    const r = runRules(['non-root-user', 'ca-certificates'], text, { options: { split: false } });
    expect(r.output).not.toContain('RUN apt-get install -y ca-certificates\n');
    const [f] = findingsOf(r, 'non-root-user');
    expect(f).toMatchObject({ line: 6 });
    expect(f!.message).toContain('USER root (line 2)');
  });

  it('does not append after an unterminated heredoc, which would swallow the line (fuzz find)', () => {
    const text = 'FROM dhi.io/node:22-dev\nRUN apt-get install -y make <<-\\\n  curl \\\n  git\n';
    const r = runRules(['non-root-user'], text, { options: { split: false } });
    expect(r.output).toBe(text);
  });
});

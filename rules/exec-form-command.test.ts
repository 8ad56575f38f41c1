import { describe, expect, it } from 'vitest';
import { findingsOf, fixture, runRules } from '../test/rule-harness.js';

const run = (file: string) => findingsOf(runRules(['exec-form-command'], fixture('exec-form-command', file)), 'exec-form-command');

describe('exec-form-command', () => {
  it('reports the exact shell feature of a command it cannot convert', () => {
    const [f] = run('needs-shell.unchanged.Dockerfile');
    expect(f).toMatchObject({ severity: 'warning', line: 3, applied: false });
    expect(f!.message).toBe(
      "shell-form CMD on line 3 needs a shell (it uses the `&&` operator), but dhi.io/python:3.12 has none, so the container can't start: write it in exec form (move the shell logic into the program, or a script your runtime runs), or keep this stage on a -dev image",
    );
  });

  it('does not turn a shell-form ENTRYPOINT into one that receives the CMD', () => {
    const [f] = run('entrypoint-with-cmd.unchanged.Dockerfile');
    expect(f).toMatchObject({ severity: 'warning', line: 3 });
    expect(f!.message).toContain("converting it to exec form would pass the stage's CMD to it as arguments");
    expect(f!.message).toContain('ENTRYPOINT ["python3", "/app/app.py"]');
  });

  it('reports SHELL, a shell script ENTRYPOINT and an exec-form sh on a shell-less image, each on its line', () => {
    const found = run('shell-and-script.unchanged.Dockerfile');
    expect(found.map((f) => [f.line, f.severity])).toEqual([
      [2, 'warning'],
      [4, 'warning'],
      [5, 'warning'],
    ]);
    expect(found[0]!.message).toMatch(
      /^SHELL \["\/bin\/bash", "-o", "pipefail", "-c"\] on line 2 in the final stage: dhi\.io\/node:22 has no shell/,
    );
    expect(found[1]!.message).toContain('runs the shell script docker-entrypoint.sh');
    expect(found[2]!.message).toContain('runs the shell sh');
  });

  it('explains an exec-form array that is not valid JSON', () => {
    const [f] = run('invalid-json.unchanged.Dockerfile');
    expect(f).toMatchObject({ line: 2 });
    expect(f!.message).toContain('an exec-form array that is not valid JSON');
  });

  it('stays quiet about a -dev final stage whose command needs its shell (final-stage-shell says it)', () => {
    expect(run('dev-final-needs-shell.unchanged.Dockerfile')).toEqual([]);
  });

  it('reports SHELL as info where the image has a shell', () => {
    const r = runRules(['exec-form-command'], 'FROM dhi.io/python:3.12-dev\nSHELL ["/bin/bash", "-c"]\nRUN echo hi\n', {
      options: { split: false },
    });
    const [f] = findingsOf(r, 'exec-form-command');
    expect(f).toMatchObject({ severity: 'info', line: 2 });
  });
});

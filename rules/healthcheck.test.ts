import { describe, expect, it } from 'vitest';
import { findingsOf, fixture, runRules } from '../test/rule-harness.js';

const run = (file: string) => findingsOf(runRules(['healthcheck'], fixture('healthcheck', file)), 'healthcheck');

describe('healthcheck', () => {
  it('reports curl behind `||` with both reasons and a node check using the same URL', () => {
    const [f] = run('curl-shell.unchanged.Dockerfile');
    expect(f).toMatchObject({ severity: 'warning', line: 3, applied: false });
    expect(f!.message).toBe(
      'HEALTHCHECK on line 3 needs a shell (it uses the `||` operator) and curl, which dhi.io/node:22 doesn\'t have, so the container would always be unhealthy: use HEALTHCHECK CMD ["node", "-e", "fetch(\'http://localhost:3000/health\').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"], a health-check binary copied from a build stage, or the orchestrator\'s own probes, or HEALTHCHECK NONE',
    );
  });

  it('reports an exec-form wget with a python check', () => {
    const [f] = run('wget-exec.unchanged.Dockerfile');
    expect(f).toMatchObject({ severity: 'warning', line: 3 });
    expect(f!.message).toContain("runs wget, which dhi.io/python:3.12 doesn't have");
    expect(f!.message).toContain(`["python3", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8000/', timeout=3)"]`);
  });

  it('accepts HEALTHCHECK NONE, exec-form checks of other programs, and images with a shell', () => {
    expect(run('fine.unchanged.Dockerfile')).toEqual([]);
    expect(run('shell-image.unchanged.Dockerfile')).toEqual([]);
  });
});

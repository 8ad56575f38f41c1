import { describe, expect, it } from 'vitest';
import { findingsOf, fixture, runRules } from '../test/rule-harness.js';

const run = (file: string) => findingsOf(runRules(['package-manager'], fixture('package-manager', file)), 'package-manager');

describe('package-manager', () => {
  it('reports every RUN that runs a package manager on a runtime image, on its line', () => {
    const found = run('runtime-apt.unchanged.Dockerfile');
    expect(found.map((f) => [f.line, f.severity])).toEqual([
      [2, 'warning'],
      [3, 'warning'],
      [4, 'warning'],
    ]);
    expect(found[0]!.message).toBe(
      'RUN on line 2 runs apt-get, but the final stage is on dhi.io/python:3.12, a runtime image without a package manager or shell, so the build fails here: install in a build stage on dhi.io/python:3.12-dev and COPY what the app needs into this stage',
    );
    expect(found[2]!.message).toMatch(/^RUN on line 4 runs apk,/);
  });

  it('is quiet on a -dev image', () => {
    expect(run('dev-ok.unchanged.Dockerfile')).toEqual([]);
  });
});

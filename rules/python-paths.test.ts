import { describe, expect, it } from 'vitest';
import { findingsOf, fixture, runRules } from '../test/rule-harness.js';

const run = (file: string) => findingsOf(runRules(['python-paths'], fixture('python-paths', file)), 'python-paths');

describe('python-paths', () => {
  it('reports a --prefix install copied over /usr/local, naming where DHI keeps Python', () => {
    const [f, ...rest] = run('prefix-install.unchanged.Dockerfile');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'warning', line: 5, applied: false });
    expect(f!.message).toMatch(
      /^COPY --from=build \/install \/usr\/local installs into \/usr\/local on line 5: dhi\.io\/python:3\.12-debian12 keeps Python under \/opt\/python, not \/usr\/local/,
    );
  });

  it('reports official site-packages and bin paths (shell and JSON form) and PYTHONPATH, not a venv copy', () => {
    const found = run('site-packages.unchanged.Dockerfile');
    expect(found.map((f) => f.line)).toEqual([5, 6, 7]);
    expect(found[0]!.message).toContain('COPY uses /usr/local/lib/python3.12/site-packages on line 5');
    expect(found[1]!.message).toContain('COPY uses /usr/local/bin/flask on line 6');
    expect(found[2]!.message).toContain('PYTHONPATH names /usr/local/lib/python3');
    // dhi.io/python:3.12 is Debian 13: Python lives in /usr there
    expect(found[0]!.message).toContain('dhi.io/python:3.12 keeps Python under /usr,');
  });

  it('leaves other images and COPY from a build context alone', () => {
    const text = 'FROM dhi.io/node:22\nCOPY --from=build /install /usr/local\nFROM dhi.io/python:3.12\nCOPY vendor/ /usr/local/\n';
    expect(findingsOf(runRules(['python-paths'], text), 'python-paths')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { findingsOf, fixture, runRules } from '../test/rule-harness.js';

const run = (file: string) => findingsOf(runRules(['ca-certificates'], fixture('ca-certificates', file)), 'ca-certificates');

describe('ca-certificates', () => {
  it('explains each removal on the RUN line, naming the stage and image', () => {
    const found = run('only-ca.before.Dockerfile');
    expect(found.map((f) => [f.line, f.applied])).toEqual([
      [3, true],
      [9, true],
    ]);
    expect(found[0]!.message).toBe(
      "RUN on line 3 (build stage 'build', dhi.io/python:3.12-dev) only installs ca-certificates: removed, DHI images already ship the CA certificates",
    );
  });

  it('says what it dropped from a longer install and from a chain', () => {
    expect(run('among-others.before.Dockerfile')[0]!.message).toBe(
      "RUN on line 2 (build stage 'build', dhi.io/node:22-dev): dropped ca-certificates from the apt-get install, DHI images already ship the CA certificates",
    );
    expect(run('in-chain.before.Dockerfile')[0]!.message).toContain('removed the apt-get command that installed only ca-certificates');
  });

  it('reports a RUN it cannot edit exactly, with the reason', () => {
    const found = run('not-exact.unchanged.Dockerfile');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'warning', line: 2, applied: false });
    expect(found[0]!.message).toContain("but the RUN uses a `|` pipe, so it can't be edited exactly: drop the package by hand");
  });
});

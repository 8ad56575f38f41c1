import { describe, expect, it } from 'vitest';
import { formatSummary } from './summary.js';
import type { FileResult, ReportedFinding } from './types.js';

function finding(over: Partial<ReportedFinding>): ReportedFinding {
  return {
    ruleId: 'base-image',
    severity: 'change',
    message: 'node:22 -> dhi.io/node:22',
    line: 1,
    column: 1,
    endLine: 1,
    applied: true,
    docs: 'https://example.invalid/rules/base-image',
    ...over,
  };
}

const file = (over: Partial<FileResult>): FileResult => ({
  path: 'Dockerfile',
  status: 'unchanged',
  findings: [],
  diff: '',
  images: [],
  ...over,
});

const results: FileResult[] = [
  file({
    path: 'web/Dockerfile',
    status: 'changed',
    findings: [
      finding({}),
      finding({ ruleId: 'user', line: 2, applied: true, message: 'USER node' }),
      finding({
        ruleId: 'non-root-user',
        severity: 'warning',
        line: 12,
        applied: false,
        message: 'CMD ["npm", "start"] runs a package.json script; check it does not need root or a shell',
      }),
      finding({ ruleId: 'base-image', severity: 'info', line: 7, applied: false, message: 'build stage kept on -dev image' }),
      finding({ ruleId: 'multi-stage', severity: 'change', line: 5, applied: false, message: 'could not split: RUN uses a heredoc' }),
    ],
  }),
  file({ path: 'Dockerfile' }),
  file({ path: 'tools/Dockerfile.bin', status: 'error', error: 'binary file' }),
  file({ path: 'link/Dockerfile', status: 'skipped', error: 'symbolic link points outside the repository' }),
];

describe('formatSummary', () => {
  it('gives the reason for every applied change, lists what is left for a human, and counts', () => {
    expect(formatSummary(results, { color: false })).toBe(
      [
        'link/Dockerfile  skipped  symbolic link points outside the repository',
        'web/Dockerfile:1   applied  base-image     node:22 -> dhi.io/node:22',
        'web/Dockerfile:2   applied  user           USER node',
        'web/Dockerfile:5   change   multi-stage    could not split: RUN uses a heredoc',
        'web/Dockerfile:7   info     base-image     build stage kept on -dev image',
        'web/Dockerfile:12  warning  non-root-user  CMD ["npm", "start"] runs a package.json script; check it does not need root or a shell',
        '4 files: 1 changed, 1 unchanged, 1 error, 1 skipped; 2 changes applied, 1 change not applied, 1 warning, 1 info',
        '',
      ].join('\n'),
    );
  });

  it('prints no ANSI codes without color, and colours severities with it', () => {
    expect(formatSummary(results, { color: false })).not.toMatch(/\x1b/);
    const colored = formatSummary(results, { color: true });
    expect(colored).toContain('\x1b[33mwarning\x1b[39m');
    expect(colored).toContain('\x1b[2mskipped\x1b[22m');
    expect(colored).toMatch(/\x1b\[1m4 files: .*\x1b\[22m\n$/);
    // Same text once the codes are gone.
    expect(colored.replace(/\x1b\[\d+m/g, '')).toBe(formatSummary(results, { color: false }));
  });

  it('only the applied change and the totals when nothing needs attention', () => {
    const clean = [file({ path: 'a/Dockerfile', status: 'changed', findings: [finding({})] }), file({})];
    expect(formatSummary(clean, { color: false })).toBe(
      'a/Dockerfile:1  applied  base-image  node:22 -> dhi.io/node:22\n2 files: 1 changed, 1 unchanged; 1 change applied, 0 warnings, 0 info\n',
    );
    expect(formatSummary([file({})], { color: false })).toBe('1 file: 0 changed, 1 unchanged; 0 changes applied, 0 warnings, 0 info\n');
  });

  it('handles no files', () => {
    expect(formatSummary([], { color: false })).toBe('0 files: 0 changed, 0 unchanged; 0 changes applied, 0 warnings, 0 info\n');
  });

  it('counts a warning whose fix was applied (a bump, a split for review) as a change applied', () => {
    const bumped = file({
      status: 'changed',
      findings: [
        finding({ severity: 'warning', message: 'node:20 -> dhi.io/node:22: bumped' }),
        finding({ severity: 'warning', applied: false, line: 3 }),
      ],
    });
    expect(formatSummary([bumped], { color: false }).trimEnd().split('\n').at(-1)).toBe(
      '1 file: 1 changed, 0 unchanged; 1 change applied, 2 warnings, 0 info',
    );
  });
});

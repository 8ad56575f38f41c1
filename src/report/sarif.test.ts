/**
 * SARIF output checked against the 2.1.0 structure: every property the
 * schema requires (sarifLog.version/runs, run.tool, tool.driver,
 * toolComponent.name, reportingDescriptor.id, result.message, message.text,
 * invocation.executionSuccessful, notification.message), the enums (level,
 * kind), 1-based regions, rule indexes that point at their rule, and URIs
 * relative to a declared uriBaseId. Typed with @types/sarif.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Log, Message, Result } from 'sarif';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/run-cli.js';
import { allRules } from '../../rules/index.js';
import { buildSarifReport } from './sarif.js';
import { buildMarkdownReport } from './markdown.js';
import type { FileResult } from './types.js';

const LEVELS = ['none', 'note', 'warning', 'error'];
const KINDS = ['notApplicable', 'pass', 'fail', 'review', 'open', 'informational'];

function expectMessage(m: Message | undefined, where: string): void {
  expect(m, `${where}.message is required`).toBeDefined();
  expect(typeof m!.text === 'string' && m!.text.length > 0, `${where}.message.text`).toBe(true);
}

/** The 2.1.0 schema's required properties and constraints for what we emit. */
function expectValidSarif(log: Log): void {
  expect(log.version).toBe('2.1.0');
  expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
  expect(Array.isArray(log.runs)).toBe(true);
  expect(log.runs.length).toBe(1);
  for (const run of log.runs) {
    expect(run.tool?.driver?.name, 'run.tool.driver.name').toBe('dhi-migrate');
    expect(run.tool.driver.version).toMatch(/^\d+\.\d+\.\d+/);
    const rules = run.tool.driver.rules ?? [];
    expect(rules.length).toBeGreaterThan(0);
    const ids = new Set<string>();
    for (const r of rules) {
      expect(typeof r.id === 'string' && r.id.length > 0, 'reportingDescriptor.id').toBe(true);
      expect(ids.has(r.id), `duplicate rule ${r.id}`).toBe(false);
      ids.add(r.id);
      for (const key of ['shortDescription', 'fullDescription', 'help'] as const) {
        expect(typeof r[key]?.text === 'string' && r[key]!.text.length > 0, `${r.id}.${key}.text`).toBe(true);
      }
      expect(r.help!.markdown).toBeTruthy();
      expect(LEVELS).toContain(r.defaultConfiguration!.level);
    }
    for (const inv of run.invocations ?? []) {
      expect(typeof inv.executionSuccessful, 'invocation.executionSuccessful').toBe('boolean');
      for (const n of inv.toolExecutionNotifications ?? []) {
        expectMessage(n.message, 'notification');
        expect(LEVELS).toContain(n.level);
      }
    }
    const bases = Object.keys(run.originalUriBaseIds ?? {});
    for (const [i, res] of (run.results ?? []).entries()) {
      const where = `results[${i}]`;
      expectMessage(res.message, where);
      expect(LEVELS).toContain(res.level);
      expect(KINDS).toContain(res.kind);
      expect(typeof res.ruleId).toBe('string');
      expect(rules[res.ruleIndex!]?.id, `${where}.ruleIndex points at its rule`).toBe(res.ruleId);
      expect(res.locations?.length).toBe(1);
      const phys = res.locations![0]!.physicalLocation!;
      expect(phys.artifactLocation?.uri, `${where} uri`).toMatch(/^[^\\\s]+$/);
      expect(() => new URL(phys.artifactLocation!.uri!, 'file:///root/')).not.toThrow();
      if (phys.artifactLocation!.uriBaseId) expect(bases).toContain(phys.artifactLocation!.uriBaseId);
      const region = phys.region!;
      expect(region.startLine).toBeGreaterThanOrEqual(1);
      expect(region.startColumn).toBeGreaterThanOrEqual(1);
      expect(region.endLine).toBeGreaterThanOrEqual(region.startLine!);
    }
  }
}

const cli = runCli;

describe('--format sarif', () => {
  it('is valid SARIF 2.1.0 with one result per finding, rule metadata and help from the rule docs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dhi-sarif-'));
    mkdirSync(join(dir, 'my app'));
    writeFileSync(
      join(dir, 'my app', 'Dockerfile'),
      'FROM python:3.12-slim AS build\nFROM python:3.12-slim\n# dhi-migrate ignore=nope\nFROM mycorp/base:1\n',
    );
    writeFileSync(join(dir, 'Dockerfile.bin'), Buffer.from([0, 1, 2, 0, 255]));
    const r = await cli(['--format', 'sarif', '-q', '.'], dir);
    const log = JSON.parse(r.out) as Log;
    expectValidSarif(log);
    const run = log.runs[0]!;
    const json = JSON.parse((await cli(['--format', 'json', '-q', '.'], dir)).out) as { files: FileResult[] };
    const findings = json.files.flatMap((f) => f.findings);
    expect(run.results!.length).toBe(findings.length);
    expect(findings.length).toBeGreaterThanOrEqual(3);
    const base = run.tool.driver.rules!.find((x) => x.id === 'base-image')!;
    const rule = allRules.find((x) => x.id === 'base-image')!;
    expect(base.shortDescription!.text).toBe(`${rule.summary}.`);
    expect(base.help!.markdown).toContain(rule.docs.trim());
    const warn = run.results!.find((x: Result) => x.message.text!.includes('mycorp/base'))!;
    expect(warn.level).toBe('warning');
    expect(warn.locations![0]!.physicalLocation!.artifactLocation).toEqual({ uri: 'my%20app/Dockerfile', uriBaseId: '%SRCROOT%' });
    expect(warn.locations![0]!.physicalLocation!.region!.startLine).toBe(4);
    expect(run.results!.some((x) => x.ruleId === 'ignore-pragma')).toBe(true);
    // The unreadable file is a notification and marks the run unsuccessful.
    expect(run.invocations![0]!.executionSuccessful).toBe(false);
    expect(run.invocations![0]!.toolExecutionNotifications!.map((n) => n.message.text).join()).toContain('Dockerfile.bin');
    expect(r.code).toBe(2);
  });

  it('an empty run is still a valid log', () => {
    expectValidSarif(buildSarifReport([], { version: '1.0.0', catalog: { commit: 'c', date: 'd' }, rules: allRules }));
  });

  it('--stdout cannot be combined with a report format', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dhi-sarif-'));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM python:3.12\n');
    const r = await cli(['--format', 'sarif', '--stdout', 'Dockerfile'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toBe('dhi-migrate: --stdout and --format sarif cannot be combined\n');
  });
});

describe('--format markdown', () => {
  it('counts, images per file, follow-ups with file:line, and the diff folded away', () => {
    const md = buildMarkdownReport(
      [
        {
          path: 'svc/Dockerfile',
          status: 'changed',
          findings: [
            {
              ruleId: 'base-image',
              severity: 'change',
              message: 'python:3.12 -> dhi.io/python:3.12',
              line: 1,
              column: 6,
              endLine: 1,
              applied: true,
              docs: 'README.md#rule-base-image',
            },
            {
              ruleId: 'base-image',
              severity: 'warning',
              message: 'a|b: no DHI equivalent known',
              line: 3,
              column: 6,
              endLine: 3,
              applied: false,
              docs: 'README.md#rule-base-image',
            },
          ],
          diff: 'diff --git a/svc/Dockerfile b/svc/Dockerfile\n-FROM python:3.12\n+FROM dhi.io/python:3.12\n',
          images: [
            { line: 1, from: 'python:3.12', to: 'dhi.io/python:3.12', stage: null, role: 'final' },
            { line: 3, from: 'a|b', to: null, stage: 'x', role: 'build', reason: 'no DHI equivalent known' },
          ],
        },
      ],
      { version: '1.2.3', catalog: { commit: '30c3db971dffbab14c3e400e021e76c27ef950fe', date: '2026-08-22' } },
    );
    expect(md).toContain('| 1 | 1 | 0 | 0 | 0 | 1 | 1 | 0 |');
    expect(md).toContain('## `svc/Dockerfile` — changed');
    expect(md).toContain('| 1 | final | `python:3.12` | `dhi.io/python:3.12` |');
    expect(md).toContain('| 3 | `x` | `a\\|b` | left untouched: no DHI equivalent known |');
    expect(md).toContain('⚠️ `svc/Dockerfile:3` [base-image](README.md#rule-base-image) — a\\|b: no DHI equivalent known');
    expect(md).toContain('```diff\ndiff --git a/svc/Dockerfile b/svc/Dockerfile\n');
  });
});

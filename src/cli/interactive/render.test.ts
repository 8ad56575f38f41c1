import { describe, expect, it } from 'vitest';
import { renderChange, renderEvent, renderSummary, wrap } from './render.js';
import type { ChangeQuestion, FileReview } from './types.js';
import { withDefaults } from '../../engine/options.js';
import type { FileMigration } from '../migrate-file.js';

const LONG =
  'node:20-alpine3.21 -> dhi.io/node:22-alpine3.22 (final stage 1, runtime variant): node:20-alpine3.21: Alpine 3.21 has no DHI node image; using alpine3.22, the nearest newer';
const before = `FROM node:20-alpine3.21\nRUN echo ${'x'.repeat(120)}\n\tCMD ["node"]\n`;

const question: ChangeQuestion = {
  kind: 'change',
  path: 'services/api/Dockerfile',
  change: {
    key: 'k',
    ruleId: 'base-image',
    severity: 'warning',
    message: LONG,
    pass: 0,
    before,
    after: before.replace('node:20-alpine3.21', 'dhi.io/node:22-alpine3.22').replace('x'.repeat(120), 'y'.repeat(120)),
    start: 5,
  },
  index: 1,
  total: 3,
  dependsOn: [{ ruleId: 'base-image', message: LONG }],
  enables: [],
};

// eslint-disable-next-line no-control-regex
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

describe('interactive rendering', () => {
  it('a hunk with rule id and reason fits 80 columns, coloured or not', () => {
    for (const color of [false, true]) {
      const out = renderChange(question, { color, width: 80 });
      for (const line of plain(out).split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
      expect(plain(out)).toContain('[1/3] base-image');
      expect(plain(out)).toContain('-FROM node:20-alpine3.21');
      expect(plain(out)).toContain('+FROM dhi.io/node:22-alpine3.22');
      expect(plain(out)).toContain('Depends on an accepted change');
      expect(out.includes('\x1b[')).toBe(color);
    }
  });

  it('cut diff lines keep their sign; tabs are expanded', () => {
    const lines = renderChange(question, { color: false, width: 80 }).split('\n');
    expect(lines.filter((l) => l.startsWith('+ yyy')).length).toBeGreaterThan(0);
    expect(lines.some((l) => l.includes('\t'))).toBe(false);
  });

  it('wraps words with a hanging indent and keeps a leading indent', () => {
    expect(wrap('  aaa bbb ccc', 9, '    ')).toEqual(['  aaa bbb', '    ccc']);
    expect(wrap('x'.repeat(12), 5)).toEqual(['xxxxx', 'xxxxx', 'xx']);
  });

  it('header and summary say what was found and what was written', () => {
    const header = renderEvent(
      {
        kind: 'file-start',
        path: 'Dockerfile',
        proposed: 1,
        images: [
          { line: 1, from: 'python:3.12', to: 'dhi.io/python:3.12', stage: null, role: 'final' },
          { line: 3, from: 'mycorp/x:1', to: null, stage: 'b', role: 'build', reason: 'no DHI equivalent known' },
        ],
      },
      { color: false, width: 80 },
    );
    expect(header).toContain('  line 1: python:3.12 -> dhi.io/python:3.12');
    expect(header).toContain('  line 3: mycorp/x:1 [b] stays (no DHI equivalent known)');
    const finding = {
      ruleId: 'base-image',
      severity: 'warning' as const,
      message: 'mycorp/x: no DHI equivalent',
      line: 3,
      column: 6,
      endLine: 3,
      applied: false,
      docs: '',
    };
    const review: FileReview = {
      path: 'Dockerfile',
      status: 'changed',
      migration: {} as FileMigration,
      applied: [{ ...finding, severity: 'change', message: 'python', line: 1, applied: true }],
      declined: [],
      manual: [finding],
      options: withDefaults(),
      complete: true,
    };
    const summary = renderSummary(
      { files: [review], notReviewed: ['other/Dockerfile'], quit: true, confirmed: true },
      { written: ['Dockerfile'], failed: [] },
      { color: false, width: 80 },
    );
    expect(summary).toContain('Dockerfile: written; 1 of 1 change accepted');
    expect(summary).toContain('other/Dockerfile: not reviewed (quit); unchanged');
    expect(summary).toContain('Manual follow-ups:\n  Dockerfile:3 warning base-image mycorp/x: no DHI equivalent');
    expect(summary).toContain('Wrote 1 file.');
  });
});

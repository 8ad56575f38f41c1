/**
 * The Markdown report of one run (`--format markdown`), fit for a pull
 * request comment or a CI job summary: counts, then per file the image
 * changes, what is left for a human (file:line), and the diff folded away.
 */
import { comparePaths } from '../io/discover.js';
import { byPosition, countSeverities } from './json.js';
import type { FileResult, ReportMeta, ReportedFinding } from './types.js';

export function buildMarkdownReport(results: readonly FileResult[], meta: ReportMeta): string {
  const files = [...results].sort((a, b) => comparePaths(a.path, b.path));
  const count = (s: FileResult['status']) => files.filter((f) => f.status === s).length;
  const sev = countSeverities(files.flatMap((f) => f.findings));
  const out: string[] = [
    '# dhi-migrate report',
    '',
    `${meta.name ?? 'dhi-migrate'} ${meta.version} · DHI catalog ${meta.catalog.date} (\`${meta.catalog.commit.slice(0, 12)}\`)`,
    '',
    '| files | changed | unchanged | errors | skipped | changes | warnings | info |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${files.length} | ${count('changed')} | ${count('unchanged')} | ${count('error')} | ${count('skipped')} | ${sev.change} | ${sev.warning} | ${sev.info} |`,
  ];
  for (const file of files) {
    out.push('', `## \`${escapeCode(file.path)}\` — ${file.status}`);
    if (file.error) out.push('', `> ${escapeText(file.error)}`);
    const images = file.images.filter((i) => i.to !== null || i.reason);
    if (images.length > 0) {
      out.push('', '| line | stage | from | to |', '| ---: | --- | --- | --- |');
      for (const i of images) {
        const to = i.to !== null ? code(i.to) : `left untouched${i.reason ? `: ${escapeText(i.reason)}` : ''}`;
        out.push(`| ${i.line} | ${i.stage ? code(i.stage) : i.role} | ${code(i.from)} | ${to} |`);
      }
    }
    const open = file.findings.filter((f) => !f.applied).sort(byPosition);
    if (open.length > 0) {
      out.push('', '**Left for a human:**', '');
      for (const f of open) out.push(`- ${finding(file.path, f)}`);
    }
    const applied = file.findings.filter((f) => f.applied).sort(byPosition);
    if (applied.length > 0) {
      out.push('', '<details><summary>Changes applied</summary>', '');
      for (const f of applied) out.push(`- ${finding(file.path, f)}`);
      out.push('', '</details>');
    }
    if (file.diff) out.push('', '<details><summary>Diff</summary>', '', fence(file.diff, 'diff'), '', '</details>');
  }
  return out.join('\n') + '\n';
}

function finding(path: string, f: ReportedFinding): string {
  const icon = f.severity === 'warning' ? '⚠️' : f.severity === 'info' ? 'ℹ️' : '✏️';
  return `${icon} \`${escapeCode(path)}:${f.line}\` [${f.ruleId}](${f.docs}) — ${escapeText(f.message)}`;
}

function code(s: string): string {
  return `\`${escapeCode(s)}\``;
}

function escapeCode(s: string): string {
  return s.replace(/`/g, "'").replace(/\|/g, '\\|');
}

function escapeText(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A fence longer than any backtick run in the body, so diffs of Markdown files stay intact. */
function fence(body: string, lang: string): string {
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}${lang}\n${body.endsWith('\n') ? body : body + '\n'}${f}`;
}

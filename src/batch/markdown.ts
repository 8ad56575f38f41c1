/**
 * The Markdown batch report: the totals (what stdout shows after a run), then
 * one section per repository with every file's images, follow-ups and
 * errors, line by line. Built one repository at a time.
 */
import type { BatchFile, RepoEntry, ReportHeader, Totals } from './types.js';
import { writeStreamed } from './report-files.js';

const MODE: Record<ReportHeader['mode'], string> = {
  'dry-run': 'dry run (patches)',
  write: 'write',
  'git-branch': 'write + git branch',
  check: 'check',
};

export function renderHeader(header: ReportHeader): string {
  const parts = [
    `${header.tool.name} ${header.tool.version}`,
    `DHI catalog ${header.catalog.date} (${header.catalog.commit.slice(0, 12)})`,
    `mode: ${MODE[header.mode]}`,
  ];
  if (header.shard) parts.push(`shard ${header.shard.index}/${header.shard.count}`);
  return `# dhi-migrate batch report\n\n${parts.join(' · ')}\n`;
}

export function renderTotals(t: Totals): string {
  const share = (n: number, whole: number) => (whole === 0 ? '' : `${((n / whole) * 100).toFixed(1)}%`);
  const r = t.repositories;
  const f = t.files;
  const i = t.images;
  const rows: string[][] = [
    ['**Repositories**', String(r.total), ''],
    ['changed', String(r.changed), share(r.changed, r.total)],
    ['unchanged', String(r.unchanged), share(r.unchanged, r.total)],
    ['without Dockerfiles', String(r.withoutDockerfiles), share(r.withoutDockerfiles, r.total)],
    ['failed', String(r.failed), share(r.failed, r.total)],
    ['with errors', String(r.withErrors), share(r.withErrors, r.total)],
    ['**Dockerfiles**', String(f.total), ''],
    ['changed', String(f.changed), share(f.changed, f.total)],
    ['unchanged', String(f.unchanged), share(f.unchanged, f.total)],
    ['errors', String(f.errors), share(f.errors, f.total)],
    ['skipped', String(f.skipped), share(f.skipped, f.total)],
    ['**Images** (FROM)', String(i.total), ''],
    ['migrated', String(i.migrated), share(i.migrated, i.total)],
    ['already on DHI', String(i.alreadyDhi), share(i.alreadyDhi, i.total)],
    ['unmapped', String(i.unmapped), share(i.unmapped, i.total)],
    ['**Follow-ups**', String(t.followUps), ''],
    ['warnings', String(t.warnings), share(t.warnings, t.followUps)],
  ];
  const out = ['## Totals', '', table(['', 'count', 'share'], rows, ['l', 'r', 'r'])];

  const rules = Object.entries(t.changesByRule);
  if (rules.length > 0) {
    out.push(
      '',
      '### Changes by rule',
      '',
      table(
        ['rule', 'changes'],
        rules.map(([rule, n]) => [code(rule), String(n)]),
        ['l', 'r'],
      ),
    );
  }
  if (t.topUnmapped.length > 0) {
    out.push(
      '',
      '### Top unmapped images',
      '',
      table(
        ['image', 'times', 'repositories', 'reason (first occurrence)'],
        t.topUnmapped.map((u) => [code(u.image), String(u.count), String(u.repositories), u.reason]),
        ['l', 'r', 'r', 'l'],
      ),
    );
  }
  if (t.topFollowUps.length > 0) {
    out.push(
      '',
      '### Top follow-ups',
      '',
      table(
        ['rule', 'severity', 'follow-up', 'times', 'repositories', 'first at'],
        t.topFollowUps.map((u) => [code(u.ruleId), u.severity, u.message, String(u.count), String(u.repositories), code(u.example)]),
        ['l', 'l', 'l', 'r', 'r', 'l'],
      ),
    );
  }
  return out.join('\n') + '\n';
}

export function renderRepository(repo: RepoEntry): string {
  const out = [`### ${repo.name}: ${repo.status}`, ''];
  const facts = [code(repo.path)];
  if (repo.patch) facts.push(`patch ${code(repo.patch)}`);
  if (repo.git) facts.push(`branch ${code(repo.git.branch)} at ${code(repo.git.commit.slice(0, 12))}`);
  out.push(facts.join(' · '));
  if (repo.error !== undefined) out.push('', `**Error:** ${repo.error}`);
  if (repo.files.length === 0 && repo.error === undefined) out.push('', 'No Dockerfiles.');
  if (repo.files.length > 0) out.push('', ...repo.files.flatMap(renderFile));
  return out.join('\n') + '\n';
}

function renderFile(file: BatchFile): string[] {
  const rules = Object.entries(file.changesByRule).map(([rule, n]) => `${rule} ${n}`);
  const head = `- ${code(file.path)}: ${file.status}${rules.length > 0 ? ` (${rules.join(', ')})` : ''}`;
  if (file.error !== undefined) return [`${head}: ${file.error}`];
  const lines = [head];
  for (const image of file.images) {
    if (image.status === 'migrated') lines.push(`  - line ${image.line}: ${code(image.from)} -> ${code(image.to!)}`);
    else if (image.status === 'already-dhi') lines.push(`  - line ${image.line}: ${code(image.from)} already on DHI`);
    else lines.push(`  - line ${image.line}: ${code(image.from)} unmapped: ${image.reason}`);
  }
  for (const f of file.followUps) lines.push(`  - line ${f.line}: ${f.severity} (${f.ruleId}): ${f.message}`);
  return lines;
}

export async function writeMarkdownReport(
  path: string,
  header: ReportHeader,
  totals: Totals,
  entries: Iterable<RepoEntry> | AsyncIterable<RepoEntry>,
): Promise<void> {
  await writeStreamed(path, async (write) => {
    await write(renderHeader(header) + '\n' + renderTotals(totals) + '\n## Repositories\n');
    for await (const entry of entries) await write('\n' + renderRepository(entry));
  });
}

function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${text}${fence}`;
}

/** A Markdown table with padded columns, readable as plain text. */
function table(head: string[], rows: string[][], align: ('l' | 'r')[]): string {
  const cells = [head, ...rows].map((row) => row.map((c) => c.replace(/\|/g, '\\|').replace(/\n/g, ' ')));
  const widths = head.map((_, col) => Math.max(3, ...cells.map((row) => row[col]!.length)));
  const line = (row: string[]) =>
    `| ${row.map((c, col) => (align[col] === 'r' ? c.padStart(widths[col]!) : c.padEnd(widths[col]!))).join(' | ')} |`;
  const rule = `| ${widths.map((w, col) => (align[col] === 'r' ? '-'.repeat(w - 1) + ':' : '-'.repeat(w))).join(' | ')} |`;
  return [line(cells[0]!), rule, ...cells.slice(1).map(line)].join('\n');
}

/**
 * SARIF 2.1.0 for code-scanning upload (GitHub, GitLab, Azure DevOps): one
 * result per finding, each rule described from its metadata (summary as the
 * short description, the generated documentation as help), and files that
 * could not be read reported as tool notifications.
 */
import type { Log, ReportingDescriptor, Result, Notification } from 'sarif';
import { comparePaths } from '../io/discover.js';
import { byPosition } from './json.js';
import type { FileResult, ReportMeta, ReportedFinding } from './types.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** What SARIF needs of a rule: the same metadata the README is generated from. */
export interface RuleMetadata {
  id: string;
  summary: string;
  docs: string;
}

export interface SarifMeta extends ReportMeta {
  rules: readonly RuleMetadata[];
  /** Where the tool's documentation lives (absolute URI), for tool.driver.informationUri. */
  informationUri?: string;
}

/** Findings reported by the engine itself rather than a rule. */
const ENGINE_RULES: RuleMetadata[] = [
  {
    id: 'ignore-pragma',
    summary: 'A `# dhi-migrate ignore=` pragma names a rule that does not exist',
    docs: 'Check the rule ids in the pragma against `dhi-migrate rules`; an unknown id suppresses nothing.',
  },
];

export function buildSarifReport(results: readonly FileResult[], meta: SarifMeta): Log {
  const ruleList = [...meta.rules, ...ENGINE_RULES.filter((e) => !meta.rules.some((r) => r.id === e.id))];
  const files = [...results].sort((a, b) => comparePaths(a.path, b.path));
  const descriptors: ReportingDescriptor[] = ruleList.map(describeRule);
  const indexOf = new Map(ruleList.map((r, i) => [r.id, i] as const));
  const sarifResults: Result[] = [];
  const notifications: Notification[] = [];
  for (const file of files) {
    if (file.status === 'error' || file.status === 'skipped') {
      notifications.push({
        level: file.status === 'error' ? 'error' : 'note',
        message: { text: `${file.path}: ${file.error ?? file.status}` },
        locations: [{ physicalLocation: { artifactLocation: artifact(file.path) } }],
      });
    }
    for (const f of [...file.findings].sort(byPosition)) sarifResults.push(toResult(file.path, f, indexOf));
  }
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: meta.name ?? 'dhi-migrate',
            version: meta.version,
            semanticVersion: meta.version,
            ...(meta.informationUri ? { informationUri: meta.informationUri } : {}),
            rules: descriptors,
          },
        },
        invocations: [{ executionSuccessful: !files.some((f) => f.status === 'error'), toolExecutionNotifications: notifications }],
        originalUriBaseIds: {
          '%SRCROOT%': { description: { text: 'The directory dhi-migrate ran in; result paths are relative to it.' } },
        },
        columnKind: 'utf16CodeUnits',
        results: sarifResults,
        properties: { catalog: { commit: meta.catalog.commit, date: meta.catalog.date } },
      },
    ],
  };
}

function describeRule(rule: RuleMetadata): ReportingDescriptor {
  const summary = rule.summary.replace(/\.$/, '');
  return {
    id: rule.id,
    name: rule.id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: `${summary}.` },
    fullDescription: { text: firstParagraph(rule.docs) || `${summary}.` },
    help: { text: `${summary}.\n\n${rule.docs.trim()}`, markdown: `**${summary}.**\n\n${rule.docs.trim()}` },
    defaultConfiguration: { level: 'warning' },
    properties: { tags: ['docker', 'dhi', 'migration'] },
  };
}

function firstParagraph(markdown: string): string {
  return markdown
    .trim()
    .split(/\n\s*\n/)[0]!
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

/** change (the tool would rewrite this) and warning (needs a human) -> warning; info -> note. */
function level(f: ReportedFinding): Result.level {
  return f.severity === 'info' ? 'note' : 'warning';
}

function toResult(path: string, f: ReportedFinding, indexOf: Map<string, number>): Result {
  const ruleIndex = indexOf.get(f.ruleId);
  return {
    ruleId: f.ruleId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level: level(f),
    kind: 'fail',
    message: { text: f.applied ? f.message : `${f.message}${f.severity === 'change' ? ' (not applied)' : ''}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifact(path),
          region: { startLine: f.line, startColumn: f.column, endLine: Math.max(f.line, f.endLine) },
        },
      },
    ],
    properties: { severity: f.severity, applied: f.applied, docs: f.docs },
  };
}

/** Relative `/`-separated URI under %SRCROOT%; absolute paths become file: URIs. */
function artifact(path: string): { uri: string; uriBaseId?: string } {
  const slashed = path.replace(/\\/g, '/');
  if (slashed.startsWith('/')) return { uri: `file://${encodeURI(slashed)}` };
  return { uri: encodeURI(slashed), uriBaseId: '%SRCROOT%' };
}

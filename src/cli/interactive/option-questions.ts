/**
 * Where the tool had to choose, the interactive mode asks instead. A question
 * is asked only when a finding of the dry run says the tool chose, AND the
 * other answer really gives a different file (so no question is ever moot).
 *
 * Not asked: the non-root user. Every DHI image definition in the catalog
 * declares exactly one runtime user, so there is never more than one that fits.
 */
import type { MigrateOptions } from '../../engine/options.js';
import type { FileMigration } from '../migrate-file.js';
import type { ImageChange, ReportedFinding } from '../../report/types.js';
import type { OptionId, OptionQuestion, ReviewSubject } from './types.js';

interface OptionSpec {
  id: OptionId;
  /** The findings that show the tool had to choose. */
  triggers(findings: ReportedFinding[]): ReportedFinding[];
  current(o: MigrateOptions): string;
  apply(o: MigrateOptions, value: string): MigrateOptions;
  values: [string, string];
  message(images: string[], triggers: ReportedFinding[]): string;
  label(value: string): string;
}

const UNTAGGED = /publishes no latest tag|the tag names no version/;
const BUMPED = /bumped to|left unchanged because of --no-bump/;

const specs: OptionSpec[] = [
  {
    id: 'distro',
    triggers: (fs) => fs.filter((f) => f.ruleId === 'base-image' && UNTAGGED.test(f.message)),
    current: (o) => o.preferDistro ?? 'debian',
    apply: (o, v) => ({ ...o, preferDistro: v as 'debian' | 'alpine' }),
    values: ['debian', 'alpine'],
    message: (imgs) => `${list(imgs)} ${imgs.length === 1 ? "doesn't" : "don't"} say which distro. Use:`,
    label: (v) => (v === 'debian' ? 'Debian' : 'Alpine'),
  },
  {
    id: 'bump',
    triggers: (fs) => fs.filter((f) => f.ruleId === 'base-image' && BUMPED.test(f.message)),
    current: (o) => (o.noBump ? 'leave' : 'bump'),
    apply: (o, v) => ({ ...o, noBump: v === 'leave' }),
    values: ['bump', 'leave'],
    message: (imgs) => `${list(imgs)}: version line not in the DHI catalog.`,
    label: (v) => (v === 'bump' ? 'Move to the nearest newer line' : 'Leave untouched (reported)'),
  },
  {
    id: 'split',
    triggers: (fs) => fs.filter((f) => f.ruleId === 'multi-stage-split' && f.severity === 'warning' && /review/i.test(f.message)),
    current: (o) => (o.split ? 'split' : 'keep'),
    apply: (o, v) => ({ ...o, split: v === 'split' }),
    values: ['split', 'keep'],
    message: (_, triggers) => {
      const why = triggers.map((f) => /review: (.*)$/.exec(f.message)?.[1]).filter(Boolean);
      return `Splitting the final stage into build + runtime needs review${why.length > 0 ? ` (${why.join('; ')})` : ''}. Split it?`;
    },
    label: (v) => (v === 'split' ? 'Split into build + runtime stages' : 'Keep one stage (on the -dev image)'),
  },
];

/**
 * The next question for this file given the options so far, or null.
 * `asked` holds the options already settled (by the user or the command line).
 */
export function nextOptionQuestion(
  subject: ReviewSubject,
  options: MigrateOptions,
  dry: FileMigration,
  settled: ReadonlySet<OptionId>,
): OptionQuestion | null {
  for (const spec of specs) {
    if (settled.has(spec.id)) continue;
    const triggers = spec.triggers(dry.result.findings);
    if (triggers.length === 0) continue;
    const runs = spec.values.map((v) => (v === spec.current(options) ? dry : subject.migrate(spec.apply(options, v))));
    if (runs[0]!.output === runs[1]!.output) continue;
    const lines = new Set(triggers.map((f) => f.line));
    const images = dry.result.images.filter((i) => lines.has(i.line));
    const names = images.length > 0 ? images.map((i) => `${i.from} (line ${i.line})`) : [...lines].map((l) => `line ${l}`);
    return {
      kind: 'option',
      path: subject.path,
      option: spec.id,
      message: spec.message(names, triggers),
      choices: spec.values.map((v, i) => ({ value: v, label: spec.label(v), description: targets(runs[i]!.result.images, lines) })),
      default: spec.current(options),
    };
  }
  return null;
}

export function applyOption(options: MigrateOptions, id: OptionId, value: string): MigrateOptions {
  return specs.find((s) => s.id === id)!.apply(options, value);
}

/**
 * Choices already made, so not asked: a distro from a flag or config file, and
 * --bump/--no-bump, --split/--no-split given explicitly.
 */
export function settledOptions(options: MigrateOptions, explicit: Partial<MigrateOptions>): Set<OptionId> {
  const settled = new Set<OptionId>();
  if (options.preferDistro !== null) settled.add('distro');
  if (explicit.noBump !== undefined) settled.add('bump');
  if (explicit.split !== undefined) settled.add('split');
  return settled;
}

function targets(images: ImageChange[], lines: Set<number>): string | undefined {
  const shown = images.filter((i) => lines.has(i.line)).map((i) => `${i.from} -> ${i.to ?? 'unchanged'}`);
  return shown.length > 0 ? shown.join('\n') : undefined;
}

function list(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

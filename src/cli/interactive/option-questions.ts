/**
 * Where the tool had to choose, the interactive mode asks instead. A question
 * is asked only when a finding of the dry run says the tool chose, AND the
 * other answer really gives a different file (so no question is ever moot).
 *
 * Not asked: the non-root user. Every DHI image definition in the catalog
 * declares exactly one runtime user, so there is never more than one that
 * fits; writing it as a uid (for Kubernetes runAsNonRoot) is a team-wide
 * choice, made once in the config (non-root-user's numericUser option).
 */
import type { MigrateOptions } from '../../engine/options.js';
import type { FileMigration } from '../migrate-file.js';
import type { ImageChange, ReportedFinding } from '../../report/types.js';
import type { OptionId, OptionQuestion, ReviewSubject } from './types.js';
import { Catalog } from '../../catalog/catalog.js';
import { compareParts } from '../../catalog/tag-shape.js';
import { mappingKey, overlayMappings, type UserMapping } from '../../catalog/user-mappings.js';
import { parseImageRef } from '../../dockerfile/image-ref.js';

interface OptionSpec {
  id: OptionId;
  /** The findings that show the tool had to choose. */
  triggers(findings: ReportedFinding[]): ReportedFinding[];
  current(o: MigrateOptions): string;
  /** `dry` is the file migrated with the options so far (some answers depend on what it chose). */
  apply(o: MigrateOptions, value: string, dry: FileMigration): MigrateOptions;
  /** The answers, the current one first; a question needs at least two that give different files. */
  values(o: MigrateOptions, dry: FileMigration, triggers: ReportedFinding[]): string[];
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
    values: () => ['debian', 'alpine'],
    message: (imgs) => `${list(imgs)} ${imgs.length === 1 ? "doesn't" : "don't"} say which distro. Use:`,
    label: (v) => (v === 'debian' ? 'Debian' : 'Alpine'),
  },
  {
    id: 'bump',
    triggers: (fs) => fs.filter((f) => f.ruleId === 'base-image' && BUMPED.test(f.message)),
    current: (o) => (o.noBump ? 'leave' : 'bump'),
    apply: (o, v, dry) => (v.startsWith(LINE) ? pinLine(o, dry, v.slice(LINE.length)) : { ...o, noBump: v === 'leave' }),
    values: (o, dry, triggers) => ['bump', ...(o.noBump ? [] : newerLines(dry, triggers).map((v) => LINE + v)), 'leave'],
    message: (imgs) => `${list(imgs)}: version line not in the DHI catalog. Which line?`,
    label: (v) => (v === 'bump' ? 'The nearest newer line' : v === 'leave' ? 'Leave untouched (reported)' : `Line ${v.slice(LINE.length)}`),
  },
  {
    id: 'split',
    triggers: (fs) => fs.filter((f) => f.ruleId === 'multi-stage-split' && f.severity === 'warning' && /review/i.test(f.message)),
    current: (o) => (o.split ? 'split' : 'keep'),
    apply: (o, v) => ({ ...o, split: v === 'split' }),
    values: () => ['split', 'keep'],
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
    // Each answer's file; answers that give a file another answer already gives are dropped.
    const seen = new Set<string>();
    const answers: { value: string; run: FileMigration }[] = [];
    for (const value of spec.values(options, dry, triggers)) {
      const run = value === spec.current(options) ? dry : subject.migrate(spec.apply(options, value, dry));
      if (run.result.status === 'error' || seen.has(run.output)) continue;
      seen.add(run.output);
      answers.push({ value, run });
    }
    if (answers.length < 2) continue;
    const lines = new Set(triggers.map((f) => f.line));
    const images = dry.result.images.filter((i) => lines.has(i.line));
    const names = images.length > 0 ? images.map((i) => `${i.from} (line ${i.line})`) : [...lines].map((l) => `line ${l}`);
    return {
      kind: 'option',
      path: subject.path,
      option: spec.id,
      message: spec.message(names, triggers),
      choices: answers.map(({ value, run }) => ({
        value,
        label: spec.label(value),
        description: targets(run.result.images, lines),
      })),
      default: spec.current(options),
    };
  }
  return null;
}

export function applyOption(options: MigrateOptions, id: OptionId, value: string, dry: FileMigration): MigrateOptions {
  return specs.find((s) => s.id === id)!.apply(options, value, dry);
}

/** A `bump` answer naming one version line: `line:3.12`. */
const LINE = 'line:';
/** Lines offered besides the nearest one: enough to choose an LTS, few enough to read. */
const MAX_OTHER_LINES = 4;

/** The bumped images of a file: source reference, its DHI repository and the tag written. */
function bumpedImages(dry: FileMigration, triggers: ReportedFinding[]): { from: string; repo: string; tag: string }[] {
  const lines = new Set(triggers.map((f) => f.line));
  const out: { from: string; repo: string; tag: string }[] = [];
  for (const image of dry.result.images) {
    if (!lines.has(image.line) || image.to === null) continue;
    const to = parseImageRef(image.to);
    if (!to?.tag) continue;
    // dhi.io/node, dhi/node (Docker Hub), registry.corp/platform/dhi-node (a mirror) -> node
    const last = to.name.split('/').at(-1)!;
    const repo = to.registry === 'dhi.io' || to.name.startsWith('dhi/') ? last : last.replace(/^dhi-/, '');
    out.push({ from: image.from, repo, tag: to.tag });
  }
  return out;
}

/**
 * Newer version lines than the one the tool picked, at the same precision
 * (`3.10` -> `3.11`, `3.12` …), newest first. Only offered when every bumped
 * image in the file is of one repository, so one answer means one thing.
 */
function newerLines(dry: FileMigration, triggers: ReportedFinding[]): string[] {
  const bumped = bumpedImages(dry, triggers);
  const repos = new Set(bumped.map((b) => b.repo));
  if (bumped.length === 0 || repos.size !== 1) return [];
  const catalog = Catalog.builtin();
  const repo = bumped[0]!.repo;
  const picked = catalog.shape(repo, bumped[0]!.tag);
  if (!picked?.parts) return [];
  const versions = new Map<string, number[]>();
  for (const tag of catalog.tags(repo)) {
    const shape = catalog.shape(repo, tag);
    if (!shape?.parts || shape.pinned || shape.parts.length !== picked.parts.length) continue;
    if (compareParts(shape.parts, picked.parts) > 0) versions.set(shape.version, shape.parts);
  }
  return [...versions.entries()]
    .sort((a, b) => compareParts(b[1], a[1]))
    .slice(0, MAX_OTHER_LINES)
    .map(([v]) => v);
}

/**
 * Pins the bumped images of this file to one line through an exact
 * `name:tag` mapping: the source tag with its version replaced, so the usual
 * tag policy (distro, build/runtime variant) still picks the DHI tag and no
 * tag is written that the catalog lacks.
 */
function pinLine(o: MigrateOptions, dry: FileMigration, version: string): MigrateOptions {
  const pins = new Map<string, UserMapping>();
  for (const b of bumpedImages(
    dry,
    dry.result.findings.filter((f) => f.ruleId === 'base-image' && BUMPED.test(f.message)),
  )) {
    const key = mappingKey(b.from);
    const ref = parseImageRef(b.from);
    if (key === null || !ref?.tag || !/^\d/.test(ref.tag)) continue;
    pins.set(key, { repo: b.repo, tag: ref.tag.replace(/^\d+(?:\.\d+)*/, version), origin: 'your answer in the interactive review' });
  }
  return { ...o, noBump: false, mappings: overlayMappings(o.mappings, pins) };
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

/**
 * One benchmark measurement in its own process, so its peak RSS is its own:
 *
 *   node scripts/bench/throughput.mjs parse|migrate|parse-share <corpus-dir> [rounds]
 *
 * parse:       dockerfile-ast's parser on every file (the floor).
 * migrate:     what the CLI does per file: decode, all rules to a fixed point,
 *              unified diff for changed files (dist/src/cli/migrate-file.js).
 * parse-share: how much of the floor a migration spends inside dockerfile-ast
 *              itself (the input, the re-parses after each applying pass, the
 *              split's check), in input parses: the part of the 50% budget no
 *              rule change can give back. Timed in the same process as plain
 *              parses of the same files, so the machine's drift cancels out.
 * Each mode runs in its own process: the migration's modules change
 * dockerfile-ast (src/dockerfile/ast-memo.ts), and the floor must be the
 * parser as published.
 * Files are read into memory first; the timed part is pure compute. Prints
 * one JSON line: files/s per CPU second and per wall-clock second (medians of
 * the rounds), peak RSS, outcome counts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const [mode, dir, roundsArg] = process.argv.slice(2);
const rounds = Number(roundsArg ?? 3);

function walk(d, out = []) {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

const files = walk(dir)
  .sort()
  .map((p) => ({ path: relative(dir, p), dir: dirname(p), bytes: readFileSync(p) }));

/** The floor's unit of work: one parse of a file's text with `parse` (dockerfile-ast's, unwrapped). */
const parseInput = (parse, f) => parse(f.bytes.toString('utf8')).getInstructions().length;

const counts = {};
let run;
if (mode === 'parse') {
  const { DockerfileParser } = await import('dockerfile-ast');
  const parse = DockerfileParser.parse.bind(DockerfileParser);
  run = (f) => parseInput(parse, f);
}
if (mode === 'migrate' || mode === 'parse-share') {
  const imp = (p) => import(pathToFileURL(join(root, 'dist', p)).href);
  const [{ migrateDecoded }, { decodeDockerfile }, { Catalog }, { allRules }, { withDefaults }] = await Promise.all([
    imp('src/cli/migrate-file.js'),
    imp('src/io/decode.js'),
    imp('src/catalog/catalog.js'),
    imp('rules/index.js'),
    imp('src/engine/options.js'),
  ]);
  const catalog = Catalog.builtin();
  const options = withDefaults();
  run = (f) => {
    const decoded = decodeDockerfile(f.bytes, f.path);
    const m = migrateDecoded({ displayPath: f.path, decoded, contextDir: f.dir, rules: allRules, catalog, options });
    counts[m.result.status] = (counts[m.result.status] ?? 0) + 1;
    return m.result.diff.length;
  };
}
if (run === undefined) {
  console.error('usage: throughput.mjs parse|migrate|parse-share <corpus-dir> [rounds]');
  process.exit(2);
}

let sink = 0;
// Warm-up: let the JIT see every code path once before timing.
for (const f of files.slice(0, 500)) sink += run(f);

/**
 * One round over the corpus: files per CPU second of the process, and per
 * wall-clock second. CPU time is the steadier figure when other load shares
 * the machine, but it also counts V8's background threads (optimizing
 * compiler, concurrent GC), which a migration keeps busy far more than a
 * parse: on an idle machine they run beside the main thread, so wall-clock
 * is what a user waits for. Both are reported.
 */
function round() {
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  for (const f of files) sink += run(f);
  const wall = (performance.now() - w0) / 1e3;
  const c = process.cpuUsage(c0);
  return { cpu: files.length / ((c.user + c.system) / 1e6), wall: files.length / wall };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
if (mode === 'parse-share') {
  console.log(JSON.stringify({ mode, files: files.length, ...(await parseShare(run)) }));
  process.exit(0);
}
const rates = [];
for (let i = 0; i < rounds; i++) {
  for (const k of Object.keys(counts)) delete counts[k];
  rates.push(round());
}
console.log(
  JSON.stringify({
    mode,
    files: files.length,
    filesPerSecond: median(rates.map((r) => r.cpu)),
    wallFilesPerSecond: median(rates.map((r) => r.wall)),
    rates,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    counts,
    sink: sink > 0,
  }),
);

/**
 * Wraps DockerfileParser.parse (the dist modules import the same package
 * instance and call it through the class) to count and time the parses a
 * migration makes, then times plain parses of the inputs right after, round
 * by round. Returns medians: parse calls per file and their cost in input
 * parses.
 */
async function parseShare(migrateOne) {
  const { DockerfileParser } = await import('dockerfile-ast');
  const parse = DockerfileParser.parse;
  let calls = 0;
  let inside = 0;
  DockerfileParser.parse = function timedParse(text) {
    calls++;
    const t0 = performance.now();
    const ast = parse.call(this, text);
    inside += performance.now() - t0;
    return ast;
  };
  const unwrapped = parse.bind(DockerfileParser);
  const plainParse = (f) => parseInput(unwrapped, f);
  for (const f of files.slice(0, 500)) sink += plainParse(f);
  const shares = [];
  const perFile = [];
  for (let i = 0; i < rounds; i++) {
    calls = 0;
    inside = 0;
    for (const f of files) sink += migrateOne(f);
    const t0 = performance.now();
    for (const f of files) sink += plainParse(f);
    shares.push(inside / (performance.now() - t0));
    perFile.push(calls / files.length);
  }
  DockerfileParser.parse = parse;
  return { parseCallsPerFile: median(perFile), parseCostInInputParses: median(shares) };
}

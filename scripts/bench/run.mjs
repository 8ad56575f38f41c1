/**
 * `npm run bench`: the performance figures of issue #8, measured in one run on
 * this machine, against the compiled dist/ (run `npm run build` first; the npm
 * script does). Targets are reported as PASS / FALLS SHORT lines, never as a
 * failing exit code: timings depend on the machine.
 *
 *   node scripts/bench/run.mjs [--count 5000] [--seed 1] [--runs 15]
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { writeCorpus } from './corpus.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const count = arg('count', 5000);
const seed = arg('seed', 1);
const runs = arg('runs', 15);
const bin = join(root, 'bin', 'dhi-migrate.js');
const benchDir = join(root, '.bench');
const corpusDir = join(benchDir, 'corpus');

if (!existsSync(join(root, 'dist', 'bundle', 'main.js'))) {
  console.error('dist/ missing: building');
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
}

const lines = [];
const say = (s = '') => {
  lines.push(s);
  console.log(s);
};
const verdict = (ok) => (ok ? 'PASS' : 'FALLS SHORT');
const fmt = (n, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
say(
  `dhi-migrate benchmark: Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${process.platform}; load average ${load()}`,
);
const files = writeCorpus(corpusDir, { count, seed });
const ecosystems = new Set(files.map((f) => f.ecosystem));
say(
  `corpus: ${files.length} files, ${new Set(files.map((f) => f.repo)).size} repositories, ${ecosystems.size} kinds, seed ${seed} (${corpusDir})`,
);
say();

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function child(mode, rounds) {
  const out = execFileSync(process.execPath, [join(root, 'scripts', 'bench', 'throughput.mjs'), mode, corpusDir, String(rounds)], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  return JSON.parse(out.trim().split('\n').at(-1));
}

// The two sides alternate, each in its own process, and the ratio is the
// median of neighbouring pairs: this machine's speed drifts (other virtual
// machines on the host), and two measurements minutes apart differed by up
// to 2x on their own.
const pairs = [];
for (let i = 0; i < 3; i++) pairs.push({ parse: child('parse', 2), migrate: child('migrate', 2) });
const parse = { filesPerSecond: median(pairs.map((p) => p.parse.filesPerSecond)) };
const migrate = {
  filesPerSecond: median(pairs.map((p) => p.migrate.filesPerSecond)),
  maxRssMB: Math.max(...pairs.map((p) => p.migrate.maxRssMB)),
  counts: pairs[0].migrate.counts,
};
const ratio = median(pairs.map((p) => p.migrate.filesPerSecond / p.parse.filesPerSecond));
const wallRatio = median(pairs.map((p) => p.migrate.wallFilesPerSecond / p.parse.wallFilesPerSecond));
const wallOf = (side) => median(pairs.map((p) => p[side].wallFilesPerSecond));
say(
  `parse only (dockerfile-ast):      ${fmt(parse.filesPerSecond)} files/s per CPU second (median of 3 processes); ${fmt(wallOf('parse'))} per wall-clock second`,
);
say(
  `full migration (rules + diff):    ${fmt(migrate.filesPerSecond)} files/s per CPU second; ${fmt(wallOf('migrate'))} per wall-clock second  (${Object.entries(
    migrate.counts,
  )
    .map(([k, v]) => `${v} ${k}`)
    .join(', ')})`,
);
say(
  `migration / parse-only:           ${fmt(ratio * 100, 1)}%   ${verdict(ratio >= 0.5)} (target >= 50%; CPU time, median of 3 alternated pairs)`,
);
// Wall-clock leaves out V8's background threads (optimizing compiler, GC), which the migration keeps busier.
say(`  same in wall-clock time:         ${fmt(wallRatio * 100, 1)}%`);
// Why the ratio can't reach 50% by tuning rules: the parses the fixed-point loop needs (see the README).
const share = child('parse-share', 3);
say(
  `  dockerfile-ast inside a migration: ${fmt(share.parseCallsPerFile, 2)} parses per file, costing ${fmt(share.parseCostInInputParses, 2)}x one parse of the input (50% leaves 2x for everything)`,
);
say(`peak RSS, migration of the corpus: ${fmt(migrate.maxRssMB, 1)} MB   ${verdict(migrate.maxRssMB < 300)} (target < 300 MB)`);

function wall(cmd, args, opts = {}) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], ...opts });
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}
/** CPU seconds (user + system) of this process's waited-for children, from /proc (Linux). */
function childCpu() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[13]) + Number(f[14])) / 100; // cutime + cstime, in USER_HZ (100)
  } catch {
    return NaN;
  }
}
/** Median wall time and mean CPU time (ms): on a busy machine the CPU figure is the steadier one. */
function timeCommand(cmd, args, opts) {
  wall(cmd, args, opts); // warm the file cache
  const c0 = childCpu();
  const walls = Array.from({ length: runs }, () => wall(cmd, args, opts));
  return { wall: median(walls), cpu: ((childCpu() - c0) * 1000) / runs };
}

const oneFile = join(benchDir, 'one', 'Dockerfile');
mkdirSync(dirname(oneFile), { recursive: true });
writeFileSync(oneFile, 'FROM python:3.12-slim-bookworm\nWORKDIR /app\nCOPY . .\nCMD ["python", "app.py"]\n');
const node = timeCommand(process.execPath, ['-e', '0']);
const cli = timeCommand(process.execPath, [bin, oneFile], { cwd: root });
// An option with a value takes the full command-line parser (yargs), which the plain form skips.
const cliJson = timeCommand(process.execPath, [bin, '--format', 'json', oneFile], { cwd: root });
const version = timeCommand(process.execPath, [bin, '--version']);
const startRatio = cli.wall / node.wall;
const cpuRatio = (x) => (Number.isFinite(x.cpu) ? `, CPU ${fmt(x.cpu, 0)} ms = ${fmt(x.cpu / node.cpu, 2)}x` : '');
say();
say(
  `node -e 0:                         ${fmt(node.wall, 1)} ms (median of ${runs}${Number.isFinite(node.cpu) ? `; CPU ${fmt(node.cpu, 0)} ms` : ''})`,
);
say(`dhi-migrate --version:             ${fmt(version.wall, 1)} ms (${fmt(version.wall / node.wall, 2)}x${cpuRatio(version)})`);
say(
  `dhi-migrate <one small file>:      ${fmt(cli.wall, 1)} ms (${fmt(startRatio, 2)}x${cpuRatio(cli)})   ${verdict(startRatio <= 3)} (target <= 3x)`,
);
say(`  same, --format json (yargs):     ${fmt(cliJson.wall, 1)} ms (${fmt(cliJson.wall / node.wall, 2)}x${cpuRatio(cliJson)})`);

say();
const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
if (!/\bbatch\b/.test(help.stdout ?? '')) {
  say('batch: not available (no `dhi-migrate batch` command in this build)');
} else {
  // Each generated repository is one batch repository (not the corpus as a whole).
  const reposList = join(benchDir, 'repos.txt');
  const patchDir = join(benchDir, 'patches');
  writeFileSync(reposList, [...new Set(files.map((f) => join(corpusDir, f.repo)))].join('\n') + '\n');
  /** One batch run: wall ms, CPU seconds of the whole process (all threads), files that hit an internal error. */
  const batchRun = (jobs) => {
    rmSync(patchDir, { recursive: true, force: true });
    const c0 = childCpu();
    const t0 = performance.now();
    const r = spawnSync(
      process.execPath,
      [bin, 'batch', '--jobs', String(jobs), '--repos-from', reposList, '--patch-dir', patchDir, '--quiet'],
      { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 28 },
    );
    const ms = performance.now() - t0;
    // 3 = some file hit a bug: the run still covers every repository, so its time counts; the count is shown.
    if (r.status !== 0 && r.status !== 1 && r.status !== 3)
      throw new Error(`batch --jobs ${jobs} exited ${r.status}: ${r.stderr?.slice(0, 500)}`);
    return { ms, cpu: childCpu() - c0, internal: (r.stderr.match(/internal error/g) ?? []).length };
  };
  try {
    // Alternated, so a change in the machine's load hits both sides alike.
    const runs1 = [];
    const runs2 = [];
    for (let i = 0; i < 3; i++) {
      runs1.push(batchRun(1));
      runs2.push(batchRun(2));
    }
    const summary = (rs) => ({ ms: median(rs.map((r) => r.ms)), cpu: median(rs.map((r) => r.cpu)), internal: rs[0].internal });
    const one = summary(runs1);
    const two = summary(runs2);
    const speedup = one.ms / two.ms;
    const cpus = (x) => (Number.isFinite(x.cpu) ? `; CPU ${fmt(x.cpu, 1)} s = ${fmt(x.cpu / (x.ms / 1000), 2)} cores busy` : '');
    say(`batch --jobs 1:                    ${fmt(one.ms)} ms (median of 3${cpus(one)})`);
    say(`batch --jobs 2:                    ${fmt(two.ms)} ms (median of 3${cpus(two)})`);
    if (one.internal > 0)
      say(`  (${one.internal} files end in an internal error (a rule bug, left unchanged); every repository is still processed and timed)`);
    say(`speed-up with 2 workers:           ${fmt(speedup, 2)}x   ${verdict(speedup >= 1.6)} (target >= 1.6x)`);
    const ceiling = await parallelCeiling();
    say(
      `  this machine's ceiling:          ${fmt(ceiling.speedup, 2)}x (the same migration work in 2 separate processes at once vs 1; median of 3)`,
    );
  } catch (err) {
    say(`batch: not available (${err.message.split('\n')[0]})`);
  }
}
/**
 * What two workers can give on this machine at best: the in-memory migration
 * (throughput.mjs, one round) in one process, then in two processes at once,
 * each doing the whole round. No threads, no I/O, nothing shared: if two
 * cores really ran this code twice as fast, this would say 2.00x.
 */
async function parallelCeiling() {
  const script = join(root, 'scripts', 'bench', 'throughput.mjs');
  const start = () => spawn(process.execPath, [script, 'migrate', corpusDir, '1'], { cwd: root, stdio: 'ignore' });
  const done = (c) =>
    new Promise((res, rej) => c.on('exit', (code) => (code === 0 ? res() : rej(new Error(`throughput.mjs exited ${code}`)))));
  const timed = async (n) => {
    const t0 = performance.now();
    await Promise.all(Array.from({ length: n }, () => done(start())));
    return performance.now() - t0;
  };
  const ratios = [];
  for (let i = 0; i < 3; i++) {
    const one = await timed(1);
    const two = await timed(2);
    ratios.push((2 * one) / two);
  }
  return { speedup: median(ratios) };
}

say();
say(`load average at the end: ${load()}`);

mkdirSync(benchDir, { recursive: true });
writeFileSync(join(benchDir, 'last-run.txt'), lines.join('\n') + '\n');

/**
 * Go and Rust: the compiled binary moves onto the dated `static` image
 * (`-glibc` for binaries linked against glibc, `-musl` on Alpine), and the
 * start command points at it as before.
 */
import { basename, joinPath, resolvePath } from '../paths.js';
import { unwrap, type RunCommand } from '../stage-facts.js';
import { isAlpine, staticOnSameDistro } from '../runtime-image.js';
import { copiesOf, optionValue, programPath } from './common.js';
import type { EcosystemOutcome, EcosystemPlan, SplitInput } from './types.js';

/** The PATH a container gets when its image sets none (the static images set none). */
const DEFAULT_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

interface Output {
  path: string;
  cmd: RunCommand;
}

/** `go build` flags that take a separate value. */
const GO_VALUE_FLAGS = new Set([
  '-o',
  '-ldflags',
  '-gcflags',
  '-asmflags',
  '-tags',
  '-mod',
  '-modfile',
  '-p',
  '-buildmode',
  '-compiler',
  '-installsuffix',
  '-overlay',
  '-pkgdir',
  '-pgo',
  '-toolexec',
  '-C',
  '-covermode',
  '-coverpkg',
  '-gccgoflags',
  '-exec',
]);

export function goPlan(input: SplitInput): EcosystemOutcome {
  const { facts } = input;
  const builds = facts.commands.filter((c) => basename(c.words[0] ?? '') === 'go' && (c.words[1] === 'build' || c.words[1] === 'install'));
  const module = moduleName(input.ctx.buildContext.readFile('go.mod'));
  const outputs: Output[] = [];
  for (const cmd of builds) {
    const path = goOutput(cmd, module);
    if (path) outputs.push({ path, cmd });
  }
  const cgo = builds.map((c) => c.env['CGO_ENABLED']).find((v) => v !== undefined);
  const kind = cgo === '0' ? 'static' : isAlpine(input.image) ? 'musl' : 'glibc';
  const notes =
    cgo === undefined && builds.length > 0
      ? [`CGO_ENABLED is not set, so the binary may link ${kind === 'musl' ? 'musl' : 'glibc'} dynamically: the -${kind} variant runs both`]
      : [];
  return binaryPlan(input, 'go', 'go build', outputs, kind, notes, []);
}

export function rustPlan(input: SplitInput): EcosystemOutcome {
  const { facts } = input;
  const outputs: Output[] = [];
  const manifest = cargoBins(input.ctx.buildContext.readFile('Cargo.toml'));
  for (const cmd of facts.commands) {
    if (basename(cmd.words[0] ?? '') !== 'cargo' || cmd.cwd === null) continue;
    const w = cmd.words;
    if (w[1] === 'install') {
      // `cargo install --path .` puts the binary in <root>/bin: --root, CARGO_INSTALL_ROOT, CARGO_HOME.
      const root = optionValue(w, ['--root']) ?? cmd.env['CARGO_INSTALL_ROOT'] ?? cmd.env['CARGO_HOME'];
      const bins = w.flatMap((x, i) => (x === '--bin' ? [w[i + 1]!] : []));
      if (root && !root.includes('$'))
        for (const name of bins.length > 0 ? bins : manifest) outputs.push({ path: resolvePath(cmd.cwd, `${root}/bin/${name}`), cmd });
      continue;
    }
    if (w[1] !== 'build') continue;
    const profile = optionValue(w, ['--profile']) ?? (w.includes('--release') || w.includes('-r') ? 'release' : 'dev');
    const triple = optionValue(w, ['--target']);
    const targetDir = optionValue(w, ['--target-dir']) ?? cmd.env['CARGO_TARGET_DIR'] ?? 'target';
    const bins = [...w.flatMap((x, i) => (x === '--bin' ? [w[i + 1]!] : x.startsWith('--bin=') ? [x.slice(6)] : []))];
    const names = bins.length > 0 ? bins : manifest;
    const dir = resolvePath(cmd.cwd, [targetDir, triple, profile === 'dev' ? 'debug' : profile].filter(Boolean).join('/'));
    for (const name of names) outputs.push({ path: joinPath(dir, name), cmd });
    if (names.length === 0) outputs.push({ path: `${dir}/*`, cmd });
  }
  const alpine = isAlpine(input.image);
  const review = alpine
    ? []
    : [
        'Rust binaries linked against glibc usually also load libgcc_s.so.1, which the -glibc static image does not contain (it adds libc6 only): check with `ldd`, build for the musl target, or copy libgcc_s.so.1 from the build stage',
      ];
  return binaryPlan(input, 'rust', 'cargo build', outputs, alpine ? 'musl' : 'glibc', [], review);
}

function binaryPlan(
  input: SplitInput,
  ecosystem: string,
  tool: string,
  outputs: Output[],
  kind: 'static' | 'glibc' | 'musl',
  notes: string[],
  review: string[],
): EcosystemOutcome {
  const { ctx, facts, image, start } = input;
  const runtime = staticOnSameDistro(ctx.catalog, image, kind);
  if (!runtime) return { skip: `the catalog has no static${kind === 'static' ? '' : `-${kind}`} image on ${image.facts.distro}`, at: null };
  const plan: EcosystemPlan = {
    ecosystem,
    runtime,
    artifacts: [],
    notes: [...notes, 'only the binary is copied: copy any files it reads at run time (templates, config) by hand'],
    review: [...review],
  };

  // Every path each output was built at or copied to.
  const known = outputs.flatMap((o) => [o.path, ...copiesOf(facts.commands, o.path, o.cmd)]);
  const argv = start?.argv ? unwrap(start.argv) : null;
  if (!argv || argv.length === 0) {
    plan.review.push('the stage sets no start command, so the binary to run is unknown');
    for (const p of known.filter((k) => !k.includes('*'))) plan.artifacts.push({ path: p });
    return plan;
  }
  const program = argv[0]!;
  const path = programPath(program, facts.cwd);
  let match = path !== null ? known.find((k) => k === path) : undefined;
  if (path === null) {
    // A bare name is looked up on PATH: prefer the copy that lands in a PATH directory.
    const named = known.filter((k) => !k.endsWith('/*') && basename(k) === program);
    match = [...named].reverse().find((k) => DEFAULT_PATH.includes(k.slice(0, k.lastIndexOf('/')))) ?? named.at(-1);
    if (match && !DEFAULT_PATH.includes(match.slice(0, match.lastIndexOf('/')))) {
      plan.review.push(
        `the start command runs ${program} by name, but ${match} is not on the runtime image's default PATH; name it by its full path`,
      );
    }
  }
  // Cargo without a readable Cargo.toml: any binary directly in the profile directory.
  if (!match && path && known.some((k) => k.endsWith('/*') && path.startsWith(k.slice(0, -1)) && !path.slice(k.length - 1).includes('/')))
    match = path;
  if (match) {
    plan.artifacts.push({ path: match });
  } else if (path) {
    plan.artifacts.push({ path });
    const seen =
      outputs.length > 0
        ? `the ${tool} output${outputs.length > 1 ? 's' : ''} this tool can read (${outputs.map((o) => `${o.path} on line ${facts.line(o.cmd.instruction)}`).join(', ')})`
        : `a \`${tool}\` this tool can read`;
    plan.review.push(`the start command runs ${program}, which is not among ${seen}; check that ${path} is the binary`);
  } else {
    return {
      skip: `the start command runs \`${program}\`, which is not a binary built in this stage (no ${tool} output named ${program}); name the binary by its path`,
      at: start!.instructions.at(-1) ?? null,
    };
  }
  return plan;
}

/** Where `go build` / `go install` writes its binary. */
function goOutput(cmd: RunCommand, module: string | null): string | null {
  if (cmd.cwd === null) return null;
  const args = cmd.words.slice(2);
  const packages: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    if (GO_VALUE_FLAGS.has(w)) {
      i++;
      continue;
    }
    if (!w.startsWith('-')) packages.push(w);
  }
  // `go install example.com/tool@v1.2` names the binary after the path, not the version.
  const pkg = packages[0]?.replace(/@[^/]*$/, '');
  if (packages.length > 1 || pkg?.includes('...')) return null;
  let name = !pkg || pkg === '.' ? module : pkg.replace(/\/+$/, '').split('/').at(-1)!;
  if (name === '.' || name === '..' || !name) name = module ?? null;
  if (pkg && pkg.endsWith('.go')) name = pkg.slice(pkg.lastIndexOf('/') + 1, -3);
  if (cmd.words[1] === 'install') return name ? joinPath(cmd.env['GOBIN'] ?? '/go/bin', name) : null;
  const out = optionValue(args, ['-o']);
  if (out !== null) {
    if (out.includes('$')) return null;
    return out.endsWith('/') ? (name ? resolvePath(cmd.cwd, `${out}${name}`) : null) : resolvePath(cmd.cwd, out);
  }
  return name ? resolvePath(cmd.cwd, name) : null;
}

/** The binary name `go build` derives from go.mod: the module path's last element (without a /vN suffix). */
export function moduleName(gomod: string | undefined): string | null {
  const m = gomod === undefined ? null : /^\s*module\s+"?([^\s"]+)"?/m.exec(gomod);
  if (!m) return null;
  const parts = m[1]!.split('/');
  if (parts.length > 1 && /^v\d+$/.test(parts.at(-1)!)) parts.pop();
  return parts.at(-1)!;
}

/** Binary names from Cargo.toml: every [[bin]] name, else the package name. */
export function cargoBins(toml: string | undefined): string[] {
  if (toml === undefined) return [];
  const bins: string[] = [];
  let section = '';
  let pkgName: string | null = null;
  let hasBinSection = false;
  for (const raw of toml.split(/\r?\n/)) {
    const text = raw.replace(/#.*$/, '').trim();
    const header = /^\[\[?([^\]]+)\]\]?$/.exec(text);
    if (header) {
      section = header[1]!.trim();
      if (section === 'bin') hasBinSection = true;
      continue;
    }
    const kv = /^name\s*=\s*["']([^"']+)["']/.exec(text);
    if (!kv) continue;
    if (section === 'package') pkgName = kv[1]!;
    else if (section === 'bin') bins.push(kv[1]!);
  }
  if (hasBinSection && bins.length > 0) return bins;
  return pkgName ? [pkgName] : [];
}

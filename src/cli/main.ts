/**
 * Command-line entry: yargs wiring only. Each command lives in its own module;
 * exit codes are decided in ./errors.ts.
 *
 * Start-up cost matters (editors and pre-commit hooks run one file at a time),
 * so nothing is imported up front that a run may not need: a plain
 * `dhi-migrate [switches] [paths..]` is read without yargs (./plain-argv.ts),
 * and each command imports its modules when it runs.
 */
import { describeInternalError, EXIT_INTERNAL, EXIT_USAGE, UsageError } from './errors.js';
import { processIo, type Io } from './output.js';
import { UserCatalogError } from '../catalog/user-cache.js';
import { TOOL_VERSION } from './version.js';
import { readPlainArgv, type PlainArgs } from './plain-argv.js';

const migrationFlags = {
  bump: { type: 'boolean', description: 'Move versions the catalog lacks to the nearest newer line (--no-bump leaves them untouched)' },
  registry: { type: 'string', description: 'Registry of a DHI mirror (writes <registry>/<namespace>/dhi-<repo>)' },
  namespace: { type: 'string', description: 'Namespace (org) of a DHI mirror: <namespace>/dhi-<repo>' },
  target: { type: 'string', description: 'Build target stage: it is treated as the final stage' },
  distro: { choices: ['debian', 'alpine'] as const, description: "Distro family when the source doesn't say (latest, untagged)" },
  disable: { type: 'string', array: true, description: 'Rule id to skip (repeatable)' },
  split: {
    type: 'boolean',
    description: 'Split a final stage that builds things into build + runtime stages (--no-split keeps it on the -dev image)',
  },
} as const;

/** Where options come from besides the flags: config files and mapping files. */
const configFlags = {
  config: {
    type: 'string',
    description:
      'Use this config file for every Dockerfile (default: the nearest .dhi-migrate.yaml/.json or package.json "dhi-migrate" key above each one; --no-config: none)',
  },
  mappings: {
    type: 'string',
    description: 'YAML/JSON file of extra image mappings (source image -> DHI repo), over the config and built-in ones',
  },
  builtin: { type: 'boolean', description: '--no-builtin: use only your own mappings, not the built-in source-image table' },
} as const;

/** yargs-parser drops a lone `-`, so it travels through parsing under another name. */
const STDIN_TOKEN = '\u0000stdin';

/** What the default command and its siblings share: option parsing from argv, the migrate command. */
async function migrateModules() {
  const [migrate, config] = await Promise.all([import('./commands/migrate.js'), import('./config-options.js')]);
  return { ...migrate, ...config };
}

/** `process.argv` without node and the script (what yargs' hideBin gives for node). */
export async function main(argv: string[] = process.argv.slice(2), io: Io = processIo()): Promise<number> {
  try {
    const plain = readPlainArgv(argv);
    return plain ? await runPlain(plain, io) : await runWithYargs(argv, io);
  } catch (err) {
    if (err instanceof UsageError || err instanceof UserCatalogError || (await isConfigError(err))) {
      io.stderr(`dhi-migrate: ${(err as Error).message}\n`);
      return EXIT_USAGE;
    }
    io.stderr(describeInternalError(err) + '\n');
    return EXIT_INTERNAL;
  }
}

async function isConfigError(err: unknown): Promise<boolean> {
  const { ConfigError } = await import('../config/index.js');
  return err instanceof ConfigError;
}

/** The default command as yargs would run it for the same plain command line. */
async function runPlain({ paths, flags }: PlainArgs, io: Io): Promise<number> {
  const { configArgsFromArgv, migrateOptionsFromArgv, runMigrate } = await migrateModules();
  return runMigrate(
    {
      paths,
      write: flags.write ?? false,
      check: flags.check ?? false,
      format: 'diff',
      stdout: flags.stdout ?? false,
      quiet: flags.quiet ?? false,
      options: migrateOptionsFromArgv(flags),
      config: configArgsFromArgv(flags),
    },
    flags.color === false ? { ...io, color: false } : io,
  );
}

/**
 * Everything else. The batch command's options are declared by its module,
 * so that one is imported before parsing whenever `batch` is on the command
 * line (yargs runs a command's builder only then).
 */
async function runWithYargs(argv: string[], io: Io): Promise<number> {
  let exitCode = 0;
  const { default: yargs } = await import('yargs');
  const batch = argv.includes('batch') ? await import('./commands/batch.js') : null;
  const parser = yargs(argv.map((a) => (a === '-' ? STDIN_TOKEN : a)))
    .scriptName('dhi-migrate')
    .usage('$0 [paths..]\n\nMigrate Dockerfiles to Docker Hardened Images (dhi.io). Dry run by default: prints a unified diff.')
    .command(
      '$0 [paths..]',
      'Migrate Dockerfiles (default: the current directory)',
      (y) =>
        y
          .positional('paths', {
            type: 'string',
            array: true,
            default: ['.'],
            description: "Files or directories; '-' reads one Dockerfile from stdin",
          })
          .options(migrationFlags)
          .options(configFlags)
          .option('write', { type: 'boolean', default: false, description: 'Apply the changes in place (atomically)' })
          .option('check', { type: 'boolean', default: false, description: 'Exit 1 when any file would change; write nothing' })
          .option('format', {
            choices: ['diff', 'json', 'sarif', 'markdown'] as const,
            default: 'diff' as const,
            description: 'Output format: unified diff, JSON, SARIF 2.1.0 (code scanning) or Markdown (PR comment)',
          })
          .option('stdout', { type: 'boolean', default: false, description: 'Print the whole migrated file instead of a diff' })
          .option('quiet', { alias: 'q', type: 'boolean', default: false, description: 'No summary on stderr' })
          .option('interactive', {
            alias: 'i',
            type: 'boolean',
            default: false,
            description: 'Review change by change in the terminal, then write what you accepted',
          })
          .option('yes', {
            alias: 'y',
            type: 'boolean',
            default: false,
            description: 'With -i: accept every change without prompting (no terminal needed), write, print the summary',
          })
          .option('color', { type: 'boolean', description: '--no-color: no colour in human output (also NO_COLOR)' })
          .example('$0', 'dry run: diff for every Dockerfile under .')
          .example('$0 --write services/', 'migrate in place')
          .example('$0 --check', 'CI gate: exit 1 if anything would change')
          .example('cat Dockerfile | $0 - --stdout', 'filter one file'),
      async (a) => {
        const { configArgsFromArgv, migrateOptionsFromArgv, runMigrate } = await migrateModules();
        const runIo = a.color === false ? { ...io, color: false } : io;
        if (a.interactive || a.yes) {
          const clash = (['write', 'check', 'stdout'] as const).find((f) => a[f]) ?? (a.format === 'json' ? 'format' : undefined);
          if (clash) throw new UsageError(`--interactive cannot be combined with --${clash}`);
          const { runInteractive } = await import('./interactive/run.js');
          exitCode = await runInteractive(
            {
              paths: ((a.paths as string[] | undefined) ?? ['.']).map((p) => (p === STDIN_TOKEN ? '-' : p)),
              yes: a.yes,
              quiet: a.quiet,
              options: migrateOptionsFromArgv(a),
              config: configArgsFromArgv(a),
              columns: process.stdout.columns,
            },
            runIo,
          );
          return;
        }
        exitCode = await runMigrate(
          {
            paths: ((a.paths as string[] | undefined) ?? ['.']).map((p) => (p === STDIN_TOKEN ? '-' : p)),
            write: a.write,
            check: a.check,
            format: a.format,
            stdout: a.stdout,
            quiet: a.quiet,
            options: migrateOptionsFromArgv(a),
            config: configArgsFromArgv(a),
          },
          runIo,
        );
      },
    )
    .command(
      'map <image>',
      'Print the dhi.io reference the tool would write for an image (exit 1 when there is none)',
      (y) =>
        y
          .positional('image', { type: 'string', demandOption: true })
          .option('role', { choices: ['build', 'runtime'] as const, default: 'runtime' as const, description: 'Stage role' })
          .options(migrationFlags)
          .options(configFlags)
          .example('$0 map python:3.12-slim-bookworm --role build', 'dhi.io/python:3.12-debian12-dev'),
      async (a) => {
        const { configArgsFromArgv, migrateOptionsFromArgv, optionsForCwd } = await migrateModules();
        const { runMap } = await import('./commands/map.js');
        exitCode = runMap(a.image, a.role, optionsForCwd(configArgsFromArgv(a), io.cwd, migrateOptionsFromArgv(a)), io);
      },
    )
    .command(
      'verify [paths..]',
      'Build the original and the migrated Dockerfiles (docker, buildah or podman) and compare user, command, shell and size',
      (y) =>
        y
          .positional('paths', { type: 'string', array: true, default: ['.'], description: 'Files or directories' })
          .options(migrationFlags)
          .options(configFlags)
          .option('builder', {
            choices: ['docker', 'buildah', 'podman'] as const,
            description: 'Builder to use (default: docker when its engine answers, else buildah, else podman)',
          })
          .option('format', { choices: ['table', 'json'] as const, default: 'table' as const, description: 'Output format' })
          .option('keep-images', { type: 'boolean', default: false, description: 'Keep the dhi-migrate-verify/<hash>:before|after images' })
          .option('pull', {
            type: 'boolean',
            default: true,
            description: '--no-pull: use only local base images (buildah, podman: --pull=never)',
          })
          .option('buildah-root', {
            type: 'string',
            description: 'Keep all buildah state in DIR/storage and DIR/run (vfs driver, chroot isolation); env DHI_MIGRATE_BUILDAH_ROOT',
          })
          .option('timeout', { type: 'number', default: 900, description: 'Limit per build, in seconds' })
          .option('quiet', { alias: 'q', type: 'boolean', default: false, description: 'No progress or summary on stderr' })
          .example('$0 verify services/api', 'build services/api/Dockerfile before and after migration'),
      async (a) => {
        const { configArgsFromArgv, migrateOptionsFromArgv } = await migrateModules();
        const { runVerify } = await import('./commands/verify.js');
        exitCode = await runVerify(
          {
            paths: ((a.paths as string[] | undefined) ?? ['.']).map((p) => (p === STDIN_TOKEN ? '-' : p)),
            builder: a.builder ?? null,
            format: a.format,
            keepImages: a.keepImages,
            pull: a.pull,
            buildahRoot: a.buildahRoot ?? null,
            timeout: a.timeout,
            quiet: a.quiet,
            options: migrateOptionsFromArgv(a),
            config: configArgsFromArgv(a),
          },
          io,
        );
      },
    )
    .command(
      'batch [paths..]',
      'Migrate many repositories: patches (default), --write, --git-branch or --check, with Markdown/JSON reports',
      (y) => {
        const flags = y.options(migrationFlags).options(configFlags);
        return batch ? batch.batchOptions(flags) : flags;
      },
      async (a) => {
        const { batchArgsFromArgv, runBatch } = batch ?? (await import('./commands/batch.js'));
        exitCode = await runBatch(batchArgsFromArgv(a, io.cwd), io);
      },
    )
    .command('report', 'Work with batch reports', (y) =>
      y
        .command(
          'merge <reports..>',
          'Merge the JSON reports of the shards of a batch run',
          (m) =>
            m
              .positional('reports', {
                type: 'string',
                array: true,
                demandOption: true,
                description: 'JSON reports (--report-json) to merge',
              })
              .option('output', { alias: 'o', type: 'string', description: 'Write the merged JSON report to FILE (default: stdout)' })
              .option('markdown', { type: 'string', description: 'Also write the merged Markdown report to FILE' }),
          async (m) => {
            const { runReportMerge } = await import('./commands/report.js');
            exitCode = await runReportMerge({ reports: m.reports as string[], output: m.output ?? null, markdown: m.markdown ?? null }, io);
          },
        )
        .demandCommand(1, 'report: give a subcommand (merge)'),
    )
    .command('rules', 'List the rules with their summaries', {}, async () => {
      const { runRules } = await import('./commands/rules.js');
      exitCode = runRules(io);
    })
    .command(
      'explain <rule>',
      "Print a rule's documentation (why, with a before/after example)",
      (y) => y.positional('rule', { type: 'string', demandOption: true }).example('$0 explain base-image', ''),
      async (a) => {
        const { runExplain } = await import('./commands/rules.js');
        exitCode = runExplain(a.rule, io);
      },
    )
    .command('catalog', 'The DHI catalog snapshot: update it from a checkout, see which one is in use, list tags', (y) =>
      y
        .command(
          'update',
          "Regenerate the catalog from a local checkout of github.com/docker-hardened-images/catalog into the user's cache (used in preference to the built-in snapshot)",
          (u) =>
            u
              .option('from', { type: 'string', demandOption: true, description: 'Directory of the checkout (holds image/*/*/*.yaml)' })
              .example('$0 catalog update --from ~/src/dhi-catalog', ''),
          async (u) => {
            const { runCatalogUpdate } = await import('./commands/catalog.js');
            exitCode = await runCatalogUpdate(u.from, io);
          },
        )
        .command('info', 'Which catalog snapshot is in use, its commit and date', {}, async () => {
          const { runCatalogInfo } = await import('./commands/catalog.js');
          exitCode = runCatalogInfo(io);
        })
        .command(
          'show <repo>',
          "List a DHI repository's tags by distro and variant",
          (sh) => sh.positional('repo', { type: 'string', demandOption: true }).example('$0 catalog show python', ''),
          async (sh) => {
            const { runCatalogShow } = await import('./commands/catalog.js');
            exitCode = runCatalogShow(sh.repo, io);
          },
        )
        .demandCommand(1, 'catalog: give a subcommand (update, info, show)'),
    )
    .completion('completion', 'Print a bash/zsh completion script (add `source <(dhi-migrate completion)` to your shell profile)')
    .example('$0', 'dry run over the current directory: a unified diff on stdout')
    .example('$0 --write services/', 'migrate in place')
    .example('$0 --check --format sarif > dhi.sarif', 'CI: exit 1 when something would change; upload dhi.sarif to code scanning')
    .example('$0 --mappings corp-images.yaml --no-builtin', 'only your own image mappings')
    .example('$0 explain base-image', "a rule's documentation")
    .epilogue(
      'Config: the nearest .dhi-migrate.yaml / .dhi-migrate.json / package.json "dhi-migrate" key above each Dockerfile; flags override it. Docs: README.md#configuration',
    )
    .strict()
    .version(TOOL_VERSION)
    .help()
    .wrap(Math.min(100, process.stdout.columns || 80))
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    });

  await parser.parseAsync();
  return exitCode;
}

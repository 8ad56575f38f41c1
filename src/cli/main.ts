/**
 * Command-line entry: yargs wiring only. Each command lives in its own module;
 * exit codes are decided in ./errors.ts.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { describeInternalError, EXIT_INTERNAL, EXIT_USAGE, UsageError } from './errors.js';
import { processIo, type Io } from './output.js';
import { migrateOptionsFromArgv, runMigrate } from './commands/migrate.js';
import { runMap } from './commands/map.js';
import { runRules } from './commands/rules.js';
import { TOOL_VERSION } from './version.js';

const migrationFlags = {
  bump: { type: 'boolean', default: true, description: 'Move versions the catalog lacks to the nearest newer line (--no-bump leaves them untouched)' },
  registry: { type: 'string', description: 'Registry of a DHI mirror (writes <registry>/<namespace>/dhi-<repo>)' },
  namespace: { type: 'string', description: 'Namespace (org) of a DHI mirror: <namespace>/dhi-<repo>' },
  target: { type: 'string', description: 'Build target stage: it is treated as the final stage' },
  distro: { choices: ['debian', 'alpine'] as const, description: "Distro family when the source doesn't say (latest, untagged)" },
  disable: { type: 'string', array: true, description: 'Rule id to skip (repeatable)' },
  split: { type: 'boolean', default: true, description: 'Split a final stage that builds things into build + runtime stages (--no-split keeps it on the -dev image)' },
} as const;

/** yargs-parser drops a lone `-`, so it travels through parsing under another name. */
const STDIN_TOKEN = '\u0000stdin';

export async function main(argv: string[] = hideBin(process.argv), io: Io = processIo()): Promise<number> {
  let exitCode = 0;
  const parser = yargs(argv.map((a) => (a === '-' ? STDIN_TOKEN : a)))
    .scriptName('dhi-migrate')
    .usage('$0 [paths..]\n\nMigrate Dockerfiles to Docker Hardened Images (dhi.io). Dry run by default: prints a unified diff.')
    .command(
      '$0 [paths..]',
      'Migrate Dockerfiles (default: the current directory)',
      (y) =>
        y
          .positional('paths', { type: 'string', array: true, default: ['.'], description: "Files or directories; '-' reads one Dockerfile from stdin" })
          .options(migrationFlags)
          .option('write', { type: 'boolean', default: false, description: 'Apply the changes in place (atomically)' })
          .option('check', { type: 'boolean', default: false, description: 'Exit 1 when any file would change; write nothing' })
          .option('format', { choices: ['diff', 'json'] as const, default: 'diff' as const, description: 'Output format' })
          .option('stdout', { type: 'boolean', default: false, description: 'Print the whole migrated file instead of a diff' })
          .option('quiet', { alias: 'q', type: 'boolean', default: false, description: 'No summary on stderr' })
          .example('$0', 'dry run: diff for every Dockerfile under .')
          .example('$0 --write services/', 'migrate in place')
          .example('$0 --check', 'CI gate: exit 1 if anything would change')
          .example('cat Dockerfile | $0 - --stdout', 'filter one file'),
      async (a) => {
        exitCode = await runMigrate(
          {
            paths: ((a.paths as string[] | undefined) ?? ['.']).map((p) => (p === STDIN_TOKEN ? '-' : p)),
            write: a.write,
            check: a.check,
            format: a.format,
            stdout: a.stdout,
            quiet: a.quiet,
            options: migrateOptionsFromArgv(a),
          },
          io,
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
          .example('$0 map python:3.12-slim-bookworm --role build', 'dhi.io/python:3.12-debian12-dev'),
      (a) => {
        exitCode = runMap(a.image, a.role, migrateOptionsFromArgv(a), io);
      },
    )
    .command('rules', 'List the rules with their summaries', {}, () => {
      exitCode = runRules(io);
    })
    .strict()
    .version(TOOL_VERSION)
    .help()
    .wrap(Math.min(100, process.stdout.columns || 80))
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    });

  try {
    await parser.parseAsync();
    return exitCode;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`dhi-migrate: ${err.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr(describeInternalError(err) + '\n');
    return EXIT_INTERNAL;
  }
}

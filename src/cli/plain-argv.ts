/**
 * The common invocation without yargs: `dhi-migrate [flags] [paths..]` with
 * only paths and a few plain switches, as editors and pre-commit hooks run it.
 *
 * Importing yargs and building the command tree costs more than the rest of
 * a one-file run together (yargs, its help layout and string-width's
 * Unicode tables are loaded before a single argument is read). For a command
 * line this simple every parser reads it the same way, so it is read here;
 * anything else (a subcommand, an option taking a value, `--help`, `--`, an
 * unknown flag, a path that a parser could read as a number) returns null and
 * goes through yargs as before, which then also reports any mistake.
 */

/** The default command's switches this reader accepts, and the argv key each sets. */
const SWITCHES: Readonly<Record<string, readonly [key: string, value: boolean]>> = {
  '--check': ['check', true],
  '--write': ['write', true],
  '--stdout': ['stdout', true],
  '--quiet': ['quiet', true],
  '-q': ['quiet', true],
  '--no-color': ['color', false],
  '--no-split': ['split', false],
  '--no-bump': ['bump', false],
};

/** Words yargs would take as a command rather than a path. */
const COMMANDS = new Set(['map', 'verify', 'batch', 'report', 'rules', 'explain', 'catalog', 'completion', 'help']);

/** What yargs-parser reads as a number (it would still keep a string-typed positional, but why rely on it). */
const NUMBER = /^(?:0x[\da-f]+|[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?)$/i;

export interface PlainArgs {
  paths: string[];
  /** The switches given, under the keys yargs would use (`color: false` for --no-color). */
  flags: Record<string, boolean>;
}

export function readPlainArgv(argv: readonly string[]): PlainArgs | null {
  const paths: string[] = [];
  const flags: Record<string, boolean> = {};
  for (const word of argv) {
    const sw = SWITCHES[word];
    if (sw) {
      if (sw[0] in flags) return null; // repeated: leave duplicates to yargs
      flags[sw[0]] = sw[1];
      continue;
    }
    if (word === '-') {
      paths.push(word);
      continue;
    }
    if (word === '' || word.startsWith('-') || COMMANDS.has(word) || NUMBER.test(word)) return null;
    paths.push(word);
  }
  // The first path is where yargs looks for a command; an empty list means the default '.'.
  return { paths: paths.length > 0 ? paths : ['.'], flags };
}

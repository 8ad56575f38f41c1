/**
 * The command line both data generators share (scripts/generate-catalog.mjs,
 * scripts/generate-doi-facts.mjs):
 *
 *   node scripts/<generator>.mjs [input.json] [--out output.json | --out=output.json]
 *
 * Reads the input, writes generate(text) to the output (directories made),
 * prints one summary line; any problem is one line on stderr and exit 2.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** True when the module at `moduleUrl` is the script node was started with. */
export function isMainModule(moduleUrl) {
  return Boolean(process.argv[1]) && moduleUrl === pathToFileURL(resolve(process.argv[1])).href;
}

/**
 * @param {{ name: string, defaultInput: string, defaultOutput: string,
 *           generate: (text: string) => string, summary: (result: string) => string }} g
 */
export function runGenerator(g) {
  const fail = (message) => {
    throw new Error(`${g.name}: ${message}`);
  };
  try {
    let input = g.defaultInput;
    let output = g.defaultOutput;
    const argv = process.argv.slice(2);
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i];
      if (arg === '--out') output = resolve(argv[++i] || fail('--out needs a path'));
      else if (arg.startsWith('--out=')) output = resolve(arg.slice('--out='.length));
      else if (arg.startsWith('-')) fail(`unknown option ${arg}`);
      else input = resolve(arg);
    }
    let text;
    try {
      text = readFileSync(input, 'utf8');
    } catch (err) {
      fail(`cannot read ${input}: ${err.message}`);
    }
    const result = g.generate(text);
    mkdirSync(dirname(output), { recursive: true });
    writeFileSync(output, result);
    process.stdout.write(`wrote ${output}: ${g.summary(result)}\n`);
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
}

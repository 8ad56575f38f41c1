/**
 * Across every rule and every fixture: a comment tied to an instruction
 * (`# hadolint ignore=...`, `# renovate: ...`) stays directly above that
 * instruction after the migration, whatever the rules insert or remove.
 * Each instruction gets a numbered marker; in the output every surviving
 * marker must sit on the line right above an instruction of the same kind.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { Catalog } from '../src/catalog/catalog.js';
import { parseDockerfile } from '../src/dockerfile/model.js';
import { migrateText } from '../src/engine/engine.js';
import { withDefaults } from '../src/engine/options.js';
import { directoryContext } from '../src/cli/migrate-file.js';

const root = join(import.meta.dirname, '..', 'fixtures');
const MARKER = /^[ \t]*# (hadolint ignore=DL|renovate: id=)(\d+)\r?$/;

function fixtureInputs(): { name: string; path: string; options: string; dir: string }[] {
  const out = [];
  for (const folder of readdirSync(root).sort()) {
    const dir = join(root, folder);
    if (!statSync(dir).isDirectory()) continue;
    for (const file of readdirSync(dir).sort()) {
      const m = /^(.*)\.(before|unchanged)\.Dockerfile$/.exec(file);
      if (m) out.push({ name: `${folder}/${m[1]}`, path: join(dir, file), options: join(dir, `${m[1]}.options.json`), dir });
    }
  }
  return out;
}

/** Inserts a marker above each instruction; returns the text and the keyword per marker id. */
function withMarkers(text: string): { text: string; keywords: Map<number, string> } {
  const model = parseDockerfile(text);
  const keywords = new Map<number, string>();
  let out = text;
  // Back to front so offsets stay valid.
  [...model.instructions].reverse().forEach((ins, i) => {
    const id = model.instructions.length - 1 - i;
    keywords.set(id, ins.keyword);
    const marker = id % 2 === 0 ? `# hadolint ignore=DL${id}` : `# renovate: id=${id}`;
    out = out.slice(0, ins.lineStart) + ins.indent + marker + model.eol + out.slice(ins.lineStart);
  });
  return { text: out, keywords };
}

describe('tied comments stay directly above their instruction (every rule, every fixture)', () => {
  for (const f of fixtureInputs()) {
    it(f.name, () => {
      const raw = readFileSync(f.path, 'utf8').replace(/^\uFEFF/, '');
      if (/^#\s*dhi-migrate\s+ignore-file/m.test(raw)) return;
      const { text, keywords } = withMarkers(raw);
      const options = withDefaults(existsSync(f.options) ? JSON.parse(readFileSync(f.options, 'utf8')) : {});
      const res = migrateText({ text, rules: allRules, catalog: Catalog.builtin(), options, buildContext: directoryContext(f.dir) });
      const out = parseDockerfile(res.output);
      const lines = res.output.split('\n');
      const startLines = new Map(out.instructions.map((i) => [i.startLine, i.keyword] as const));
      for (let n = 0; n < lines.length; n++) {
        const m = MARKER.exec(lines[n]!);
        if (!m) continue;
        const id = Number(m[2]);
        expect(startLines.get(n + 1), `marker ${id} (above ${keywords.get(id)}) at line ${n + 1} is no longer directly above it:\n${res.output}`).toBe(
          keywords.get(id),
        );
      }
    });
  }
});

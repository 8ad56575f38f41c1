import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DockerfileParser } from 'dockerfile-ast';
import { buildModel, parseDockerfile, type DockerfileModel, type InstructionInfo, type ParseOptions } from '../dockerfile/model.js';
import { applyEdits, editsConflict } from './edits.js';
import { reparseDockerfile } from './reparse.js';
import type { Edit, Rule } from './types.js';
import { migrateText } from './engine.js';
import { allRules } from '../../rules/index.js';
import { Catalog } from '../catalog/catalog.js';
import { withDefaults } from './options.js';
import { packageRoot } from '../package-root.js';

/** A parse that never comes from parseDockerfile's cache of recent models. */
function fullParse(text: string, opts: ParseOptions = {}): DockerfileModel {
  const ast = DockerfileParser.parse(text);
  return buildModel(text, ast.getInstructions(), ast.getEscapeCharacter(), opts, () => ast);
}

/** Everything a rule can read from a model, as plain data (node answers included). */
function describeModel(m: DockerfileModel): unknown {
  const at = (ins: InstructionInfo) => m.instructions.indexOf(ins);
  const node = (ins: InstructionInfo) => {
    const n = ins.node as unknown as Record<string, (() => unknown) | undefined>;
    const call = (name: string) => (typeof n[name] === 'function' ? n[name]!.call(ins.node) : undefined);
    const args = ins.node.getArguments().map((a) => [a.getValue(), a.getRange()]);
    const heredocs = (call('getHeredocs') as { getContentRange(): unknown; getDelimiterRange(): unknown }[] | undefined)?.map((h) => [
      h.getContentRange(),
      h.getDelimiterRange(),
    ]);
    const flags = (call('getFlags') as { getName(): string; getValue(): string | null }[] | undefined)?.map((f) => [
      f.getName(),
      f.getValue(),
    ]);
    return {
      range: ins.node.getRange(),
      text: ins.node.getTextContent(),
      content: ins.node.getArgumentsContent(),
      raw: ins.node.getRawArgumentsContent(),
      argsRange: ins.node.getArgumentsRange(),
      args,
      heredocs,
      flags,
      image: call('getImage'),
      stage: call('getBuildStage'),
    };
  };
  return {
    text: m.text,
    eol: m.eol,
    escapeChar: m.escapeChar,
    finalStage: m.finalStage,
    heredocBodies: m.heredocBodies,
    instructions: m.instructions.map((i) => ({ ...i, node: node(i) })),
    globalArgs: m.globalArgs.map((a) => ({ ...a, instruction: at(a.instruction) })),
    stages: m.stages.map((s) => ({
      ...s,
      from: { ...s.from, instruction: at(s.from.instruction), argUses: s.from.argUses.map((u) => ({ ...u, decl: u.decl?.name ?? null })) },
      instructions: s.instructions.map(at),
    })),
  };
}

function dockerfilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? dockerfilesUnder(join(dir, e.name)) : /Dockerfile/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

const texts = [
  ...dockerfilesUnder(join(packageRoot(), 'fixtures')).map((p) => readFileSync(p, 'utf8').replace(/^\uFEFF/, '')),
  // Continuations and heredocs next to lines an edit may touch.
  'FROM a\nRUN x \\\n\n\n',
  'FROM a\nRUN x \\\n# c\n',
  'FROM a\nRUN x \\\n  # c\n  y\nCMD ["z"]\n',
  'FROM a\r\nRUN <<EOF\r\necho \\\r\nEOF\r\nCOPY a b\r\n',
  '# escape=`\nFROM a\nRUN x `\n  y\nRUN z\n',
  'FROM a\nRUN <<A <<B\na\nA\nb\nB\nUSER 1\n',
];

/** Edits a rule might make (and some it never would), built on the instructions of a model. */
function editAt(m: DockerfileModel, ins: InstructionInfo, kind: number): Edit {
  const lastLineEnd = m.lines.nextLineStart(ins.endLine);
  const eol = m.eol;
  switch (kind) {
    case 0: // replace the arguments of the first line (a FROM image, a CMD)
      return {
        start: ins.range.start + ins.keyword.length,
        end: Math.min(m.lines.nextLineStart(ins.startLine), ins.range.end),
        text: ' x:1',
      };
    case 1: // a new instruction above
      return { start: ins.lineStart, end: ins.lineStart, text: `USER nonroot${eol}` };
    case 2: // a new instruction below
      return {
        start: lastLineEnd,
        end: lastLineEnd,
        text: `${lastLineEnd === m.text.length && !m.text.endsWith('\n') ? eol : ''}USER 1000${eol}`,
      };
    case 3: // the instruction removed
      return { start: ins.lineStart, end: lastLineEnd, text: '' };
    case 4: // a line continuation that swallows the next line
      return { start: ins.range.end, end: ins.range.end, text: ' \\' };
    case 5: // a heredoc, terminated
      return { start: ins.lineStart, end: ins.lineStart, text: `RUN <<EOF${eol}echo hi${eol}EOF${eol}` };
    case 6: // a heredoc never terminated: it runs to the end of the file
      return { start: ins.lineStart, end: ins.lineStart, text: `RUN <<EOF${eol}` };
    case 7: // a parser directive at the top
      return { start: 0, end: 0, text: `# escape=\`${eol}` };
    case 8: // an instruction at the end of the file
      return { start: m.text.length, end: m.text.length, text: `USER 1000${eol}` };
    default: // a comment line
      return { start: ins.lineStart, end: ins.lineStart, text: `# note${eol}` };
  }
}

describe('reparseDockerfile', () => {
  it('gives the same model as a full parse, for edits of every kind on every fixture', () => {
    fc.assert(
      fc.property(fc.nat(texts.length - 1), fc.array(fc.tuple(fc.nat(), fc.nat(9)), { minLength: 1, maxLength: 3 }), (t, picks) => {
        const before = parseDockerfile(texts[t]!);
        if (before.instructions.length === 0) return;
        const edits: Edit[] = [];
        for (const [i, kind] of picks) {
          const e = editAt(before, before.instructions[i % before.instructions.length]!, kind);
          if (!edits.some((o) => editsConflict(o, e) || (o.start < e.end && e.start < o.end))) edits.push(e);
        }
        const text = applyEdits(before.text, edits);
        const incremental = reparseDockerfile(before, edits, text, {});
        expect(describeModel(incremental)).toEqual(describeModel(fullParse(text)));
      }),
      { numRuns: Number(process.env.DHI_FUZZ_RUNS ?? 400) },
    );
  });

  it('gives the same model as a full parse at every pass of a real migration', () => {
    const catalog = Catalog.builtin();
    const seen: DockerfileModel[] = [];
    // Runs last in every pass and only looks: the models the rules saw, each after the first re-parsed.
    const recorder: Rule = { id: 'recorder', summary: '', docs: '', check: (ctx) => void seen.push(ctx.model) };
    let compared = 0;
    for (const text of texts) {
      for (const options of [withDefaults(), withDefaults({ split: false })]) {
        seen.length = 0;
        try {
          migrateText({ text, rules: [...allRules, recorder], catalog, options });
        } catch {
          continue; // inputs the CLI refuses before migrating
        }
        for (const model of seen.slice(1)) {
          expect(describeModel(model)).toEqual(describeModel(fullParse(model.text, { target: options.target })));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});

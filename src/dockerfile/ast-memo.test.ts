import { describe, expect, it } from 'vitest';
import { DockerfileParser, type Copy } from 'dockerfile-ast';
import { memoizeInstructionArguments } from './ast-memo.js';

memoizeInstructionArguments();

const values = (args: { getValue(): string }[]) => args.map((a) => a.getValue());

describe('memoized instruction arguments', () => {
  it('gives the same arguments on every call, even where dockerfile-ast shifts flags off the array', () => {
    const [, copy] = DockerfileParser.parse('FROM x\nCOPY --from=build --chown=app /src /dst\n').getInstructions() as [unknown, Copy];
    // ModifiableInstruction.getArguments removes one element per flag from what it is given:
    // a cached array handed out as is would lose two arguments per call.
    expect(values(copy.getArguments())).toEqual(['/src', '/dst']);
    expect(values(copy.getArguments())).toEqual(['/src', '/dst']);
    expect(copy.getFlags().map((f) => f.getName())).toEqual(['from', 'chown']);
    expect(copy.getArgumentsContent()).toBe('/src /dst');
    expect(values(copy.getArguments())).toEqual(['/src', '/dst']);
  });

  it('keeps arguments per instruction, across continuation lines', () => {
    const nodes = DockerfileParser.parse('FROM a AS b\nRUN echo one \\\n  two\nCMD ["x", "y"]\n').getInstructions();
    expect(nodes.map((n) => values(n.getArguments()))).toEqual([
      ['a', 'AS', 'b'],
      ['echo', 'one', 'two'],
      ['["x",', '"y"]'],
    ]);
    expect(nodes.map((n) => values(n.getArguments()))).toEqual([
      ['a', 'AS', 'b'],
      ['echo', 'one', 'two'],
      ['["x",', '"y"]'],
    ]);
  });

  it('installs once', () => {
    memoizeInstructionArguments();
    const [from] = DockerfileParser.parse('FROM a\n').getInstructions();
    expect(values(from!.getArguments())).toEqual(['a']);
  });
});

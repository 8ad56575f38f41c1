/**
 * dockerfile-ast recomputes an instruction's arguments on every call:
 * getRawArguments re-scans the instruction's text, and getArguments,
 * getFlags, getArgumentsContent, getImage... all call it again. Rules ask
 * the same instruction for its arguments many times per pass, and this was
 * a fifth of a migration's time. The tree is never modified here (output is
 * spliced text, see model.ts), so the scan's result can be kept per node.
 *
 * Callers get a fresh copy of the array each time: dockerfile-ast's own
 * ModifiableInstruction.getArguments shift()s the flags off the array it
 * receives. The Argument objects themselves are never changed after parsing.
 */
import { Instruction, type Argument } from 'dockerfile-ast';

const cached = Symbol('dhi-migrate.rawArguments');

interface Memo {
  [cached]?: Argument[];
}

let installed = false;

export function memoizeInstructionArguments(): void {
  if (installed) return;
  installed = true;
  const proto = Instruction.prototype as unknown as { getRawArguments(this: Instruction & Memo): Argument[] };
  const scan = proto.getRawArguments;
  proto.getRawArguments = function (this: Instruction & Memo): Argument[] {
    const args = (this[cached] ??= scan.call(this));
    return args.slice();
  };
}

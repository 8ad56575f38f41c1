/**
 * Why a stage needs a shell at run or build time. Shared by the rules that
 * pick an image variant and the rules that convert or report commands, so they
 * always agree.
 */
import type { InstructionInfo, Stage } from './model.js';
import { parseCommand, splitShellWords } from './command.js';

export interface ShellNeed {
  instruction: InstructionInfo;
  reason: string;
}

/** RUN lines, and shell-form commands that can't be turned into exec form. */
export function shellNeeds(stage: Stage): ShellNeed[] {
  const needs: ShellNeed[] = [];
  for (const ins of stage.instructions) {
    if (ins.keyword === 'RUN') {
      needs.push({ instruction: ins, reason: `RUN on line ${ins.startLine + 1}` });
      continue;
    }
    // ONBUILD RUN fires in every stage built FROM this one.
    if (ins.keyword === 'ONBUILD' && /^\s*run\b/i.test(ins.node.getArgumentsContent() ?? '')) {
      needs.push({ instruction: ins, reason: `ONBUILD RUN on line ${ins.startLine + 1}` });
      continue;
    }
    if (ins.keyword === 'CMD' || ins.keyword === 'ENTRYPOINT') {
      const cmd = parseCommand(ins.node.getArgumentsContent() ?? '');
      if (cmd.form === 'shell') {
        const words = splitShellWords(cmd.text);
        if (!words.ok) needs.push({ instruction: ins, reason: `shell-form ${ins.keyword} on line ${ins.startLine + 1} uses ${words.reason}` });
      }
    }
  }
  return needs;
}

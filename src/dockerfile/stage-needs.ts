/**
 * Why a stage needs a shell at run or build time. Shared by the rules that
 * pick an image variant and the rules that convert or report commands, so they
 * always agree.
 */
import type { DockerfileModel, InstructionInfo, Stage } from './model.js';
import type { MigrateOptions } from '../engine/options.js';
import { parseCommand, splitShellWords } from './command.js';
import { readRunChain } from './shell-chain.js';
import { readPragmas } from '../engine/pragmas.js';
import { isCaCertificates, isInstallHousekeeping, readInstall } from '../../rules/support/packages.js';

export interface ShellNeed {
  instruction: InstructionInfo;
  reason: string;
}

const CA_RULE = 'ca-certificates';

/** The file being migrated and the rules that are off (a RuleContext is one). */
export interface NeedsContext {
  model: DockerfileModel;
  options: Pick<MigrateOptions, 'disabledRules'>;
}

/**
 * RUN lines, and shell-form commands that can't be turned into exec form. A
 * RUN that only installs ca-certificates doesn't count while the
 * ca-certificates rule is on for it: that rule removes it from every stage on
 * a DHI image (they ship the certificates), so it must not keep a stage off
 * the runtime image, nor make the split move that stage into a build stage.
 */
export function shellNeeds(stage: Stage, ctx: NeedsContext): ShellNeed[] {
  const needs: ShellNeed[] = [];
  for (const ins of stage.instructions) {
    if (ins.keyword === 'RUN') {
      if (!caRuleRemoves(ctx, ins)) needs.push({ instruction: ins, reason: `RUN on line ${ins.startLine + 1}` });
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
        if (!words.ok)
          needs.push({ instruction: ins, reason: `shell-form ${ins.keyword} on line ${ins.startLine + 1} uses ${words.reason}` });
      }
    }
  }
  return needs;
}

function caRuleRemoves(ctx: NeedsContext, ins: InstructionInfo): boolean {
  if (ctx.options.disabledRules.includes(CA_RULE) || !onlyInstallsCaCertificates(ctx.model, ins)) return false;
  const ignored = readPragmas(ctx.model, new Set([CA_RULE])).ignored;
  return !ignored.some(
    (ig) => (ig.rules === null || ig.rules.has(CA_RULE)) && ins.range.start >= ig.range.start && ins.range.start < ig.range.end,
  );
}

/**
 * A shell-form RUN whose commands only install ca-certificates, plus the
 * housekeeping around it (`apt-get update`, `rm -rf /var/lib/apt/lists/*` ...):
 * exactly the RUNs the ca-certificates rule removes whole.
 */
export function onlyInstallsCaCertificates(model: DockerfileModel, ins: InstructionInfo): boolean {
  if (ins.keyword !== 'RUN') return false;
  const chain = readRunChain(model, ins);
  if (!chain.ok) return false;
  let installs = 0;
  for (const cmd of chain.chain.commands) {
    const install = readInstall(cmd);
    if (install && install.packages.length > 0 && install.packages.every((p) => isCaCertificates(cmd.words[p]!.value))) {
      installs++;
      continue;
    }
    if (!isInstallHousekeeping(cmd)) return false;
  }
  return installs > 0;
}

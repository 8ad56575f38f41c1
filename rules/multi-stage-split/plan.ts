/**
 * Whether (and how) the multi-stage split would split the final stage in this
 * pass. Other rules ask `splitPending` so they leave a final stage alone while
 * it is about to be split (its USER/CMD/EXPOSE move to the new final stage).
 *
 * STUB: the split rule (project issue "Multi-stage split") fills this in.
 */
import type { RuleContext } from '../../src/engine/types.js';

export interface SplitPlan {
  /** Index of the stage that becomes the build stage. */
  stageIndex: number;
}

export function planSplit(_ctx: RuleContext): SplitPlan | null {
  return null;
}

/** True when the split is enabled and would split the final stage in this pass. */
export function splitPending(ctx: RuleContext): boolean {
  if (!ctx.options.split || ctx.options.disabledRules.includes('multi-stage-split')) return false;
  return planSplit(ctx) !== null;
}

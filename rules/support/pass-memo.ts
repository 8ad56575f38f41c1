/**
 * One answer per pass for questions several rules ask. Within a pass every
 * rule sees the same model object, and what else an answer may depend on
 * (the input, options, catalog, build context) is fixed for a migration; so
 * an answer is kept per model and reused only when those are the same
 * objects too. Nothing is kept once the model is garbage.
 */
import type { DockerfileModel } from '../../src/dockerfile/model.js';
import type { RuleContext } from '../../src/engine/types.js';

export function oncePerPass<T>(compute: (ctx: RuleContext) => T): (ctx: RuleContext) => T {
  const byModel = new WeakMap<DockerfileModel, { key: readonly unknown[]; value: T }>();
  return (ctx) => {
    const key = [ctx.original, ctx.options, ctx.catalog, ctx.buildContext] as const;
    const hit = byModel.get(ctx.model);
    if (hit && hit.key.every((k, i) => k === key[i])) return hit.value;
    const value = compute(ctx);
    byModel.set(ctx.model, { key, value });
    return value;
  };
}

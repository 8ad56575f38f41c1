/** The ordered preset: every rule dhi-migrate runs by default. */
import type { Rule } from '../src/engine/types.js';
import { baseImageRule } from './base-image.js';

export const allRules: readonly Rule[] = [baseImageRule];

export function findRule(id: string): Rule | undefined {
  return allRules.find((r) => r.id === id);
}

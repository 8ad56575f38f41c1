/** What an ecosystem detector receives and what it decides. */
import type { ImageFacts } from '../../../src/catalog/catalog.js';
import type { StageImage } from '../../../src/catalog/stage-image.js';
import type { InstructionInfo } from '../../../src/dockerfile/model.js';
import type { RuleContext } from '../../../src/engine/types.js';
import type { StageFacts, startCommand } from '../stage-facts.js';

export interface SplitInput {
  ctx: RuleContext;
  facts: StageFacts;
  /** The build image the stage is on (a DHI `-dev`/`-sdk` image). */
  image: StageImage;
  /** The start command as the stage declares it, or null. */
  start: ReturnType<typeof startCommand>;
}

/** A path copied from the build stage into the runtime stage. */
export interface Artifact {
  /** Absolute path in the build stage. */
  path: string;
  /** Where it goes in the runtime stage (default: the same path). */
  dest?: string;
  /** Owned by the runtime user (the app writes there). */
  chown?: boolean;
}

export interface EcosystemPlan {
  /** Short name for messages: `node`, `python`, `go` ... */
  ecosystem: string;
  runtime: ImageFacts;
  artifacts: Artifact[];
  /** Lines inserted into the build stage before an instruction (the Python venv). */
  insertBefore?: { instruction: InstructionInfo; lines: string[] };
  /** Lines appended to the end of the build stage (pruning dev dependencies). */
  appendToBuild?: string[];
  /** ENV lines for the runtime stage, after the ENV carried over. */
  extraEnv?: string[];
  /** A rewritten start instruction (replaces the moved one). */
  command?: { instruction: InstructionInfo; keyword: 'CMD' | 'ENTRYPOINT'; argv: string[] };
  /** The runtime image's own command replaces the stage's (static site on nginx). */
  dropCommand?: boolean;
  /** Set WORKDIR in the runtime stage (default true). */
  keepWorkdir?: boolean;
  /** Said in the change message. */
  notes: string[];
  /** Reasons a human must check the result; the split is then a warning. */
  review: string[];
}

export type EcosystemOutcome = EcosystemPlan | { skip: string; at: InstructionInfo | null };

export function isSkip(o: EcosystemOutcome): o is { skip: string; at: InstructionInfo | null } {
  return 'skip' in o;
}

/**
 * Picks the ecosystem from the build image's repository and asks its detector
 * what to copy and which runtime image to use. Repositories without a
 * detector get the generic plan: the runtime variant of the same repository,
 * the working directory and the copied files.
 */
import { partnerTag } from '../../../src/catalog/mapping.js';
import { basename } from '../paths.js';
import { appDirectory } from './common.js';
import { goPlan, rustPlan } from './binaries.js';
import { dotnetPlan, javaPlan } from './jvm-dotnet.js';
import { nodePlan } from './node.js';
import { pythonPlan } from './python.js';
import { phpPlan, rubyPlan } from './scripting.js';
import { nginxPlan, servedDirectory, servedSitePlan } from './static-site.js';
import type { EcosystemOutcome, SplitInput } from './types.js';

const BY_REPO: Record<string, (input: SplitInput) => EcosystemOutcome> = {
  node: (input) => {
    const served = servedDirectory(input);
    return served ? servedSitePlan(input, served) : nodePlan(input);
  },
  python: pythonPlan,
  golang: goPlan,
  rust: rustPlan,
  maven: javaPlan,
  gradle: javaPlan,
  'eclipse-temurin': javaPlan,
  amazoncorretto: javaPlan,
  sapmachine: javaPlan,
  dotnet: dotnetPlan,
  ruby: rubyPlan,
  php: phpPlan,
  nginx: nginxPlan,
};

export function planEcosystem(input: SplitInput): EcosystemOutcome {
  return (BY_REPO[input.image.repo] ?? genericPlan)(input);
}

/** Package-manager housekeeping: RUN lines made only of these leave no app files behind. */
const PACKAGE_ONLY = /^(apt-get|apt|apk|rm|update-ca-certificates|dpkg-reconfigure|ln)$/;

function genericPlan(input: SplitInput): EcosystemOutcome {
  const { ctx, facts, image } = input;
  const runtime = partnerTag(image.repo, image.tag, 'runtime', ctx.catalog);
  if (!runtime) return { skip: `the catalog has no runtime variant of ${image.repo}:${image.tag}`, at: null };
  const app = appDirectory(facts, { fromImages: true });
  const review = [...app.review];
  const other = facts.commands.find((c) => !PACKAGE_ONLY.test(basename(c.words[0] ?? '')));
  if (other) {
    review.push(
      `no language ecosystem is recognised for ${image.repo}, and RUN on line ${facts.line(other.instruction)} (\`${other.words.slice(0, 3).join(' ')}\`) may create files outside the copied paths`,
    );
  }
  return { ecosystem: image.repo, runtime, artifacts: app.artifacts, notes: [], review };
}

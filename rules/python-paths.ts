/**
 * python-paths: the official python images install Python under /usr/local;
 * DHI python keeps it under /opt/python (Debian 12, Alpine 3.22) or /usr
 * (Debian 13). Dockerfiles that hand-copy an installation between stages by
 * the official paths keep building, or fail late, but the packages are no
 * longer on the interpreter's sys.path.
 */
import type { Rule } from '../src/engine/types.js';
import type { InstructionInfo } from '../src/dockerfile/model.js';
import { argumentsText, dhiStages, imageLabel, stageByRef, flagValue } from './support/final-stage.js';

/** The official images' locations that don't exist (or aren't used) on DHI python. */
const OFFICIAL_PATHS = [/^\/usr\/local\/lib\/python3(?:\.\d+)?(?:\/|$)/, /^\/usr\/local\/bin\/(?:python|pip)/];

export const pythonPathsRule: Rule = {
  id: 'python-paths',
  summary: "Report hand-copied Python installations that use the official image's /usr/local paths on DHI python",
  docs: `The official \`python\` images install Python under \`/usr/local\`; DHI python keeps it
under \`/opt/python\` (Debian 12 and Alpine 3.22 tags) or \`/usr\` (Debian 13). A
Dockerfile that moves an installation between stages by the official paths
(\`COPY --from=build /usr/local/lib/python3.12/site-packages ...\`, or
\`pip install --prefix=/install\` then \`COPY --from=build /install /usr/local\`)
copies nothing useful on DHI: the packages end up outside the interpreter's
\`sys.path\`, or the source path doesn't exist and the build fails at that COPY.
Each such COPY (and a \`PYTHONPATH\` naming those paths) is reported with the
fix: install into a virtual environment in the build stage
(\`python -m venv /opt/venv\`, \`ENV PATH=/opt/venv/bin:$PATH\`) and copy the
venv, which is what the multi-stage split writes. Reported only; the right
layout depends on the app.

Before (reported):
\`\`\`Dockerfile
FROM dhi.io/python:3.12-dev AS build
RUN pip install --prefix=/install flask
FROM dhi.io/python:3.12
COPY --from=build /install /usr/local
\`\`\`
After (by hand):
\`\`\`Dockerfile
FROM dhi.io/python:3.12-dev AS build
RUN python -m venv /opt/venv && /opt/venv/bin/pip install flask
FROM dhi.io/python:3.12
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
\`\`\``,
  check(ctx) {
    const stages = dhiStages(ctx);
    const pythonStages = new Set(stages.filter(({ image }) => image.repo === 'python').map(({ stage }) => stage.index));
    for (const { stage, image } of stages) {
      if (image.repo !== 'python') continue;
      const home = image.facts.path?.split(':').includes('/opt/python/bin') ? '/opt/python' : '/usr';
      const label = imageLabel(ctx, image);
      for (const ins of stage.instructions) {
        const problem = officialPathUse(ctx, ins, stage.index, pythonStages);
        if (!problem) continue;
        ctx.report({
          severity: 'warning',
          message: `${problem} on line ${ctx.originalLine(ins.range.start)}: ${label} keeps Python under ${home}, not /usr/local like the official image, so these packages are not on its sys.path (or the path doesn't exist in the source stage); create a venv in the build stage (python -m venv /opt/venv, ENV PATH=/opt/venv/bin:$PATH) and COPY --from that venv instead`,
          range: ins.range,
        });
      }
    }
  },
};

/** What in `ins` relies on the official layout, described for the message; null when nothing does. */
function officialPathUse(
  ctx: Parameters<Rule['check']>[0],
  ins: InstructionInfo,
  stageIndex: number,
  pythonStages: ReadonlySet<number>,
): string | null {
  if (ins.keyword === 'ENV') {
    const text = argumentsText(ctx.model, ins);
    return /PYTHONPATH[= ][^\n]*\/usr\/local\/lib\/python3/.test(text) ? 'PYTHONPATH names /usr/local/lib/python3…' : null;
  }
  if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') return null;
  const paths = ins.node
    .getArguments()
    .map((a) => a.getValue().replace(/^["'[]+|["',\]]+$/g, ''))
    .filter((p) => p !== '');
  if (paths.length < 2) return null;
  const dest = paths.at(-1)!;
  const sources = paths.slice(0, -1);
  const hit = [...sources, dest].find((p) => OFFICIAL_PATHS.some((re) => re.test(p)));
  if (hit) return `${ins.keyword} uses ${hit}`;
  const from = flagValue(ctx.model, ins, 'from');
  const fromStage = from ? stageByRef(ctx.model, from.value, stageIndex) : null;
  // Console scripts (flask, gunicorn) pip put in /usr/local/bin of an official image; DHI python puts them elsewhere.
  const script = fromStage !== null && pythonStages.has(fromStage) ? sources.find((p) => /^\/usr\/local\/bin\/./.test(p)) : undefined;
  if (script) return `${ins.keyword} uses ${script}`;
  // `pip install --prefix=/install` copied over /usr/local: only between stages.
  if (from && dest.replace(/\/+$/, '') === '/usr/local' && fromStage !== null) {
    return `COPY --from=${from.value} ${sources.join(' ')} ${dest} installs into /usr/local`;
  }
  return null;
}

/**
 * Reads a failed build's log: which instruction failed, in which stage, and
 * the most telling error line. Understands buildah/podman output, Docker
 * BuildKit's plain progress and the legacy Docker builder. Pure.
 */

export interface BuildFailure {
  /** The instruction that failed, e.g. `RUN npm ci`. */
  failedStep?: string;
  /** buildah/podman: `2/2` (stage of the step, multi-stage builds only); BuildKit: the stage name. */
  failedStage?: string;
  /** The most specific error line, e.g. `fork/exec /bin/sh: no such file or directory`. */
  error?: string;
}

// Errors that say more than the builder's summary line, whichever builder printed them.
const SPECIFIC = /(fork\/exec [^\n]*?no such file or directory|executable file not found in \$PATH)/;
// Builder chatter around a failing step: never the interesting line.
const CHATTER =
  /^(error running container|error building at STEP|Error:|ERROR:|subprocess exited|process exited|time="|level=|WARN\[|\s*---> |Removing intermediate|\[\d+\/\d+\] STEP|STEP \d)/;

export function parseBuildFailure(log: string): BuildFailure {
  if (/^#\d+ /m.test(log) || /^ > \[/m.test(log)) return parseBuildKit(log);
  if (/^Step \d+\/\d+ : /m.test(log)) return parseLegacyDocker(log);
  return parseBuildah(log);
}

/** buildah and podman: `[2/2] STEP 3/4: RUN ...` lines, then `building at STEP "...": ...`. */
function parseBuildah(log: string): BuildFailure {
  const steps = [...log.matchAll(/^(?:\[(\d+\/\d+)\] )?STEP \d+\/\d+: (.*)$/gm)];
  const last = steps.at(-1);
  // buildah escapes no quotes: `building at STEP "RUN echo "a b"": stat: "/x": no such file`. The
  // last STEP line names the step exactly; the regex is for logs without one.
  const known = last ? `building at STEP "${last[2]}": ` : null;
  const knownAt = known ? log.indexOf(known) : -1;
  const at = knownAt >= 0 ? null : /building at STEP "(.*?)": /.exec(log);
  const failureIndex = knownAt >= 0 ? knownAt : (at?.index ?? -1);
  const failedStep = at ? at[1] : last?.[2];
  const failureLine = failureIndex >= 0 ? log.lastIndexOf('\n', failureIndex) + 1 : -1;
  const stepOutput = last ? log.slice(last.index! + last[0].length, failureLine >= 0 ? failureLine : undefined) : '';
  const summary = knownAt >= 0 ? lineAt(log, knownAt + known!.length) : (log.match(/^Error: .*$/m)?.[0] ?? undefined);
  return { failedStep, failedStage: last?.[1], error: specific(log) ?? lastOutputLine(stepOutput) ?? summary };
}

function lineAt(text: string, from: number): string {
  const end = text.indexOf('\n', from);
  return text.slice(from, end < 0 ? undefined : end);
}

/** BuildKit `--progress=plain`: the ` > [stage n/m] INSTRUCTION:` block after the failure. */
function parseBuildKit(log: string): BuildFailure {
  const blocks = [...log.matchAll(/^ > \[([^\]]*)\] (.*):\n([\s\S]*?)^-{6}$/gm)];
  const block = blocks.at(-1);
  const summary = log.match(/^ERROR: failed to (?:solve|build): .*$/m)?.[0] ?? log.match(/^ERROR: .*$/m)?.[0];
  if (!block) return { error: specific(log) ?? summary };
  const [, label, instruction, output] = block;
  const metadata = /^load metadata for (.*)$/.exec(instruction);
  const failedStep = label === 'internal' && metadata ? `FROM ${metadata[1]}` : instruction;
  const stage = /^(.*?) ?\d+\/\d+$/.exec(label)?.[1] || undefined;
  const lines = output.split('\n').map((l) => l.replace(/^\d+(?:\.\d+)? /, ''));
  return {
    failedStep,
    failedStage: label === 'internal' ? undefined : stage,
    error: specific(log) ?? lastOutputLine(lines.join('\n')) ?? summary,
  };
}

/** The legacy builder: `Step 3/4 : RUN ...`, then `The command '...' returned a non-zero code: 1`. */
function parseLegacyDocker(log: string): BuildFailure {
  const steps = [...log.matchAll(/^Step \d+\/\d+ : (.*)$/gm)];
  const last = steps.at(-1);
  const tail = last ? log.slice(last.index! + last[0].length) : log;
  const summary = tail.match(/^The command .* returned a non-zero code: \d+$/m)?.[0];
  const outputEnd = summary ? tail.indexOf(summary) : undefined;
  return { failedStep: last?.[1], error: specific(log) ?? lastOutputLine(tail.slice(0, outputEnd)) ?? summary };
}

function specific(log: string): string | undefined {
  return SPECIFIC.exec(log)?.[1];
}

function lastOutputLine(text: string): string | undefined {
  return text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '' && !CHATTER.test(l))
    .at(-1);
}

/** The last `n` lines of a log, for reports. */
export function logTail(log: string, n = 20): string[] {
  return log.replace(/\s+$/, '').split('\n').slice(-n);
}

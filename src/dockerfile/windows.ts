/**
 * Windows-container Dockerfiles. Docker Hardened Images are Linux images, so
 * such a file has no migration; worse, rules reading it as a Linux file could
 * "map" `python:3.12-windowsservercore-ltsc2022` to a Linux image. The file is
 * left untouched and reported as skipped.
 *
 * A file counts as Windows when it shows evidence Linux files never do:
 *   - a Windows base image (mcr.microsoft.com/windows*, .NET Framework,
 *     microsoft/nanoserver|windowsservercore, any `*nanoserver*`,
 *     `*windowsservercore*` or `*ltsc20NN*` tag), or
 *   - a SHELL running cmd or Windows PowerShell (`powershell`), or
 *   - the backtick escape (`# escape=\``) together with a SHELL or RUN using
 *     pwsh/powershell/cmd.
 * The backtick escape alone is not enough (Linux files use it too), nor is
 * `pwsh` alone (PowerShell runs on Linux).
 */
import type { DockerfileModel, InstructionInfo } from './model.js';

const WINDOWS_IMAGE = [
  /^mcr\.microsoft\.com\/windows(?:\/|:|@|$)/,
  /^mcr\.microsoft\.com\/dotnet\/framework\//,
  /^(?:docker\.io\/)?microsoft\/(?:nanoserver|windowsservercore|dotnet-framework|iis|aspnet)(?::|@|$)/,
  /:[^/]*(?:nanoserver|windowsservercore|ltsc20\d\d)/,
];
/** Shells that exist only on Windows. */
const WINDOWS_ONLY_SHELL = /^(?:cmd|powershell)(?:\.exe)?$/i;
/** Shells a backtick-escaped file is likely to use on Windows. */
const WINDOWS_LIKE_SHELL = /^(?:cmd|powershell|pwsh)(?:\.exe)?$/i;

/** Why the file is a Windows-container Dockerfile, or null when it is not one. */
export function windowsContainerReason(model: DockerfileModel): string | null {
  for (const stage of model.stages) {
    const image = (stage.from.resolvedImage ?? stage.from.imageText ?? '').toLowerCase();
    if (image && WINDOWS_IMAGE.some((re) => re.test(image)))
      return `Windows base image ${stage.from.resolvedImage ?? stage.from.imageText}`;
  }
  const backtick = model.escapeChar === '`';
  for (const ins of model.instructions) {
    const program = programOf(ins);
    if (program === null) continue;
    if (ins.keyword === 'SHELL' && WINDOWS_ONLY_SHELL.test(program)) return `SHELL ${program} (line ${ins.startLine + 1})`;
    if (backtick && (ins.keyword === 'SHELL' || ins.keyword === 'RUN') && WINDOWS_LIKE_SHELL.test(program)) {
      return `escape character \` with ${ins.keyword} ${program} (line ${ins.startLine + 1})`;
    }
  }
  return null;
}

/** The one line a skipped Windows file gets in the report. */
export function describeWindowsSkip(reason: string): string {
  return `Windows container Dockerfile (${reason}): Docker Hardened Images are Linux images; left untouched`;
}

/** Basename of the program a SHELL (exec form) or RUN (first word) starts. */
function programOf(ins: InstructionInfo): string | null {
  let first: string | undefined;
  if (ins.keyword === 'SHELL') {
    const strings = (ins.node as unknown as { getJSONStrings?: () => { getJSONValue(): string }[] }).getJSONStrings?.() ?? [];
    first = strings[0]?.getJSONValue();
  } else if (ins.keyword === 'RUN') {
    first = ins.node.getArguments()[0]?.getValue();
  }
  if (!first) return null;
  return first.split(/[\\/]/).pop() ?? null;
}

/**
 * entrypoint-compat's checks of what an official entrypoint script did
 * besides starting the program: init directories and variables it read
 * (rules/support/entrypoint-features.ts) and, for postgres, where the data
 * directory is. Warnings only: the alternative needs a human.
 */
import type { RuleContext } from '../../src/engine/types.js';
import type { InstructionInfo } from '../../src/dockerfile/model.js';
import type { DoiImage } from '../../src/catalog/doi-images.js';
import { formatExecForm } from '../../src/dockerfile/command.js';
import { properties, readStage, type StageFacts } from '../multi-stage-split/stage-facts.js';
import { describeUser, joinList, type FinalTarget } from './final-stage.js';
import { POSTGRES_DATA, SCRIPT_FEATURES, inFeaturePath, readsVariable } from './entrypoint-features.js';

const base = (p: string): string => p.split('/').pop() ?? p;

/** An entrypoint that runs a script (`docker-entrypoint.sh`, `tini -- entrypoint.sh`), whose behaviour may match the official one. */
export function runsScript(entrypoint: readonly string[] | null): boolean {
  return (entrypoint ?? []).some((a) => {
    const b = base(a);
    return b.includes('entrypoint') || b.endsWith('.sh');
  });
}

function stageFacts(ctx: RuleContext, target: FinalTarget): StageFacts {
  return readStage(ctx.model, target.stage, target.image.facts.workdir, ctx.originalLine);
}

/** The facts of the stage and the stages it builds on, oldest first. */
function chain(facts: StageFacts): StageFacts[] {
  return [...facts.ancestors, facts];
}

/**
 * One warning per feature of the official entrypoint script the stage uses
 * (a COPY/ADD into its directories, an ENV it reads) when the DHI image
 * starts without that script. `ownEntrypoint`: the stage sets its own
 * ENTRYPOINT, so neither image's script runs and nothing is reported.
 */
export function lostScriptFeatures(ctx: RuleContext, target: FinalTarget, ownEntrypoint: boolean): void {
  const repo = target.image.repo;
  const features = SCRIPT_FEATURES.filter((f) => f.dhiRepos.includes(repo));
  const ep = target.image.facts.entrypoint;
  if (features.length === 0 || ownEntrypoint || runsScript(ep)) return;
  const facts = stageFacts(ctx, target);
  const stages = chain(facts);
  for (const feature of features) {
    const uses: { ins: InstructionInfo; text: string }[] = [];
    for (const s of stages) {
      for (const c of s.copies) {
        if (c.dest !== null && inFeaturePath(feature, c.dest))
          uses.push({ ins: c.instruction, text: `${c.keyword} into ${c.dest} on line ${facts.line(c.instruction)}` });
      }
    }
    // `envs` of the final stage already include those it inherits.
    for (const e of facts.envs) {
      const names = properties(e)
        .map((p) => p.getName())
        .filter((n) => readsVariable(feature, n));
      if (names.length > 0) uses.push({ ins: e, text: `ENV ${names.join(', ')} on line ${facts.line(e)}` });
    }
    if (uses.length === 0) continue;
    uses.sort((a, b) => a.ins.range.start - b.ins.range.start);
    const start = ep?.length
      ? `${target.label} starts ${base(ep[0]!)} directly (ENTRYPOINT ${formatExecForm(ep)})`
      : `${target.label} has no ENTRYPOINT`;
    ctx.report({
      severity: 'warning',
      message: `${joinList(uses.map((u) => u.text))}: the official ${feature.official} image's ${feature.script} ${feature.does}; ${start} and has no such script, so nothing does that: ${feature.instead}`,
      range: uses[0]!.ins.range,
    });
  }
}

/**
 * The official postgres image keeps its cluster elsewhere than DHI postgres
 * (`/var/lib/postgresql/data` up to 17, `/var/lib/postgresql/18/docker` from
 * 18; DHI `/var/lib/postgresql/<major>/data`), so a data volume from the
 * official image comes up empty. Silent when the stage sets PGDATA itself.
 */
export function postgresDataDir(ctx: RuleContext, target: FinalTarget, origin: DoiImage | null, originTag: string | null): void {
  if (origin?.image !== POSTGRES_DATA.official || target.image.repo !== POSTGRES_DATA.dhiRepo) return;
  const dhiMajor = leadingMajor(target.image.tag);
  if (dhiMajor === null) return;
  // `latest`, `alpine`, `trixie` ...: the line base-image chose.
  const officialMajor = leadingMajor(originTag ?? '') ?? dhiMajor;
  const before = POSTGRES_DATA.officialPgdata(officialMajor);
  const after = POSTGRES_DATA.dhiPgdata(dhiMajor);
  if (before === after) return;
  const facts = stageFacts(ctx, target);
  if (facts.envs.some((e) => properties(e).some((p) => p.getName() === 'PGDATA'))) return;

  const volume = chain(facts)
    .flatMap((s) => s.volumes)
    .flatMap((ins) => volumePaths(ins).map((path) => ({ ins, path })))
    .find((v) => covers(v.path, before));
  let message = `${origin.label} keeps its database in PGDATA=${before}, ${target.label} in ${after} and the stage sets no PGDATA, so a volume with data from the official image comes up as an empty cluster`;
  if (volume && !covers(volume.path, after))
    message += `, and VOLUME ${volume.path} on line ${facts.line(volume.ins)} no longer holds the database (its files are lost with the container)`;
  const officialUid = POSTGRES_DATA.officialUid[origin.variant];
  const user = target.user;
  const uidNote =
    user && user.uid !== null && officialUid !== undefined && user.uid !== officialUid
      ? `; the official image's files belong to uid ${officialUid} and ${target.label} runs as ${describeUser(user)}, so chown an existing volume`
      : '';
  ctx.report({
    severity: 'warning',
    message: `${message}: set ENV PGDATA=${before} to keep the old location, or move the data to ${after}${uidNote}`,
    range: (volume?.ins ?? target.stage.from.instruction).range,
  });
}

function leadingMajor(tag: string): number | null {
  const m = /^(\d+)/.exec(tag);
  return m ? Number(m[1]) : null;
}

/** VOLUME paths, in JSON or plain form. */
function volumePaths(ins: InstructionInfo): string[] {
  const text = ins.node.getArgumentsContent()?.trim() ?? '';
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed.filter((p): p is string => typeof p === 'string');
    } catch {
      // not JSON: plain words below
    }
  }
  return ins.node.getArguments().map((a) => a.getValue());
}

/** True when `dir` is `path` or one of its parents. */
function covers(dir: string, path: string): boolean {
  const d = dir.replace(/\/+$/, '') || '/';
  return d === '/' || path === d || path.startsWith(`${d}/`);
}

/**
 * ca-certificates: DHI images ship the CA certificates, so installing the
 * package is unneeded (and fails on runtime images, which have no package
 * manager). Steps that only install it go; a step installing it among other
 * packages drops just that word.
 */
import type { Rule } from '../src/engine/types.js';
import { readRunChain, removeCommands, removeWord } from '../src/dockerfile/shell-chain.js';
import { removeInstruction, replaceRange } from '../src/engine/edit-builder.js';
import { describeStage, dhiStages, imageLabel, joinList } from './support/final-stage.js';
import { isCaCertificates, isInstallHousekeeping, readInstall } from './support/packages.js';

const SHIPPED = 'DHI images already ship the CA certificates';

export const caCertificatesRule: Rule = {
  id: 'ca-certificates',
  summary: 'Drop ca-certificates installs from stages on DHI images, which already ship the certificates',
  docs: `Docker Hardened Images include the CA certificates, so installing
\`ca-certificates\` is unneeded (Docker's migration checklist says to drop it) and
fails outright on runtime images, which have no package manager. In every stage
on a DHI image: a \`RUN\` that only installs it (with its \`apt-get update\`, \`rm
-rf /var/lib/apt/lists/*\` ...) is removed; an install command that installs
only it is removed from its \`&&\` chain; an install of it among other packages
drops just that word, leaving the rest of the line byte-identical. A \`RUN\` that
can't be edited exactly (pipes, \`||\`, heredocs ...) is reported.

Before:
\`\`\`Dockerfile
FROM dhi.io/python:3.12-dev AS build
RUN apt-get update \\
 && apt-get install -y --no-install-recommends \\
      ca-certificates \\
      build-essential \\
 && rm -rf /var/lib/apt/lists/*
\`\`\`
After:
\`\`\`Dockerfile
FROM dhi.io/python:3.12-dev AS build
RUN apt-get update \\
 && apt-get install -y --no-install-recommends \\
      build-essential \\
 && rm -rf /var/lib/apt/lists/*
\`\`\``,
  check(ctx) {
    const { model } = ctx;
    for (const { stage, image } of dhiStages(ctx)) {
      const label = imageLabel(ctx, image);
      for (const ins of stage.instructions) {
        if (ins.keyword !== 'RUN') continue;
        const line = ctx.originalLine(ins.range.start);
        const chain = readRunChain(model, ins);
        if (!chain.ok) {
          const content = ins.node.getArgumentsContent() ?? '';
          if (
            /\b(apt-get|apt|apk|yum|dnf|microdnf|tdnf)\b[^\n]*\b(install|add)\b[^\n]*\bca-certificates\b/.test(
              content.replace(/\\\r?\n/g, ' '),
            )
          ) {
            ctx.report({
              severity: 'warning',
              message: `RUN on line ${line} (${describeStage(stage)}, ${label}) installs ca-certificates, which is unneeded (${SHIPPED}), but the RUN uses ${chain.reason}, so it can't be edited exactly: drop the package by hand`,
              range: ins.range,
            });
          }
          continue;
        }
        const cmds = chain.chain.commands;
        const installs = cmds.map((c) => readInstall(c));
        const withCa = installs
          .map((inst, k) => (inst && inst.packages.some((p) => isCaCertificates(cmds[k]!.words[p]!.value)) ? k : -1))
          .filter((k) => k >= 0);
        if (withCa.length === 0) continue;
        const onlyCa = (k: number): boolean => installs[k]!.packages.every((p) => isCaCertificates(cmds[k]!.words[p]!.value));
        const where = `${describeStage(stage)}, ${label}`;

        if (cmds.every((c, k) => (withCa.includes(k) && onlyCa(k)) || isInstallHousekeeping(c))) {
          ctx.report({
            severity: 'change',
            message: `RUN on line ${line} (${where}) only installs ca-certificates: removed, ${SHIPPED}`,
            range: ins.range,
            fix: [removeInstruction(ins, model)],
          });
          continue;
        }
        const whole = new Set(withCa.filter(onlyCa));
        const ranges = whole.size > 0 ? removeCommands(chain.chain, whole) : [];
        const dropped: string[] = [];
        let exact = ranges !== null;
        for (const k of withCa) {
          if (whole.has(k)) continue;
          // One word per command per pass: the removal ranges of two neighbouring words
          // (a package listed twice) share a separator; the next pass removes the next one.
          const p = installs[k]!.packages.find((q) => isCaCertificates(cmds[k]!.words[q]!.value))!;
          const r = removeWord(model.text, chain.chain, cmds[k]!, p);
          if (!r) exact = false;
          else ranges?.push(r);
          dropped.push(installs[k]!.manager);
        }
        if (!exact || !ranges) {
          ctx.report({
            severity: 'warning',
            message: `RUN on line ${line} (${where}) installs ca-certificates, which is unneeded (${SHIPPED}), but dropping it would also drop a comment inside the RUN: remove the package by hand`,
            range: ins.range,
          });
          continue;
        }
        const parts = [
          ...(whole.size > 0
            ? [`removed the ${joinList([...whole].map((k) => installs[k]!.manager))} command that installed only ca-certificates`]
            : []),
          ...(dropped.length > 0 ? [`dropped ca-certificates from the ${joinList(dropped)} install`] : []),
        ];
        ctx.report({
          severity: 'change',
          message: `RUN on line ${line} (${where}): ${parts.join('; ')}, ${SHIPPED}`,
          range: ins.range,
          fix: ranges.map((r) => replaceRange(r, '')),
        });
      }
    }
  },
};

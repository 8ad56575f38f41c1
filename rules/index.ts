/** The ordered preset: every rule dhi-migrate runs by default. */
import type { Rule } from '../src/engine/types.js';
import { baseImageRule } from './base-image.js';
import { nonRootUserRule } from './non-root-user.js';
import { userCreationRule } from './user-creation.js';
import { fileOwnershipRule } from './file-ownership.js';
import { execFormCommandRule } from './exec-form-command.js';
import { entrypointCompatRule } from './entrypoint-compat.js';
import { healthcheckRule } from './healthcheck.js';
import { privilegedPortRule } from './privileged-port.js';
import { caCertificatesRule } from './ca-certificates.js';
import { packageManagerRule } from './package-manager.js';
import { finalStageShellRule } from './final-stage-shell.js';
import { multiStageSplitRule } from './multi-stage-split/index.js';
import { pythonPathsRule } from './python-paths.js';

export const allRules: readonly Rule[] = [
  baseImageRule,
  multiStageSplitRule,
  nonRootUserRule,
  userCreationRule,
  fileOwnershipRule,
  execFormCommandRule,
  entrypointCompatRule,
  healthcheckRule,
  privilegedPortRule,
  caCertificatesRule,
  packageManagerRule,
  finalStageShellRule,
  pythonPathsRule,
];

export function findRule(id: string): Rule | undefined {
  return allRules.find((r) => r.id === id);
}

import type { UserMappings } from '../catalog/user-mappings.js';

/** Options that change what the rules produce. Shared by every front end. */
export interface MigrateOptions {
  /** Leave images whose version line the catalog lacks untouched instead of bumping. */
  noBump: boolean;
  /** Registry host for mirrored DHI images; null = dhi.io. */
  registry: string | null;
  /** Namespace (org) for mirrored images: writes `<registry>/<namespace>/dhi-<repo>`. */
  namespace: string | null;
  /** Build target stage name (its stage is the final one); null = last stage. */
  target: string | null;
  /** Rule ids that must not run. */
  disabledRules: string[];
  /** Distro family when the source doesn't say (e.g. `latest`); null = Debian. */
  preferDistro: 'debian' | 'alpine' | null;
  /** Split a final stage that builds things into build + runtime stages (--no-split keeps it on -dev). */
  split: boolean;
  /** The team's own image mappings (config `mappings:` / --mappings), over the built-in table. */
  mappings: UserMappings;
  /** false (--no-builtin / `builtinMappings: false`): only `mappings` apply. */
  builtinMappings: boolean;
  /** Per-rule options from the config file (`rules: {<id>: {options: {...}}}`), by rule id. */
  ruleOptions: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export const defaultOptions: MigrateOptions = {
  noBump: false,
  registry: null,
  namespace: null,
  target: null,
  disabledRules: [],
  preferDistro: null,
  split: true,
  mappings: new Map(),
  builtinMappings: true,
  ruleOptions: {},
};

export function withDefaults(partial: Partial<MigrateOptions> = {}): MigrateOptions {
  return { ...defaultOptions, ...partial };
}

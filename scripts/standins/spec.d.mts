export type StandinKind = 'dhi' | 'doi';

export interface StandinUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

export interface StandinSpec {
  ref: string;
  kind: StandinKind;
  /** DHI repo, or Docker Hub-normalised image name (`node`, `mcr.microsoft.com/dotnet/sdk`). */
  name: string;
  tag: string;
  /** Where the facts came from, e.g. `catalog.json: node/debian-13/22.yaml`. */
  source: string;
  variant: string;
  /** Dev/SDK image (DHI) or full official image: gets the dev programs (npm, pip...). */
  dev: boolean;
  user: string;
  uid: number;
  gid: number;
  users: StandinUser[];
  entrypoint: string[] | null;
  cmd: string[] | null;
  workdir: string | null;
  env: Record<string, string> & { PATH: string };
  shell: boolean;
  bash: boolean;
  /** The package manager's name (`apt`, `apk` ...; its programs are in `programs`), or null. */
  packageManager: string | null;
  /** Directory on PATH where programs named without a path are installed. */
  binDir: string;
  /** Program names (installed in binDir) or absolute paths; each is the fake binary. */
  programs: string[];
  /** Set when the entrypoint is a shell script the stand-in reproduces. */
  entrypointScript: { path: string; prepend: string | null; when: string[] } | null;
  /**
   * Programs (as listed in `programs`) that are build-tool simulators: a sh
   * wrapper runs this build-tools.sh function, then the fake binary. Only in
   * images with a shell.
   */
  simulators: Record<string, string>;
}

export const dataPaths: {
  dhiCatalogCandidates(): string[];
  doiFacts(): string;
  programs(): string;
};
export function standinDataAvailable(): boolean;
export function parseImageRef(ref: string): { name: string; tag: string };
export function dhiStandinSpec(ref: string): StandinSpec;
export function pickDoiVariant(image: { variantRules?: [string, string][]; variants: object }, tag: string): string | null;
export function doiStandinSpec(ref: string): StandinSpec;
export function refKind(ref: string): StandinKind;
export function standinSpec(ref: string, kind?: StandinKind): StandinSpec;

/**
 * Types and loader for data/source-images.json, the reviewed table of which
 * source images map to which DHI repository and how their tags read.
 */
import { readFileSync } from 'node:fs';
import type { DistroFamily } from './catalog.js';
import { catalogDataFile } from './data-path.js';

/** How one role is expressed on a DHI repo: which flavour tokens, -dev or not. */
export interface RoleShape {
  repo?: string;
  flavour?: string[];
  dev?: boolean;
  /** Partner only: take the version from the flavour (maven `jdk21` -> temurin `21`). */
  versionFromFlavour?: string;
  note?: string;
  warning?: string;
}

export type TokenEffect =
  { drop: string } | { warn: string } | { flavour: string } | { kind: 'jdk' | 'jre' } | { family: DistroFamily } | { unmapped: string };

export interface SourceEntry {
  repo: string;
  profile?: 'standard' | 'java' | 'jdk-tool' | 'alpine-base' | 'debian-base' | 'ubuntu';
  lineDepth?: number;
  aliases?: Record<string, string | null>;
  tokens?: Record<string, TokenEffect>;
  roles?: Partial<Record<'build' | 'runtime', RoleShape>>;
  family?: DistroFamily;
  note?: string;
  defaultOs?: string;
}

export interface DistroTokenInfo {
  family?: DistroFamily;
  exact?: string;
  os?: string;
  unmapped?: string;
}

export interface DistrolessEntry {
  static?: 'static' | 'glibc' | 'musl';
  repo?: string;
  versionByDistro?: Record<string, string>;
  versionFromName?: boolean;
  warning?: string;
}

export interface SourceTable {
  distroTokens: Record<string, DistroTokenInfo>;
  archTokens: string[];
  preReleaseTokens: string[];
  jdkVendors: string[];
  images: Record<string, SourceEntry>;
  debianCodenames: Record<string, number>;
  debianAliases: Record<string, number>;
  distroless: Record<string, DistrolessEntry>;
  unmapped: Record<string, string>;
  /** Per DHI repo: role shapes used by mapImage and partnerTag. */
  targets: Record<string, Partial<Record<'build' | 'runtime', RoleShape>>>;
  /** Per DHI repo: the other role's image when it lives elsewhere (aspnetcore -> dotnet SDK). */
  partners: Record<string, Partial<Record<'build' | 'runtime', RoleShape>>>;
}

let cached: SourceTable | undefined;

export function sourceTable(): SourceTable {
  return (cached ??= JSON.parse(readFileSync(catalogDataFile('source-images.json'), 'utf8')) as SourceTable);
}

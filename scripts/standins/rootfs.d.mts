import type { StandinSpec } from './spec.mjs';

export const BUILD_TOOLS_SRC: string;
export const LIBEXEC: string;
export function ensureFakebin(cacheDir?: string): string;
export function isStaticElf(file: string): boolean;
export function findStaticBusybox(): string | null;
export function programPath(spec: StandinSpec, program: string): string;
export function simulatorWrapperText(name: string, fn: string): string;
export function entrypointScriptText(spec: StandinSpec): string;
export function writeStandinRootfs(spec: StandinSpec, root: string, tools: { fakebin: string; busybox?: string | null }): void;

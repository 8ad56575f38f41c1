import type { StandinSpec } from './spec.mjs';

export function ensureFakebin(cacheDir?: string): string;
export function isStaticElf(file: string): boolean;
export function findStaticBusybox(): string | null;
export function entrypointScriptText(spec: StandinSpec): string;
export function writeStandinRootfs(spec: StandinSpec, root: string, tools: { fakebin: string; busybox?: string | null }): void;

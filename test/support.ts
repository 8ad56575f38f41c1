/** Test helpers shared by fixture, CLI and property tests. */
import { validate } from 'dockerfile-utils';
import { expect } from 'vitest';
import { Catalog } from '../src/catalog/catalog.js';

const DHI_REF = /\bdhi\.io\/([a-z0-9][a-z0-9._-]*):([A-Za-z0-9._-]+)/g;

/** Every dhi.io reference in the text, as [repo, tag]. `${VAR}` templates are skipped. */
export function dhiRefs(text: string): [string, string][] {
  return [...text.matchAll(DHI_REF)].map((m) => [m[1]!, m[2]!] as [string, string]);
}

/** Fails when the text names a dhi.io repository:tag that the catalog snapshot lacks. */
export function expectDhiRefsExist(text: string, where: string): void {
  const catalog = Catalog.builtin();
  for (const [repo, tag] of dhiRefs(text)) {
    expect(catalog.hasTag(repo, tag), `${where}: dhi.io/${repo}:${tag} is not in the catalog`).toBe(true);
  }
}

/** Validation problems (errors only) of a Dockerfile, as comparable strings. */
export function validationErrors(text: string): string[] {
  return validate(text)
    .filter((d) => d.severity === 1)
    .map((d) => `${d.code ?? ''}:${d.message}`)
    .sort();
}

/** The output must not have validation errors the input didn't have. */
export function expectNoNewValidationErrors(before: string, after: string, where: string): void {
  const old = new Set(validationErrors(before));
  const fresh = validationErrors(after).filter((e) => !old.has(e));
  expect(fresh, `${where}: new validation errors`).toEqual([]);
}

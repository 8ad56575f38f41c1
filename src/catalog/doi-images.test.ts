import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseImageRef } from '../dockerfile/image-ref.js';
import { catalogDataFile } from './data-path.js';
import { packageRoot } from '../package-root.js';
import { doiImage } from './doi-images.js';

interface Generator {
  DEFAULT_INPUT: string;
  generate(rawText: string): string;
}
const generator = (await import(pathToFileURL(join(packageRoot(), 'scripts', 'generate-doi-facts.mjs')).href)) as Generator;
const sharedPresent = existsSync(generator.DEFAULT_INPUT);

const lookup = (ref: string) => {
  const d = doiImage(parseImageRef(ref)!);
  return d && { image: d.image, variant: d.variant, kind: d.kind, program: d.program, entrypoint: d.entrypoint, cmd: d.cmd };
};

describe('official image facts', () => {
  it.skipIf(!sharedPresent)(
    'are in sync with the generator and ../shared/doi-facts.json (run `node scripts/generate-doi-facts.mjs`)',
    () => {
      expect(generator.generate(readFileSync(generator.DEFAULT_INPUT, 'utf8'))).toBe(
        readFileSync(catalogDataFile('doi-images.json'), 'utf8'),
      );
    },
  );

  it('classify entrypoint scripts', () => {
    expect(lookup('node:22-alpine')).toMatchObject({ variant: 'alpine', kind: 'node', cmd: ['node'] });
    expect(lookup('docker.io/library/redis:7')).toMatchObject({ kind: 'prepend-option', program: 'redis-server' });
    expect(lookup('php:8.3-fpm')).toMatchObject({ variant: 'fpm', kind: 'prepend-option', program: 'php-fpm' });
    expect(lookup('nginx:1.27')).toMatchObject({ kind: 'passthrough', cmd: ['nginx', '-g', 'daemon off;'] });
    expect(lookup('wordpress:6-apache')).toMatchObject({ variant: 'apache', kind: 'passthrough' });
    expect(lookup('tomcat:11')).toMatchObject({ kind: 'none', entrypoint: [] });
    expect(lookup('python:3.12-slim-bookworm')).toMatchObject({ variant: 'slim', kind: 'none', cmd: ['python3'] });
  });

  it('read distroless names with version and distro suffixes', () => {
    expect(lookup('gcr.io/distroless/nodejs22-debian13')).toMatchObject({
      image: 'gcr.io/distroless/nodejs',
      kind: 'program',
      entrypoint: ['/nodejs/bin/node'],
    });
    expect(lookup('gcr.io/distroless/java21-debian13:nonroot')).toMatchObject({
      variant: 'nonroot',
      entrypoint: ['/usr/bin/java', '-jar'],
    });
    expect(lookup('gcr.io/distroless/static-debian12')).toMatchObject({ kind: 'none' });
  });

  it('know nothing about other images or undescribed variants', () => {
    expect(lookup('dhi.io/node:22')).toBeNull();
    expect(lookup('mycorp/app:1')).toBeNull();
    expect(lookup('buildpack-deps:curl')).toBeNull();
  });
});

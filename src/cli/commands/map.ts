/** `dhi-migrate map <image-ref>`: what the tool would write for one reference. */
import { Catalog } from '../../catalog/catalog.js';
import { isDhiReference, mapImage, renderDhiRef, type Role } from '../../catalog/mapping.js';
import { parseImageRef } from '../../dockerfile/image-ref.js';
import type { MigrateOptions } from '../../engine/options.js';
import { EXIT_CHANGES, EXIT_OK, UsageError } from '../errors.js';
import type { Io } from '../output.js';

export function runMap(image: string, role: Role, options: MigrateOptions, io: Io): number {
  const ref = parseImageRef(image);
  if (!ref) throw new UsageError(`"${image}" is not a valid image reference`);
  if (isDhiReference(ref)) {
    io.stdout(`${image}\n`);
    io.stderr(`${image} is already a Docker Hardened Image reference\n`);
    return EXIT_OK;
  }
  if (ref.name === 'scratch') {
    io.stderr('scratch has no base image to migrate\n');
    return EXIT_CHANGES;
  }
  const mirror = { registry: options.registry, namespace: options.namespace };
  const result = mapImage(ref, role, Catalog.builtin(), {
    noBump: options.noBump,
    preferDistro: options.preferDistro,
    mirror,
    mappings: options.mappings,
    builtin: options.builtinMappings,
  });
  if (result.kind === 'already-dhi') {
    io.stdout(`${image}\n`);
    return EXIT_OK;
  }
  if (result.kind === 'unmapped') {
    io.stderr(`${result.reason}\n`);
    return EXIT_CHANGES;
  }
  io.stdout(renderDhiRef(result.repo, result.tag, result.mirror ?? mirror) + '\n');
  for (const note of result.notes) io.stderr(`note: ${note}\n`);
  for (const warning of result.warnings) io.stderr(`warning: ${warning}\n`);
  const f = result.facts;
  io.stderr(`user ${f.user}${f.uid !== null ? ` (${f.uid})` : ''}, shell ${f.shell ? 'yes' : 'no'}, entrypoint ${JSON.stringify(f.entrypoint)}, cmd ${JSON.stringify(f.cmd)}\n`);
  return EXIT_OK;
}

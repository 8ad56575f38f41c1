import { it } from 'vitest';
import { Catalog } from './catalog.js';
import { mapImage } from './mapping.js';
import { parseImageRef } from '../dockerfile/image-ref.js';
const cat = Catalog.builtin();
it('perf', () => {
  for (const s of ['python:3.12', 'python:3.9-alpine3.21', 'maven:3.9-eclipse-temurin-21', 'nginx']) {
    const ref = parseImageRef(s)!;
    const t = performance.now();
    for (let i = 0; i < 5000; i++) mapImage(ref, 'runtime', cat, { noBump: false, preferDistro: null });
    console.log(s, ((performance.now() - t) / 5000 * 1000).toFixed(1), 'us');
  }
});

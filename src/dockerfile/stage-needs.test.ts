import { describe, expect, it } from 'vitest';
import { Catalog } from '../catalog/catalog.js';
import { migrateText } from '../engine/engine.js';
import { withDefaults } from '../engine/options.js';
import { caCertificatesRule } from '../../rules/ca-certificates.js';
import { parseDockerfile } from './model.js';
import { onlyInstallsCaCertificates, shellNeeds } from './stage-needs.js';

const RUNS = [
  'apk add --no-cache ca-certificates',
  'apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*',
  'apt-get update \\\n && apt-get install -y ca-certificates=20230311 \\\n && update-ca-certificates',
  'apk add --no-cache ca-certificates tzdata',
  'apk add --no-cache ca-certificates && adduser -D app',
  'apt-get update',
  'apk add ca-certificates | tee /log',
  'echo ca-certificates',
];

function needs(body: string, o: { disabled?: string[]; pragma?: string } = {}) {
  const text = `FROM alpine:3.22\n${o.pragma ? `${o.pragma}\n` : ''}RUN ${body}\nCMD ["/app"]\n`;
  const model = parseDockerfile(text);
  return shellNeeds(model.stages[0]!, { model, options: withDefaults({ disabledRules: o.disabled ?? [] }) }).map((n) => n.reason);
}

describe('shellNeeds', () => {
  it('counts every RUN except one that only installs ca-certificates', () => {
    expect(needs(RUNS[0]!)).toEqual([]);
    expect(needs(RUNS[1]!)).toEqual([]);
    expect(needs(RUNS[3]!)).toEqual(['RUN on line 2']);
    expect(needs(RUNS[4]!)).toEqual(['RUN on line 2']);
  });

  it('counts it too when the ca-certificates rule is off for it, which then leaves it in place', () => {
    expect(needs(RUNS[0]!, { disabled: ['ca-certificates'] })).toEqual(['RUN on line 2']);
    expect(needs(RUNS[0]!, { pragma: '# dhi-migrate ignore=ca-certificates' })).toEqual(['RUN on line 3']);
    expect(needs(RUNS[0]!, { pragma: '# dhi-migrate ignore' })).toEqual(['RUN on line 3']);
    expect(needs(RUNS[0]!, { pragma: '# dhi-migrate ignore=non-root-user' })).toEqual([]);
  });

  it('agrees with the ca-certificates rule on which RUNs it removes whole', () => {
    for (const body of RUNS) {
      const text = `FROM dhi.io/alpine-base:3.22\nRUN ${body}\n`;
      const model = parseDockerfile(text);
      const removed = !migrateText({
        text,
        rules: [caCertificatesRule],
        catalog: Catalog.builtin(),
        options: withDefaults(),
      }).output.includes('RUN');
      expect(onlyInstallsCaCertificates(model, model.stages[0]!.instructions[0]!), body).toBe(removed);
    }
  });
});

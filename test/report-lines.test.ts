/**
 * Findings name the line the user wrote, even about an instruction the split
 * moved into the new final stage (the engine maps a moved line back to where
 * it was, not to the end of the file where it was inserted).
 */
import { describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { runRules } from './rule-harness.js';

const DOCKERFILE = `FROM node:20
WORKDIR /app
COPY package*.json ./
RUN npm ci --omit=dev
COPY . .
EXPOSE 80
HEALTHCHECK CMD curl -f http://localhost/ || exit 1
CMD npm start
`;

describe('line numbers of findings after the split', () => {
  it('EXPOSE and HEALTHCHECK moved into the new final stage are reported on their original lines', () => {
    const result = runRules(
      allRules.map((r) => r.id),
      DOCKERFILE,
      { files: { 'package.json': '{"scripts": {"start": "node server.js"}}' } },
    );
    expect(result.output).toMatch(/\nFROM dhi\.io\/node:22\n[\s\S]*EXPOSE 80\n[\s\S]*HEALTHCHECK CMD curl/); // it did move them
    const port = result.findings.find((f) => f.ruleId === 'privileged-port')!;
    const health = result.findings.find((f) => f.ruleId === 'healthcheck')!;
    expect(port).toMatchObject({ line: 6, endLine: 6 });
    expect(port.message).toMatch(/^EXPOSE 80 on line 6:/);
    expect(health).toMatchObject({ line: 7 });
    expect(health.message).toMatch(/^HEALTHCHECK on line 7 /);
  });
});

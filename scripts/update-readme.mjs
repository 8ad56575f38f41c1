// Regenerates README.md's rule section from the compiled rules' metadata.
// Run after `npm run build` (npm run docs does both).
import { readFileSync, writeFileSync } from 'node:fs';
import { allRules } from '../dist/rules/index.js';
import { replaceRulesSection } from '../dist/src/cli/rule-docs.js';

const path = new URL('../README.md', import.meta.url);
const before = readFileSync(path, 'utf8');
const after = replaceRulesSection(before, allRules);
if (after !== before) writeFileSync(path, after);
console.log(after === before ? 'README.md rule section up to date' : 'README.md rule section regenerated');

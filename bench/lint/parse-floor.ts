/**
 * A floor for `sg-guard lint` (bench/lint/lint.ts bundles and runs it as its own process): read every
 * `.tf` file of a directory and parse it exactly as lint does, then stop. No evaluation, no rules, no
 * output. Whatever lint costs beyond this is evaluation, rules and reporting; what this costs beyond
 * read + regex is the price of an exact, position-keeping, error-recovering parse.
 * Same V8 settings as `sg-guard lint` (server/src/cli/main.ts), so the two compare like for like.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { parseForLint } from '../../server/src/evaluate/context';
import { LINT_V8_FLAGS } from '../../server/src/cli/v8-flags';

for (const flag of LINT_V8_FLAGS) setFlagsFromString(flag);
const dir = process.argv[2]!;
const kept = [];
let errors = 0;
for (const name of readdirSync(dir)
  .filter((n) => n.endsWith('.tf'))
  .sort()) {
  const file = parseForLint(join(dir, name), readFileSync(join(dir, name), 'utf8'));
  errors += file.errors.length;
  // Kept, as lint keeps them for the whole module: dropping them would flatter the floor.
  kept.push(file);
}
console.log(`${kept.length} files, ${errors} syntax errors`);

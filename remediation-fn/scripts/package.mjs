// Zips the bundled handler for Function Compute: code.zip holds index.js at its root (handler
// `index.handler`), nothing else, so the deployed code is exactly what the tests unzip and run.
// Run by scripts/build.mjs after bundling; also runnable on its own.
import { zipSync } from 'fflate';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const code = readFileSync(join(dist, 'index.js'));
// A fixed timestamp keeps the zip byte-for-byte reproducible for the same bundle.
const zip = zipSync({ 'index.js': [code, { level: 9, mtime: new Date('2020-01-01T00:00:00Z') }] });
writeFileSync(join(dist, 'code.zip'), zip);
console.log(
  `remediation-fn: code.zip ${(zip.length / 1024).toFixed(0)} KiB (index.js ${(code.length / 1024).toFixed(0)} KiB)`,
);

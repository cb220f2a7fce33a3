// Zips the bundled package for Function Compute: code.zip holds exactly index.js (handlers
// `index.handler` and `index.evaluate`) and openapi.js (the cloud client, required on first use) at
// its root, so the deployed code is exactly what the tests unzip and run.
// Run by scripts/build.mjs after bundling; also runnable on its own.
import { zipSync } from 'fflate';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { functionBuilds } from './build-options.mjs';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
// A fixed timestamp keeps the zip byte-for-byte reproducible for the same bundle.
const mtime = new Date('2020-01-01T00:00:00Z');
const files = Object.fromEntries(
  Object.keys(functionBuilds).map((f) => [f, [readFileSync(join(dist, f)), { level: 9, mtime }]]),
);
const zip = zipSync(files);
writeFileSync(join(dist, 'code.zip'), zip);
const sizes = Object.entries(files).map(([f, [b]]) => `${f} ${(b.length / 1024).toFixed(0)} KiB`);
console.log(`remediation-fn: code.zip ${(zip.length / 1024).toFixed(0)} KiB (${sizes.join(', ')})`);

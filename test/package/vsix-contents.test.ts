/**
 * What the .vsix ships (`vsce ls`, driven by .vscodeignore) is what the shipped code loads at run
 * time: the bundles the extension and CLI start, the chunks they require lazily from dist/ (found in
 * the bundles themselves, so a new chunk cannot be forgotten), the templates and the function zip.
 * A missing chunk would not fail any editor test: its feature would quietly turn into "unknown".
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../helpers/paths';

describe('.vsix contents', () => {
  let shipped: Set<string>;
  before(() => {
    if (!existsSync(join(REPO, 'dist', 'extension.js')))
      spawnSync(process.execPath, [join(REPO, 'scripts', 'build.mjs')], { stdio: 'inherit' });
    const vsce = join(REPO, 'node_modules', '.bin', 'vsce');
    const r = spawnSync(vsce, ['ls'], { cwd: REPO, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    shipped = new Set(r.stdout.split('\n').filter(Boolean));
  });

  it('ships every bundle the extension starts and every chunk a shipped bundle requires', () => {
    const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
      main: string;
      bin: Record<string, string>;
    };
    // The client forks dist/server-boot.js, which compiles dist/server.js through its code cache.
    const entries = [
      manifest.main.replace(/^\.\//, ''),
      ...Object.values(manifest.bin),
      'dist/server.js',
      'dist/server-boot.js',
    ];
    for (const e of entries) assert.ok(shipped.has(e), `${e} is not in the .vsix`);
    const lazy = new Set<string>();
    for (const file of shipped) {
      if (!file.startsWith('dist/') || !file.endsWith('.js')) continue;
      const text = readFileSync(join(REPO, file), 'utf8');
      // `join(__dirname, "re2.js")`, minified or not.
      for (const m of text.matchAll(/join\)?\(__dirname,\s*"([\w.-]+\.js)"\)/g)) lazy.add(`dist/${m[1]}`);
    }
    assert.ok(lazy.has('dist/re2.js') && lazy.has('dist/alicloud-sdks.js'), [...lazy].join(', '));
    for (const chunk of lazy)
      assert.ok(shipped.has(chunk), `${chunk} is required at run time but not shipped`);
    // The CLI's subcommands (`sg-guard lsp`, `sg-guard sandbox`) load sibling bundles by name.
    for (const sibling of ['dist/server.js', 'dist/sandbox.js']) assert.ok(shipped.has(sibling), sibling);
  });

  it('ships the templates and the remediation zip that scaffold and deploy copy, and no sources', () => {
    for (const f of [
      'templates/main.tf',
      'templates/variables.tf',
      'templates/outputs.tf',
      'remediation-fn/dist/code.zip',
      // What package.json points at: the icon, the grammar, the config schema (yamlValidation).
      'media/icon.png',
      'syntaxes/terraform.tmLanguage.json',
      'docs/sg-guard.schema.json',
      'CHANGELOG.md',
      'LICENSE',
    ])
      assert.ok(shipped.has(f), f);
    const sources = [...shipped].filter((f) => /\.(ts|map)$/.test(f) || f.startsWith('node_modules/'));
    assert.deepEqual(sources, []);
  });
});

/**
 * Constant memory (issue 15, part 4): a whole-repository lint keeps each module's findings, not its
 * trees (lint/release.ts), and reads through caches bounded by size (lint/bounded-cache.ts). No bound
 * may change a verdict: a repository larger than every cache gets exactly the findings of a lint that
 * keeps everything, and the reports count and place what they did before.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { terraformText } from '../../bench/generate';
import { lintPaths } from '../../server/src/lint/lint-paths';
import { diskSource } from '../../server/src/lint/workspace';
import { BoundedCache } from '../../server/src/lint/bounded-cache';
import { writeOut } from '../../server/src/cli/main';
import type { Finding } from '../../server/src/api/types';
import { lint } from '../helpers/run-cli';
import { workspace } from '../helpers/workspace';

const MODULES = 60;
const FILES = 6;

/** About 1.5 MB of Terraform: more than the run's text (1 M) and tree (512 K) budgets together. */
function bigRepository(): string {
  const files: Record<string, string> = {
    'modules/shared/main.tf': `variable "cidr" {}
resource "alicloud_security_group_rule" "shared_ssh" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = "sg-shared"
  cidr_ip           = var.cidr
}
`,
  };
  for (let m = 0; m < MODULES; m++)
    for (let f = 0; f < FILES; f++) {
      let text = terraformText(100, (m * FILES + f) * 3, f === 0);
      // Every fifth module calls the shared one, re-reading it long after the caches dropped it.
      if (f === 0 && m % 5 === 0)
        text += `\nmodule "shared" {\n  source = "../../modules/shared"\n  cidr   = "0.0.0.0/0"\n}\n`;
      files[`stacks/m${String(m).padStart(2, '0')}/f${f}.tf`] = text;
    }
  files['stacks/m59/broken.tf'] = 'resource "alicloud_security_group_rule" "x" {\n  cidr_ip = \n';
  return workspace(files);
}

const key = (f: Finding): string =>
  `${f.ruleId} ${f.resource} ${f.loc.file}:${f.loc.range.start}-${f.loc.range.end} ${f.message}`;

void describe('constant memory', () => {
  const dir = bigRepository();

  void it('a repository larger than every cache gets the verdicts of a lint that keeps everything', () => {
    const bounded = lintPaths([dir]);
    const whole = lintPaths([dir], {}, diskSource(), dir, [], undefined, true);
    assert.ok(bounded.findings.length > MODULES, `only ${bounded.findings.length} findings`);
    assert.ok(
      bounded.findings.some((f) => f.resource.startsWith('module.shared.')),
      'the shared module reached through its callers',
    );
    assert.deepEqual(bounded.findings.map(key), whole.findings.map(key));
    assert.deepEqual(bounded.unverified.map(key), whole.unverified.map(key));
    assert.deepEqual(
      bounded.parseErrors.map((e) => `${e.file}:${e.loc.range.start} ${e.message}`),
      whole.parseErrors.map((e) => `${e.file}:${e.loc.range.start} ${e.message}`),
    );
    assert.equal(bounded.parseErrors.length > 0, true);
  });

  void it('keeps no trees once a module is reported, and still counts every file it read', () => {
    const r = lintPaths([dir]);
    for (const m of r.modules) {
      assert.equal(m.files.size, 0, `${m.dir} kept its trees`);
      assert.ok(m.linted, `${m.dir} says nothing of what it linted`);
    }
    const text = lint([dir, '--no-color'], dir);
    const files = MODULES * FILES + 2; // and the shared module, and broken.tf
    assert.match(text.stdout, new RegExp(`in ${files} files \\(${MODULES + 1} modules\\)\\n$`));
  });

  void it('fixes still see the rules they read: --fix-dry-run narrows each call of the shared module', () => {
    const r = lint([dir, '--fix-dry-run', '--no-color', '--trusted-cidr', '203.0.113.0/24'], dir);
    const narrowed = r.stdout.split('\n').filter((l) => l === '+  cidr   = "203.0.113.0/24"');
    assert.equal(narrowed.length, MODULES / 5, r.stdout.slice(0, 2000));
  });
});

void describe('BoundedCache', () => {
  void it('drops the least recently used entries beyond its budget, never the one just set', () => {
    const c = new BoundedCache<string>(10, (s) => s.length);
    c.set('a', 'aaaa');
    c.set('b', 'bbbb');
    assert.equal(c.get('a'), 'aaaa'); // a is now the most recent
    c.set('c', 'cccc'); // 12 > 10: b goes
    assert.equal(c.get('b'), undefined);
    assert.equal(c.get('a'), 'aaaa');
    c.set('huge', 'x'.repeat(50)); // over budget alone: kept, everything else goes
    assert.equal(c.get('huge')?.length, 50);
    assert.equal(c.get('a'), undefined);
    assert.equal(c.get('c'), undefined);
  });
});

void describe('writeOut', () => {
  void it('writes a long report in pieces that never split a surrogate pair', () => {
    const s = 'x'.repeat((1 << 20) - 1) + '😀' + 'y'.repeat(1 << 20) + 'é';
    const pieces: string[] = [];
    writeOut(s, (p) => {
      pieces.push(p);
    });
    assert.ok(pieces.length >= 2);
    assert.equal(pieces.join(''), s);
    for (const p of pieces) assert.equal(Buffer.from(p, 'utf8').toString('utf8'), p);
  });
});

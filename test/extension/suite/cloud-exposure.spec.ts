/// <reference types="mocha" />
/**
 * Exposure in a real editor, against the demo sandbox (issue 15, part 3): each region lists the
 * groups reachable from the Internet first, a group's description and tooltip say what it is
 * attached to, and Export Findings writes the ranked report as JSON and CSV.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { connectedSandboxSuite, flatten, groupNamed, run } from './cloud-helpers';

suite('Cloud Findings: exposure', () => {
  const ctx = connectedSandboxSuite();

  test('groups reachable from the Internet come first; the rest say what they are attached to', () => {
    const regions = flatten(ctx.s.tree).filter((n) => n.kind === 'region');
    assert.ok(regions.length > 0);
    for (const r of regions) {
      const groups = r.children.filter((c) => c.kind === 'group');
      const reachable = groups.map((g) => /reachable from the Internet/.test(g.description ?? ''));
      // Once a group is not reachable, no later one is.
      assert.deepEqual(
        reachable,
        [...reachable].sort((a, b) => Number(b) - Number(a)),
        r.label,
      );
    }
    const bastion = groupNamed(ctx.s, 'bastion-legacy')!;
    assert.match(bastion.description!, /^sg-\w+ · reachable from the Internet · vpc-/);
    assert.match(bastion.tooltip, /Exposure: reachable from the Internet: 1 public address on 2 attachments/);
    assert.equal(bastion.icon, 'globe');
    assert.match(bastion.tooltip, /\(bastion-01\), Running: EIP /);
    assert.match(bastion.tooltip, /\(bastion-02\), Stopped: no public address/);
    assert.match(groupNamed(ctx.s, 'rdp-udp')!.description!, /^sg-\w+ · attached to nothing · /);
  });

  test('Export Findings writes the ranked findings as JSON and a CSV beside it', async () => {
    const target = vscode.Uri.file(join(mkdtempSync(join(tmpdir(), 'sg-export-')), 'findings.json'));
    await run('exportFindings', target);
    const doc = JSON.parse(readFileSync(target.fsPath, 'utf8')) as {
      groups: { name: string; reach: string; findings: unknown[] }[];
    };
    assert.equal(doc.groups.length, ctx.s.totals.groups);
    assert.equal(doc.groups[0]!.reach, 'internet');
    const csv = readFileSync(target.fsPath.replace(/\.json$/, '.csv'), 'utf8')
      .trimEnd()
      .split('\r\n');
    assert.equal(
      csv.length - 1,
      ctx.s.totals.findings + doc.groups.filter((g) => g.findings.length === 0).length,
    );
    assert.ok(csv.some((l) => l.includes('bastion-legacy') && l.includes('EIP of i-')));
  });
});

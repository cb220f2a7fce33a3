// Exact UTF-16 ranges: characters outside the BMP (emoji) count two code units, CJK one, in LSP.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { ensureBuilt, startSession, workspace, type Session } from './lsp-client';
import { rule } from './fixtures';

void describe('diagnostic ranges (UTF-16)', () => {
  let s: Session;
  const hcl = rule(
    'ssh',
    '  ip_protocol       = "tcp"\n  port_range        = "22/22"\n  cidr_ip = /* 管理者 🚀 ops */ "0.0.0.0/0"',
  );
  const json =
    '{"resource": {"alicloud_security_group_rule": {"r": {"description": "管理者 🚀🚀", "type": "ingress", "ip_protocol": "tcp", "port_range": "3389/3389", "security_group_id": "sg-1", "cidr_ip": "0.0.0.0/0"}}}}\n';
  before(async () => {
    ensureBuilt();
    s = await startSession(workspace({ 'hcl/main.tf': hcl, 'json/main.tf.json': json }), {}, [
      '--debounce-ms=0',
    ]);
  });
  after(() => s.close());

  void it('points at the CIDR after emoji and CJK in a .tf file', async () => {
    const file = join(s.root, 'hcl/main.tf');
    s.open(file, hcl);
    const [d, ...rest] = await s.waitFor(file, (p) => p.diagnostics.length > 0);
    assert.equal(rest.length, 0);
    const lines = hcl.split('\n');
    const line = lines.findIndex((l) => l.includes('🚀'));
    const character = lines[line]!.indexOf('"0.0.0.0/0"'); // JS string indexes are UTF-16 code units
    assert.ok(
      character > [...lines[line]!.slice(0, character)].length,
      'the line has a surrogate pair before the value',
    );
    assert.deepEqual(d!.range, { start: { line, character }, end: { line, character: character + 11 } });
    assert.equal(d!.code, 'sg-risky-ports-check');
  });

  void it('points at the CIDR after emoji and CJK in a one-line .tf.json file', async () => {
    const file = join(s.root, 'json/main.tf.json');
    s.open(file, json);
    const diags = await s.waitFor(file, (p) => p.diagnostics.length > 0);
    const character = json.indexOf('"0.0.0.0/0"');
    assert.deepEqual(
      diags.map((d) => d.range),
      [{ start: { line: 0, character }, end: { line: 0, character: character + 11 } }],
    );
  });

  void it('keeps the range exact after an incremental edit before the value on the same line', async () => {
    const file = join(s.root, 'hcl/main.tf');
    const lines = hcl.split('\n');
    const line = lines.findIndex((l) => l.includes('🚀'));
    const at = lines[line]!.indexOf('🚀');
    // Insert two more emoji (4 UTF-16 code units) right after the first one.
    s.change(file, 2, { start: { line, character: at + 2 }, end: { line, character: at + 2 } }, '😀👍');
    const character = lines[line]!.indexOf('"0.0.0.0/0"') + 4;
    const diags = await s.waitFor(file, (p) => p.version === 2);
    assert.deepEqual(diags[0]?.range, {
      start: { line, character },
      end: { line, character: character + 11 },
    });
  });
});

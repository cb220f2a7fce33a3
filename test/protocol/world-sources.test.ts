/**
 * Split world sources in the editor (issue 11, class 7): both halves of 0.0.0.0/1 + 128.0.0.0/1 are
 * errors with the other half as related information; a /4 is a warning.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureBuilt, messageOf, startSession, uri, workspace, type Session } from './lsp-client';
import { rule } from './fixtures';

const ssh = (name: string, cidr: string): string =>
  rule(name, `  ip_protocol       = "tcp"\n  port_range        = "22/22"\n  cidr_ip           = "${cidr}"`);

void describe('split world sources in the editor', () => {
  let s: Session;
  before(async () => {
    ensureBuilt();
    s = await startSession(
      workspace({
        'split.tf': ssh('low', '0.0.0.0/1') + ssh('high', '128.0.0.0/1'),
        'wide/main.tf': ssh('wide', '16.0.0.0/4'),
      }),
      {},
      ['--debounce-ms=0'],
    );
  });
  after(() => s.close());

  void it('each half is an error naming the other', async () => {
    const file = join(s.root, 'split.tf');
    const d = await s.waitFor(file, (p) => p.diagnostics.length >= 2);
    assert.deepEqual(
      d.map((x) => [x.code, x.severity, x.range.start.line]),
      [
        ['sg-risky-ports-check', 1, 5],
        ['sg-risky-ports-check', 1, 12],
      ],
    );
    assert.match(messageOf(d[0]!), /together with alicloud_security_group_rule\.high/);
    assert.ok(
      d[0]!.relatedInformation?.some(
        (r) => r.location.uri === uri(file) && r.location.range.start.line === 7,
      ),
    );
  });

  void it('a /4 is a warning: nearly the whole Internet', async () => {
    const d = await s.waitFor(join(s.root, 'wide', 'main.tf'), (p) => p.diagnostics.length > 0);
    assert.equal(d[0]!.severity, 2);
    assert.match(messageOf(d[0]!), /nearly the whole Internet \(16\.0\.0\.0\/4/);
  });
});

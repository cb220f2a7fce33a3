/**
 * Budgets are per value in the editor too (issue 11, class 1): expensive locals written before a
 * rule of plain text do not turn its error into "cannot verify".
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureBuilt, startSession, workspace, type Session } from './lsp-client';
import { rule } from './fixtures';

const EXPENSIVE = `locals {
${[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
  .map((i) => `  big${i} = length(flatten([for a in range(2000) : [for b in range(2000) : a + ${i}]]))`)
  .join('\n')}
}
`;

void describe('budgets in the editor', () => {
  let s: Session;
  before(async () => {
    ensureBuilt();
    const literal = rule(
      'literal',
      '  ip_protocol       = "tcp"\n  port_range        = "22/22"\n  cidr_ip           = "0.0.0.0/0"',
    );
    const costly = rule(
      'costly',
      `  count             = ${[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((i) => `local.big${i}`).join(' + ')} > 0 ? 1 : 0\n  ip_protocol       = "tcp"\n  port_range        = "22/22"\n  cidr_ip           = "10.0.0.0/8"`,
    );
    s = await startSession(workspace({ 'a.tf': EXPENSIVE + costly, 'z.tf': literal }), {}, [
      '--debounce-ms=0',
    ]);
  });
  after(() => s.close());

  void it('the rule of plain text keeps its error', async () => {
    const d = await s.waitFor(join(s.root, 'z.tf'), (p) => p.diagnostics.length > 0, 60_000);
    assert.deepEqual(
      d.map((x) => `${String(x.code)} ${x.severity}`),
      ['sg-risky-ports-check 1'],
    );
  });
});

/**
 * Budgets never downgrade plain text (issue 11, class 1): evaluation limits are per value being
 * worked out, not shared in file order. An expensive expression anywhere in a module (a `for` over
 * `range(2000)` nested twice, a huge `join`) makes *that* value unknown and nothing else: a later
 * rule whose values are literals, or references to literal defaults, keeps its finding.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintJson } from '../helpers/run-cli';
import { workspace } from '../helpers/workspace';

const rule = (name: string, attrs: string): string => `resource "alicloud_security_group_rule" "${name}" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = "sg-1"
${attrs}
}
`;

const EXPENSIVE = Array.from(
  { length: 12 },
  (_, i) => `  big${i} = length(flatten([for a in range(2000) : [for b in range(2000) : a + b + ${i}]]))`,
).join('\n');

describe('budgets are per value', () => {
  it('a rule written as plain text after expensive locals keeps its finding', () => {
    const dir = workspace({
      'a.tf': `locals {\n${EXPENSIVE}\n  joined = join(",", [for i in range(10000) : format("%0100d", i)])\n}\n${rule(
        'costly',
        '  count             = local.big0 + local.big1 + local.big2 + local.big3 > 0 ? 1 : 0\n  cidr_ip           = "0.0.0.0/0"',
      )}${rule('uses_joined', '  cidr_ip           = length(local.joined) > 0 ? "10.0.0.0/8" : "0.0.0.0/0"')}`,
      'z.tf': `variable "admin" {\n  default = "0.0.0.0/0"\n}\nlocals {\n  world = "0.0.0.0/0"\n}\n${rule(
        'literal',
        '  cidr_ip           = "0.0.0.0/0"',
      )}${rule('via_default', '  cidr_ip           = var.admin')}${rule('via_local', '  cidr_ip           = local.world')}`,
    });
    const r = lintJson(['.'], dir);
    const found = r.findings.filter((f) => f.ruleId === 'sg-risky-ports-check').map((f) => f.resource);
    for (const name of ['literal', 'via_default', 'via_local'])
      assert.ok(
        found.includes(`alicloud_security_group_rule.${name}`),
        `${name} lost its finding: ${found.join(', ')}`,
      );
    // The rule whose count ran out of budget is never clean: its instances are unknown, its source open.
    const reported = [...r.findings, ...r.unverified].map((f) => f.resource);
    assert.ok(
      reported.some((u) => u.startsWith('alicloud_security_group_rule.costly')),
      reported.join(', '),
    );
  });

  it('the same module with the expensive file last gives the same verdicts (no file order)', () => {
    const cheap = `variable "admin" {\n  default = "0.0.0.0/0"\n}\n${rule('via_default', '  cidr_ip           = var.admin')}`;
    const costly = `locals {\n${EXPENSIVE}\n}\n${rule('costly', '  count             = local.big0 + local.big5 + local.big11 > 0 ? 1 : 0\n  cidr_ip           = "0.0.0.0/0"')}`;
    const first = lintJson(['.'], workspace({ 'a.tf': costly, 'b.tf': cheap }));
    const last = lintJson(['.'], workspace({ 'a.tf': cheap, 'b.tf': costly }));
    const verdicts = (r: typeof first): string[] =>
      [...r.findings, ...r.unverified].map((f) => `${f.ruleId} ${f.resource} ${f.severity}`).sort();
    assert.deepEqual(verdicts(first), verdicts(last));
    assert.ok(first.findings.some((f) => f.resource === 'alicloud_security_group_rule.via_default'));
  });
});

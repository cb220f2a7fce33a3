/**
 * Split and odd world sources through the whole analysis (issue 11, class 7): rules of one group
 * whose sources together cover the Internet are each an error naming the others (related
 * information); spellings of a /0 are the world; a spelling the API does not document is "cannot
 * verify", never clean; a source shorter than /8 is a warning.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintJson } from '../helpers/run-cli';
import { workspace } from '../helpers/workspace';

const rule = (
  name: string,
  cidr: string,
  group = 'sg-1',
): string => `resource "alicloud_security_group_rule" "${name}" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = "${group}"
  cidr_ip           = "${cidr}"
}
`;

describe('world sources in Terraform', () => {
  it('0.0.0.0/1 + 128.0.0.0/1 in one group: an error on each, the other as related information', () => {
    const r = lintJson(
      ['.'],
      workspace({ 'main.tf': rule('low', '0.0.0.0/1') + rule('high', '128.0.0.0/1') }),
    );
    const errors = r.findings.filter((f) => f.severity === 'error');
    assert.deepEqual(errors.map((f) => f.resource).sort(), [
      'alicloud_security_group_rule.high',
      'alicloud_security_group_rule.low',
    ]);
    const low = errors.find((f) => f.resource.endsWith('.low'))!;
    assert.match(low.message, /together with alicloud_security_group_rule\.high/);
    assert.ok(
      low.related.some((x) => x.line === 8 && /high opens the rest/.test(x.message)),
      JSON.stringify(low.related),
    );
  });

  it('the same split across two groups is two halves, each a warning', () => {
    const r = lintJson(
      ['.'],
      workspace({ 'main.tf': rule('low', '0.0.0.0/1', 'sg-1') + rule('high', '128.0.0.0/1', 'sg-2') }),
    );
    assert.deepEqual(r.findings.map((f) => `${f.severity} ${f.resource}`).sort(), [
      'warning alicloud_security_group_rule.high',
      'warning alicloud_security_group_rule.low',
    ]);
    assert.match(r.findings[0]!.message, /nearly the whole Internet/);
  });

  for (const spelling of ['0/0', '0.0.0.0/00', '000.000.000.000/0', ' 0.0.0.0/0 '])
    it(`"${spelling}" is the world`, () => {
      const r = lintJson(['.'], workspace({ 'main.tf': rule('r', spelling) }));
      assert.deepEqual(
        r.findings.map((f) => `${f.ruleId} ${f.severity}`),
        ['sg-risky-ports-check error'],
      );
    });

  it('a spelling the API does not document is "cannot verify", never clean', () => {
    const r = lintJson(['.'], workspace({ 'main.tf': rule('r', '010.0.0.0/8') }));
    assert.deepEqual(r.findings, []);
    assert.equal(r.unverified.length, 1);
    assert.match(
      r.unverified[0]!.message,
      /cannot verify: source "010\.0\.0\.0\/8" is not written as a CIDR/,
    );
  });
});

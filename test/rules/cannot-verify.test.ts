/**
 * "Cannot verify" is raised exactly where an unknown value could make a rule a finding (the most
 * open rule it could turn out to be: unknown direction → ingress, policy → accept, source → the
 * world unless it is known to end with `/N`), and its message says what is unknown.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lintModule } from '../../server/src/api/index';
import { unverifiedMessage } from '../../server/src/rules/grouping';
import { memorySource } from '../helpers/memory-source';

const VARIABLES = ['t', 'p', 'cidr', 'v6', 'ip'].map((v) => `variable "${v}" {}\n`).join('');

/** The rule's risky-ports verdicts, `unverified: <message>` for a "cannot verify". */
function verdicts(attributes: string): string[] {
  const tf = `${VARIABLES}resource "alicloud_security_group_rule" "r" {
  security_group_id = "sg-1"
  ip_protocol       = "tcp"
  port_range        = "22/22"
${attributes}
}
`;
  const r = lintModule('/w', memorySource({ '/w/main.tf': tf }), { today: '2026-11-29' });
  assert.deepEqual(r.parseErrors, []);
  return [
    ...r.findings.filter((f) => f.ruleId === 'sg-risky-ports-check').map((f) => `${f.severity}`),
    ...r.unverified.filter((f) => f.ruleId === 'sg-risky-ports-check').map((f) => `unverified: ${f.message}`),
  ];
}

const unverified = (deps: string): string[] => [
  `unverified: cannot verify: depends on ${deps}, which has no known value here`,
];

describe('cannot verify: only where an unknown could open a risky port to the world', () => {
  it('an unknown direction could be ingress', () => {
    assert.deepEqual(verdicts('  type = var.t\n  cidr_ip = "0.0.0.0/0"'), unverified('var.t'));
  });

  it('a known egress rule stays clean whatever its unknown source', () => {
    assert.deepEqual(verdicts('  type = "egress"\n  cidr_ip = var.cidr'), []);
  });

  it('a rule whose type is not written yet is judged as ingress', () => {
    assert.deepEqual(verdicts('  cidr_ip = var.cidr'), unverified('var.cidr'));
  });

  it('an unknown policy could be accept', () => {
    assert.deepEqual(
      verdicts('  type = "ingress"\n  policy = var.p\n  cidr_ip = "0.0.0.0/0"'),
      unverified('var.p'),
    );
  });

  it('a known drop rule stays clean whatever its unknown source', () => {
    assert.deepEqual(verdicts('  type = "ingress"\n  policy = "drop"\n  cidr_ip = var.cidr'), []);
  });

  it('an unknown IPv6 source could be ::/0', () => {
    assert.deepEqual(verdicts('  type = "ingress"\n  ipv6_cidr_ip = var.v6'), unverified('var.v6'));
  });

  it('an IPv6 source in a spelling the API does not document (::/01) is "cannot verify"', () => {
    assert.deepEqual(verdicts('  type = "ingress"\n  ipv6_cidr_ip = "::/01"'), [
      'unverified: cannot verify: source "::/01" is not written as a CIDR: how the API reads it is unverified',
    ]);
  });

  it('an unknown source known to end with /24 is no world; one ending in something else could be', () => {
    assert.deepEqual(verdicts('  type = "ingress"\n  cidr_ip = "${var.ip}/24"'), []);
    assert.deepEqual(verdicts('  type = "ingress"\n  cidr_ip = "${var.ip}/24 "'), []);
    assert.deepEqual(verdicts('  type = "ingress"\n  cidr_ip = "${var.ip}/24x"'), unverified('var.ip'));
  });
});

describe('cannot verify: what the message says', () => {
  it('names up to three dependencies, then how many more', () => {
    const three = '  type = var.t\n  policy = var.p\n  cidr_ip = var.cidr';
    assert.deepEqual(verdicts(three), unverified('var.t, var.p, var.cidr'));
    assert.deepEqual(
      verdicts(`${three}\n  ipv6_cidr_ip = var.v6`),
      unverified('var.t, var.p, var.cidr, and 1 more'),
    );
  });

  it('gathers the dependencies of every unknown deciding field', () => {
    assert.deepEqual(
      verdicts('  type = var.t\n  policy = var.p\n  cidr_ip = "0.0.0.0/0"'),
      unverified('var.t, var.p'),
    );
  });

  it('a reason (a refused read, an odd spelling) comes first, with how many more there are', () => {
    const read = 'reads a file outside the project: file("../x")';
    const odd = 'source "010.0.0.0/8" is not written as a CIDR: how the API reads it is unverified';
    assert.equal(unverifiedMessage(['var.a', read]), `cannot verify: ${read}`);
    assert.equal(unverifiedMessage([read, 'var.a', odd]), `cannot verify: ${read} (and 1 more)`);
    assert.equal(unverifiedMessage([odd]), `cannot verify: ${odd}`);
    assert.equal(
      unverifiedMessage(['var.sources_read_from_file']),
      'cannot verify: depends on var.sources_read_from_file, which has no known value here',
    );
  });

  it('with nothing to name, says a value cannot be worked out', () => {
    assert.equal(unverifiedMessage([]), 'cannot verify: a value this rule depends on cannot be worked out');
  });
});

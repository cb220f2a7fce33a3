/**
 * Rule tables in the manner of eslint's RuleTester: good and bad Terraform, with `[[...]]` marking
 * exactly where each finding must point.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lintModule } from '../../server/src/api/index';
import type { LintOptions } from '../../server/src/api/index';
import { memorySource, unmark } from '../helpers/memory-source';

interface Case {
  name: string;
  /** main.tf, with [[ ]] around each expected finding's range (in order of position). */
  code: string;
  /** Other files of the module (unmarked). */
  files?: Record<string, string>;
  options?: LintOptions;
  /** ruleId:severity per marked range, in order. */
  expect: string[];
  /** Expected message of the first finding, when it matters. */
  message?: string;
}

const rule = (body: string, name = 'r'): string =>
  `resource "alicloud_security_group_rule" "${name}" {\n  security_group_id = "sg-1"\n${body}\n}\n`;

const cases: Case[] = [
  {
    name: 'world SSH',
    code: rule(
      '  type = "ingress"\n  ip_protocol = "tcp"\n  port_range = "22/22"\n  cidr_ip = [["0.0.0.0/0"]]',
    ),
    expect: ['sg-risky-ports-check:error'],
    message: 'opens SSH (22/tcp) to the whole Internet (0.0.0.0/0)',
  },
  {
    name: 'RDP over udp from ::/0',
    code: rule(
      '  type = "ingress"\n  ip_protocol = "udp"\n  port_range = "3389/3389"\n  ipv6_cidr_ip = [["::/0"]]',
    ),
    expect: ['sg-risky-ports-check:error'],
    message: 'opens RDP (3389/udp) to the whole Internet (::/0)',
  },
  {
    name: 'all protocols: both rules at the cidr',
    code: rule(
      '  type = "ingress"\n  ip_protocol = "all"\n  port_range = "-1/-1"\n  cidr_ip = [["0.0.0.0/0"]]',
    ),
    expect: ['sg-public-access-check:error', 'sg-risky-ports-check:error'],
  },
  {
    name: 'all with a range: every port is open anyway, and the range is invalid',
    code: rule(
      '  type = "ingress"\n  ip_protocol = "all"\n  port_range = [["444/445"]]\n  cidr_ip = [["0.0.0.0/0"]]',
    ),
    expect: ['sg-port-range-valid:warning', 'sg-public-access-check:error', 'sg-risky-ports-check:error'],
  },
  {
    name: 'safe port',
    code: rule(
      '  type = "ingress"\n  ip_protocol = "tcp"\n  port_range = "443/443"\n  cidr_ip = "0.0.0.0/0"',
    ),
    expect: [],
  },
  {
    name: 'egress',
    code: rule('  type = "egress"\n  ip_protocol = "tcp"\n  port_range = "22/22"\n  cidr_ip = "0.0.0.0/0"'),
    expect: [],
  },
  {
    name: 'drop',
    code: rule(
      '  type = "ingress"\n  policy = "drop"\n  ip_protocol = "tcp"\n  port_range = "22/22"\n  cidr_ip = "0.0.0.0/0"',
    ),
    expect: [],
  },
  {
    name: 'icmp with a range is only invalid',
    code: rule(
      '  type = "ingress"\n  ip_protocol = "icmp"\n  port_range = [["1/65535"]]\n  cidr_ip = "0.0.0.0/0"',
    ),
    expect: ['sg-port-range-valid:warning'],
  },
  {
    name: 'custom ports',
    code: rule(
      '  type = "ingress"\n  ip_protocol = "tcp"\n  port_range = "3306/3306"\n  cidr_ip = [["0.0.0.0/0"]]',
    ),
    options: { ports: [3306] },
    expect: ['sg-risky-ports-check:error'],
    message: 'opens MySQL (3306/tcp) to the whole Internet (0.0.0.0/0)',
  },
  {
    name: 'from a variable default, pointing at the use',
    code: `variable "cidr" {\n  default = "0.0.0.0/0"\n}\n${rule('  type = "ingress"\n  ip_protocol = "tcp"\n  port_range = "22/22"\n  cidr_ip = [[var.cidr]]')}`,
    expect: ['sg-risky-ports-check:error'],
  },
  {
    name: 'unknown cidr is only unverified info',
    code: `variable "cidr" {}\n${rule('  type = "ingress"\n  ip_protocol = "tcp"\n  port_range = "22/22"\n  cidr_ip = [[var.cidr]]')}`,
    expect: ['sg-risky-ports-check:info'],
  },
  {
    name: 'unknown cidr on a safe port says nothing',
    code: `variable "cidr" {}\n${rule('  type = "ingress"\n  ip_protocol = "tcp"\n  port_range = "443/443"\n  cidr_ip = var.cidr')}`,
    expect: [],
  },
  {
    name: 'drop with higher priority closes: info only',
    code:
      rule(
        '  type = "ingress"\n  ip_protocol = "tcp"\n  port_range = "22/22"\n  priority = 5\n  cidr_ip = [["0.0.0.0/0"]]',
        'a',
      ) +
      rule(
        '  type = "ingress"\n  policy = "drop"\n  ip_protocol = "tcp"\n  port_range = "22/22"\n  priority = 1\n  cidr_ip = "0.0.0.0/0"',
        'd',
      ),
    expect: ['sg-risky-ports-check:info'],
  },
  {
    name: 'drop in another group does not close',
    code:
      rule(
        '  type = "ingress"\n  ip_protocol = "tcp"\n  port_range = "22/22"\n  cidr_ip = [["0.0.0.0/0"]]',
        'a',
      ) +
      rule(
        '  type = "ingress"\n  policy = "drop"\n  ip_protocol = "tcp"\n  port_range = "22/22"\n  cidr_ip = "0.0.0.0/0"',
        'd',
      ).replace('"sg-1"', '"sg-2"'),
    expect: ['sg-risky-ports-check:error'],
  },
  {
    name: 'source group only',
    code: rule(
      '  type = "ingress"\n  ip_protocol = "tcp"\n  port_range = "22/22"\n  source_security_group_id = "sg-9"',
    ),
    expect: [],
  },
  {
    name: 'rule turned off',
    code: rule(
      '  type = "ingress"\n  ip_protocol = "all"\n  port_range = "-1/-1"\n  cidr_ip = [["0.0.0.0/0"]]',
    ),
    options: { severities: { 'sg-public-access-check': 'off' } },
    expect: ['sg-risky-ports-check:error'],
  },
  {
    name: 'severity override',
    code: rule(
      '  type = "ingress"\n  ip_protocol = "tcp"\n  port_range = "22/22"\n  cidr_ip = [["0.0.0.0/0"]]',
    ),
    options: { severities: { 'sg-risky-ports-check': 'warning' } },
    expect: ['sg-risky-ports-check:warning'],
  },
];

describe('rule tables', () => {
  for (const c of cases) {
    it(c.name, () => {
      const { text, ranges } = unmark(c.code);
      const files: Record<string, string> = { '/ws/main.tf': text };
      for (const [name, body] of Object.entries(c.files ?? {})) files[`/ws/${name}`] = body;
      const result = lintModule('/ws', memorySource(files), { today: '2026-11-29', ...c.options });
      assert.deepEqual(result.parseErrors, []);
      const all = [...result.findings, ...result.unverified].sort(
        (a, b) => a.loc.range.start - b.loc.range.start || a.ruleId.localeCompare(b.ruleId),
      );
      assert.deepEqual(
        all.map((f) => `${f.ruleId}:${f.severity}`),
        c.expect,
        all.map((f) => `${f.ruleId} ${f.message}`).join('\n'),
      );
      // Each finding points exactly at its marked range (several findings may share one range).
      const marked = new Set(ranges.map((r) => `${r.start}-${r.end}`));
      for (const f of all) {
        assert.equal(f.loc.file, '/ws/main.tf');
        assert.ok(
          marked.has(`${f.loc.range.start}-${f.loc.range.end}`),
          `${f.ruleId} points at "${text.slice(f.loc.range.start, f.loc.range.end)}"`,
        );
      }
      if (c.message) assert.equal(all[0]?.message, c.message);
    });
  }
});

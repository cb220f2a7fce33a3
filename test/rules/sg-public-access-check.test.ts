/** sg-public-access-check: every port open to the whole Internet (good and bad tables). */
import { rule, ruleTester } from './rule-tester';

const ingress = (proto: string, range: string, source: string): string =>
  `  type = "ingress"\n  ip_protocol = "${proto}"\n  port_range = "${range}"\n  ${source}`;

ruleTester('sg-public-access-check', {
  valid: [
    { name: 'one port', code: rule(ingress('tcp', '443/443', 'cidr_ip = "0.0.0.0/0"')) },
    {
      name: 'every port from a private range',
      code: rule(ingress('all', '-1/-1', 'cidr_ip = "10.0.0.0/8"')),
    },
    { name: 'gre has no ports', code: rule(ingress('gre', '-1/-1', 'cidr_ip = "0.0.0.0/0"')) },
    {
      name: 'turned off',
      code: rule(ingress('all', '-1/-1', 'cidr_ip = "0.0.0.0/0"')),
      options: { severities: { 'sg-public-access-check': 'off' } },
    },
  ],
  invalid: [
    {
      name: 'all protocols',
      code: rule(ingress('all', '-1/-1', 'cidr_ip = [["0.0.0.0/0"]]')),
      errors: [
        {
          messageId: 'everyProtocol',
          severity: 'error',
          message: 'opens every port of every protocol to the whole Internet (0.0.0.0/0)',
        },
      ],
    },
    {
      name: 'tcp 1/65535',
      code: rule(ingress('tcp', '1/65535', 'cidr_ip = [["0.0.0.0/0"]]')),
      errors: [
        {
          messageId: 'everyPort',
          data: { protocol: 'tcp', source: '0.0.0.0/0' },
          message: 'opens every tcp port to the whole Internet (0.0.0.0/0)',
        },
      ],
    },
    {
      name: 'split world sources opening every port: each names the other',
      code:
        rule(ingress('all', '-1/-1', 'cidr_ip = [["0.0.0.0/1"]]'), 'low') +
        rule(ingress('tcp', '-1/-1', 'cidr_ip = [["128.0.0.0/1"]]'), 'high'),
      errors: [
        {
          messageId: 'together',
          message:
            'opens every port to the whole Internet together with alicloud_security_group_rule.high (0.0.0.0/1 and theirs cover every address)',
          related: ['alicloud_security_group_rule.high opens the rest of the Internet'],
        },
        {
          messageId: 'together',
          data: { others: 'alicloud_security_group_rule.low', source: '128.0.0.0/1' },
          related: ['alicloud_security_group_rule.low opens the rest of the Internet'],
        },
      ],
    },
    {
      name: 'udp -1/-1 from ::/0',
      code: rule(ingress('udp', '-1/-1', 'ipv6_cidr_ip = [["::/0"]]')),
      errors: [{ messageId: 'everyPort', data: { protocol: 'udp', source: '::/0' } }],
    },
    {
      name: 'an unknown protocol that could open everything',
      code: `variable "p" {}\n${rule(`  type = "ingress"\n  ip_protocol = [[var.p]]\n  port_range = "-1/-1"\n  cidr_ip = "0.0.0.0/0"`)}`,
      errors: [{ messageId: 'unverified', severity: 'info' }],
    },
  ],
});

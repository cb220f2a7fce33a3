/** sg-risky-ports-check: a risky port open to the whole Internet (good and bad tables). */
import { rule, ruleTester } from './rule-tester';

const ingress = (proto: string, range: string, source: string): string =>
  `  type = "ingress"\n  ip_protocol = "${proto}"\n  port_range = "${range}"\n  ${source}`;

ruleTester('sg-risky-ports-check', {
  valid: [
    { name: 'a safe port', code: rule(ingress('tcp', '443/443', 'cidr_ip = "0.0.0.0/0"')) },
    {
      name: 'egress',
      code: rule('  type = "egress"\n  ip_protocol = "tcp"\n  port_range = "22/22"\n  cidr_ip = "0.0.0.0/0"'),
    },
    {
      name: 'drop',
      code: rule(`  policy = "drop"\n${ingress('tcp', '22/22', 'cidr_ip = "0.0.0.0/0"')}`),
    },
    { name: 'icmp opens no port', code: rule(ingress('icmp', '-1/-1', 'cidr_ip = "0.0.0.0/0"')) },
    { name: 'a narrower range', code: rule(ingress('tcp', '22/22', 'cidr_ip = "203.0.113.0/24"')) },
    { name: 'a source group only', code: rule(ingress('tcp', '22/22', 'source_security_group_id = "sg-9"')) },
    {
      name: 'an unknown CIDR on a safe port says nothing',
      code: `variable "cidr" {}\n${rule(ingress('tcp', '443/443', 'cidr_ip = var.cidr'))}`,
    },
    {
      name: 'turned off',
      code: rule(ingress('tcp', '22/22', 'cidr_ip = "0.0.0.0/0"')),
      options: { severities: { 'sg-risky-ports-check': 'off' } },
    },
  ],
  invalid: [
    {
      name: 'world SSH',
      code: rule(ingress('tcp', '22/22', 'cidr_ip = [["0.0.0.0/0"]]')),
      errors: [
        {
          messageId: 'exposed',
          data: { ports: 'SSH (22/tcp)', source: '0.0.0.0/0' },
          severity: 'error',
          message: 'opens SSH (22/tcp) to the whole Internet (0.0.0.0/0)',
        },
      ],
    },
    {
      name: 'RDP over udp from ::/0',
      code: rule(ingress('udp', '3389/3389', 'ipv6_cidr_ip = [["::/0"]]')),
      errors: [{ messageId: 'exposed', message: 'opens RDP (3389/udp) to the whole Internet (::/0)' }],
    },
    {
      name: 'all protocols, whatever port_range says',
      code: rule(ingress('all', '444/445', 'cidr_ip = [["0.0.0.0/0"]]')),
      errors: [{ messageId: 'exposedAllProtocols', data: { source: '0.0.0.0/0' } }],
    },
    {
      name: 'custom ports',
      code: rule(ingress('tcp', '3306/3306', 'cidr_ip = [["0.0.0.0/0"]]')),
      options: { ports: [3306] },
      errors: [{ messageId: 'exposed', message: 'opens MySQL (3306/tcp) to the whole Internet (0.0.0.0/0)' }],
    },
    {
      name: 'from a variable default, pointing at the use',
      code: `variable "cidr" {\n  default = "0.0.0.0/0"\n}\n${rule(ingress('tcp', '22/22', 'cidr_ip = [[var.cidr]]'))}`,
      errors: [{ messageId: 'exposed' }],
    },
    {
      name: 'an unknown CIDR is only a "cannot verify" info',
      code: `variable "cidr" {}\n${rule(ingress('tcp', '22/22', 'cidr_ip = [[var.cidr]]'))}`,
      errors: [{ messageId: 'unverified', severity: 'info' }],
    },
    {
      name: 'a drop of higher priority closes it: info only',
      code:
        rule(`${ingress('tcp', '22/22', 'cidr_ip = [["0.0.0.0/0"]]')}\n  priority = 5`, 'a') +
        rule(`  policy = "drop"\n${ingress('tcp', '22/22', 'cidr_ip = "0.0.0.0/0"')}\n  priority = 1`, 'd'),
      errors: [
        { messageId: 'shadowed', severity: 'info', data: { closers: 'alicloud_security_group_rule.d' } },
      ],
    },
    {
      name: 'a drop in another group does not close it',
      code:
        rule(ingress('tcp', '22/22', 'cidr_ip = [["0.0.0.0/0"]]'), 'a') +
        rule(`  policy = "drop"\n${ingress('tcp', '22/22', 'cidr_ip = "0.0.0.0/0"')}`, 'd').replace(
          '"sg-1"',
          '"sg-2"',
        ),
      errors: [{ messageId: 'exposed' }],
    },
    {
      name: 'a severity override',
      code: rule(ingress('tcp', '22/22', 'cidr_ip = [["0.0.0.0/0"]]')),
      options: { severities: { 'sg-risky-ports-check': 'warning' } },
      errors: [{ messageId: 'exposed', severity: 'warning' }],
    },
  ],
});

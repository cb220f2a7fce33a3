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
          ports: [22],
        },
      ],
    },
    {
      name: 'a world source written with spaces around it: the finding points at it',
      code: rule(ingress('tcp', '22/22', 'cidr_ip = [[" 0.0.0.0/0 "]]')),
      errors: [{ messageId: 'exposed', data: { source: '0.0.0.0/0' } }],
    },
    {
      name: 'a rule whose type is not written yet is judged as ingress (fail closed)',
      code: rule('  ip_protocol = "tcp"\n  port_range = "22/22"\n  cidr_ip = [["0.0.0.0/0"]]'),
      errors: [{ messageId: 'exposed', ports: [22] }],
    },
    {
      name: 'RDP over udp from ::/0',
      code: rule(ingress('udp', '3389/3389', 'ipv6_cidr_ip = [["::/0"]]')),
      errors: [{ messageId: 'exposed', message: 'opens RDP (3389/udp) to the whole Internet (::/0)' }],
    },
    {
      name: 'all protocols, whatever port_range says',
      code: rule(ingress('all', '444/445', 'cidr_ip = [["0.0.0.0/0"]]')),
      errors: [
        {
          messageId: 'exposedAllProtocols',
          data: { source: '0.0.0.0/0' },
          message:
            'opens every port and protocol, including SSH (22/tcp, 22/udp) and RDP (3389/tcp, 3389/udp), to the whole Internet (0.0.0.0/0)',
          ports: [22, 3389],
        },
      ],
    },
    {
      name: 'split world sources: each names the others (at most three, then a count)',
      code: [0, 1, 2, 3, 4]
        .map((i) =>
          rule(
            ingress(
              'tcp',
              '22/22',
              `cidr_ip = [["${['0.0.0.0/2', '64.0.0.0/2', '128.0.0.0/2', '192.0.0.0/3', '224.0.0.0/3'][i]!}"]]`,
            ),
            `r${i}`,
          ),
        )
        .join(''),
      errors: [0, 1, 2, 3, 4].map((i) => {
        const others = [0, 1, 2, 3, 4]
          .filter((j) => j !== i)
          .map((j) => `alicloud_security_group_rule.r${j}`);
        return {
          messageId: 'exposedTogether',
          message: `opens SSH (22/tcp) to the whole Internet together with ${others.slice(0, 3).join(', ')} and 1 more (${['0.0.0.0/2', '64.0.0.0/2', '128.0.0.0/2', '192.0.0.0/3', '224.0.0.0/3'][i]!} and theirs cover every address)`,
          ports: [22],
          related: others.map((o) => `${o} opens the rest of the Internet`),
        };
      }),
    },
    {
      name: 'split world sources: three others are all named',
      code: ['0.0.0.0/2', '64.0.0.0/2', '128.0.0.0/2', '192.0.0.0/2']
        .map((cidr, i) => rule(ingress('tcp', '22/22', `cidr_ip = [["${cidr}"]]`), `r${i}`))
        .join(''),
      errors: [0, 1, 2, 3].map((i) => ({
        messageId: 'exposedTogether',
        data: {
          others: [0, 1, 2, 3]
            .filter((j) => j !== i)
            .map((j) => `alicloud_security_group_rule.r${j}`)
            .join(', '),
        },
      })),
    },
    {
      name: 'a source shorter than /8 with public addresses: a warning naming its prefix',
      code: rule(ingress('tcp', '20/3389', 'cidr_ip = [["0.0.0.0/1"]]')),
      errors: [
        {
          messageId: 'nearWorld',
          severity: 'warning',
          data: { prefix: '1', source: '0.0.0.0/1', ports: 'SSH (22/tcp) and RDP (3389/tcp)' },
          message:
            'opens SSH (22/tcp) and RDP (3389/tcp) to nearly the whole Internet (0.0.0.0/1: a /1 of public addresses)',
          ports: [22, 3389],
        },
      ],
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
        {
          messageId: 'shadowed',
          severity: 'info',
          data: { closers: 'alicloud_security_group_rule.d' },
          message:
            'would open SSH (22/tcp) to the whole Internet, but alicloud_security_group_rule.d drops it first (equal or higher priority)',
          ports: [22],
          related: ['alicloud_security_group_rule.d drops this traffic'],
        },
      ],
    },
    {
      name: 'drops whose sources together cover the world close it: each is named',
      code:
        rule(`${ingress('tcp', '22/22', 'cidr_ip = [["0.0.0.0/0"]]')}\n  priority = 5`, 'a') +
        rule(
          `  policy = "drop"\n${ingress('tcp', '1/1024', 'cidr_ip = "0.0.0.0/1"')}\n  priority = 1`,
          'd1',
        ) +
        rule(
          `  policy = "drop"\n${ingress('tcp', '22/22', 'cidr_ip = "128.0.0.0/1"')}\n  priority = 5`,
          'd2',
        ),
      errors: [
        {
          messageId: 'shadowed',
          data: { closers: 'alicloud_security_group_rule.d1, alicloud_security_group_rule.d2' },
          related: [
            'alicloud_security_group_rule.d1 drops this traffic',
            'alicloud_security_group_rule.d2 drops this traffic',
          ],
        },
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

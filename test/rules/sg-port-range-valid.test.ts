/** sg-port-range-valid: a port_range the provider rejects (good and bad tables). */
import { rule, ruleTester } from './rule-tester';

const ingress = (proto: string, range: string): string =>
  `  type = "ingress"\n  ip_protocol = "${proto}"\n  port_range = ${range}\n  cidr_ip = "10.0.0.0/8"`;

ruleTester('sg-port-range-valid', {
  valid: [
    { name: 'tcp 1/65535', code: rule(ingress('tcp', '"1/65535"')) },
    { name: 'icmp -1/-1', code: rule(ingress('icmp', '"-1/-1"')) },
    { name: 'all -1/-1', code: rule(ingress('all', '"-1/-1"')) },
    {
      // The provider defaults an unset port_range to "-1/-1", right for these protocols.
      name: 'icmp, gre and all with no port_range',
      code: ['icmp', 'gre', 'all']
        .map((p) => rule(`  type = "ingress"\n  ip_protocol = "${p}"\n  cidr_ip = "10.0.0.0/8"`, p))
        .join(''),
    },
    {
      name: 'an unknown range says nothing',
      code: `variable "r" {}\n${rule(ingress('tcp', 'var.r'))}`,
    },
    {
      name: 'an unknown protocol with -1/-1 (right for icmp, gre and all) says nothing',
      code: `variable "p" {}\n${rule(ingress('tcp', '"-1/-1"').replace('"tcp"', 'var.p'))}`,
    },
    {
      name: "the registry module's own named rules (all-tcp is 0/65535) are not the user's port_range",
      code: 'module "sg" {\n  source = "alibaba/security-group/alicloud"\n  ingress_cidr_blocks = ["10.0.0.0/8"]\n  ingress_rules = ["all-tcp"]\n}\n',
    },
  ],
  invalid: [
    {
      name: 'tcp -1/-1',
      code: rule(ingress('tcp', '[["-1/-1"]]')),
      errors: [{ messageId: 'invalid', severity: 'warning' }],
    },
    {
      name: 'a range that starts after it ends',
      code: rule(ingress('udp', '[["30/20"]]')),
      errors: [
        {
          messageId: 'invalid',
          data: { problem: 'the range starts after it ends ("30/20")' },
          message: 'invalid port_range: the range starts after it ends ("30/20")',
        },
      ],
    },
    {
      name: 'a range invalid for every protocol, with the protocol unknown or not written yet',
      code:
        `variable "p" {}\n${rule(ingress('tcp', '[["30/20"]]').replace('"tcp"', 'var.p'), 'a')}` +
        rule('  type = "ingress"\n  port_range = [["22"]]\n  cidr_ip = "10.0.0.0/8"', 'b'),
      errors: [
        {
          messageId: 'invalid',
          message: 'invalid port_range: the range starts after it ends ("30/20")',
          data: { protocol: '' },
        },
        {
          messageId: 'invalid',
          message: 'invalid port_range: "22" is not of the form "from/to"',
          data: { protocol: '' },
        },
      ],
    },
    {
      name: 'icmp with a range',
      code: rule(ingress('icmp', '[["1/65535"]]')),
      errors: [{ messageId: 'invalid' }],
    },
    {
      name: 'all with a range',
      code: rule(ingress('all', '[["444/445"]]')),
      errors: [{ messageId: 'invalid' }],
    },
    {
      name: 'tcp with no port_range yet: says it is missing, never "-1/-1"',
      code: rule('  type = "ingress"\n  ip_protocol = [["tcp"]]\n  cidr_ip = "10.0.0.0/8"'),
      errors: [
        {
          messageId: 'missing',
          message: 'port_range is not set: tcp needs one, such as "22/22" or "1/65535"',
        },
      ],
    },
  ],
});

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
      name: 'an unknown range says nothing',
      code: `variable "r" {}\n${rule(ingress('tcp', 'var.r'))}`,
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
      errors: [{ messageId: 'invalid', data: { problem: 'the range starts after it ends ("30/20")' } }],
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

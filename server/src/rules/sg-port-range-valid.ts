/** sg-port-range-valid: a port_range the provider rejects at apply time (or none where one is needed). */
import { portRangeProblem, RULE_IDS } from '../risk/index';
import { fieldName } from '../model/field-names';
import type { RuleCandidate } from '../model/types';
import type { RuleDefinition, RuleReport } from './types';

/**
 * Not a security finding (warning): it catches the mistake in the editor instead of at
 * `terraform apply`. A port_range not written yet is said as such, never as a value the user did
 * not write (`-1/-1` is only the provider's default).
 */
export const sgPortRangeValid: RuleDefinition = {
  id: RULE_IDS.portRangeValid,
  title: 'Port range the provider rejects',
  defaultSeverity: 'warning',
  description:
    'Flags port_range values that fail at apply time: tcp/udp with -1/-1 or outside 1..65535, a range that ' +
    'starts after it ends, anything but "a/b", or icmp/gre/all with anything but -1/-1.',
  recommendedAction:
    'Write port_range as "from/to" within 1..65535 for tcp and udp (e.g. "443/443"), and "-1/-1" for icmp, gre and all.',
  messages: {
    invalid: 'invalid {{field}}: {{problem}}',
    missing: '{{field}} is not set: {{protocol}} needs one, such as "22/22" or "1/65535"',
  },
  check(ctx) {
    const reports: RuleReport[] = [];
    for (const c of ctx.candidates) {
      // A range that is malformed for every protocol ("30/20", "22") is flagged even before the
      // protocol is known; what only some protocols reject waits for it.
      if (c.kind !== 'resource' || c.portRange.state === 'unknown') continue;
      const problem = problemOf(c);
      if (!problem) continue;
      // Terraform only: a port_range not typed yet is said as such (ROS requires one: `problem`).
      const missing = c.portRange.state === 'absent' && c.language !== 'ros';
      reports.push(
        ctx.report({
          messageId: missing ? 'missing' : 'invalid',
          data: {
            field: fieldName(c, 'portRange'),
            problem,
            protocol: (c.protocol.value ?? '').toLowerCase(),
          },
          candidate: c,
          at: c.portRange.state === 'known' ? 'portRange' : 'protocol',
          ports: [],
        }),
      );
    }
    return reports;
  },
};

function problemOf(c: RuleCandidate): string | undefined {
  // ROS requires PortRange on every ingress rule, whatever the protocol (the property reference
  // pages of ALIYUN::ECS::SecurityGroupIngress, SecurityGroup and SecurityGroupIngresses); Terraform
  // defaults an unset port_range to -1/-1.
  if (c.language === 'ros' && c.portRange.state === 'absent') return 'PortRange is required';
  const names = { portRange: fieldName(c, 'portRange'), protocol: fieldName(c, 'protocol') };
  return portRangeProblem(c.protocol.value ?? '', c.portRange.value, names);
}

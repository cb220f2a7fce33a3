import { portRangeProblem } from '../risk/index';
import { fieldName } from '../model/field-names';
import type { RuleCandidate } from '../model/types';
import type { RuleDefinition, RuleReport } from './types';

/**
 * A port_range the provider rejects at apply time. Not a security finding (warning): it catches the
 * mistake in the editor instead of at `terraform apply`.
 */
export const sgPortRangeValid: RuleDefinition = {
  id: 'sg-port-range-valid',
  title: 'Port range the provider rejects',
  defaultSeverity: 'warning',
  description:
    'Flags port_range values that fail at apply time: tcp/udp with -1/-1 or outside 1..65535, a range that ' +
    'starts after it ends, anything but "a/b", or icmp/gre/all with anything but -1/-1.',
  check({ candidates }) {
    const reports: RuleReport[] = [];
    for (const c of candidates) {
      if (c.kind !== 'resource' || c.protocol.state !== 'known' || c.portRange.state === 'unknown') continue;
      const problem = problemOf(c);
      if (!problem) continue;
      reports.push({
        ruleId: this.id,
        message: `invalid ${fieldName(c, 'portRange')}: ${problem}`,
        candidate: c,
        at: c.portRange.state === 'known' ? 'portRange' : 'protocol',
        ports: [],
      });
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
  return portRangeProblem(c.protocol.value!, c.portRange.value, names);
}

import { portRangeProblem } from '../risk/index';
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
      const problem = portRangeProblem(c.protocol.value!, c.portRange.value);
      if (!problem) continue;
      reports.push({
        ruleId: this.id,
        message: `invalid port_range: ${problem}`,
        candidate: c,
        at: c.portRange.state === 'known' ? 'portRange' : 'protocol',
        ports: [],
      });
    }
    return reports;
  },
};

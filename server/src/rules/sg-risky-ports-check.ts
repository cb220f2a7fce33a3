import { assessGroup, assessRiskyPorts, describeExposed } from '../risk/index';
import type { NormalisedRule } from '../risk/index';
import type { RuleCandidate } from '../model/types';
import { toNormalised, upperBound } from './candidate-view';
import { unverifiedReport } from './unverified';
import { groupByKey } from './grouping';
import type { RuleDefinition, RuleReport } from './types';

/**
 * The mission rule, with the id of the Cloud Config managed rule: ingress accepted from a world CIDR
 * (IPv4 or IPv6) to a configured risky port over tcp/udp (or every protocol). Rules of the same
 * group are judged together, so a higher-priority world drop closes the port (info only).
 */
export const sgRiskyPortsCheck: RuleDefinition = {
  id: 'sg-risky-ports-check',
  title: 'Risky port open to the whole Internet',
  defaultSeverity: 'error',
  description:
    'Flags security group rules that accept ingress from 0.0.0.0/0 or ::/0 (any /0) to a risky port ' +
    '(22 and 3389 by default) over tcp, udp or all protocols.',
  check({ candidates, risk }) {
    const reports: RuleReport[] = [];
    for (const group of groupByKey(candidates)) {
      const knownRules: { c: RuleCandidate; n: NormalisedRule }[] = [];
      for (const c of group) {
        const n = toNormalised(c);
        if (n) knownRules.push({ c, n });
        else if (assessRiskyPorts(upperBound(c), risk)) {
          reports.push(unverifiedReport(this.id, c));
        }
      }
      for (const a of assessGroup(
        knownRules.map((k) => k.n),
        risk,
      )) {
        const c = knownRules[a.index]!.c;
        if (a.riskyPorts) {
          reports.push({
            ruleId: this.id,
            message: a.riskyPorts.message,
            candidate: c,
            ports: [...new Set(a.riskyPorts.exposed.map((e) => e.port))],
            source: a.riskyPorts.source,
          });
        }
        if (a.shadowed && a.shadowed.closed.length > 0) {
          const closers = a.shadowed.byRules.map((i) => knownRules[i]!.c);
          reports.push({
            ruleId: this.id,
            severity: 'info',
            message:
              `would open ${describeExposed(a.shadowed.closed)} to the whole Internet, ` +
              `but ${closers.map((d) => d.address).join(', ')} drops it first (equal or higher priority)`,
            candidate: c,
            ports: [...new Set(a.shadowed.closed.map((e) => e.port))],
            related: closers.map((d) => ({ loc: d.block, message: `${d.address} drops this traffic` })),
          });
        }
      }
    }
    return reports;
  },
};

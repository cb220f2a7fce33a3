import { assessPublicAccess } from '../risk/index';
import { toNormalised, upperBound } from './candidate-view';
import { unverifiedReport } from './unverified';
import type { RuleDefinition, RuleReport } from './types';

/** Same id as the Cloud Config managed rule: ingress accepted from the world on every port. */
export const sgPublicAccessCheck: RuleDefinition = {
  id: 'sg-public-access-check',
  title: 'Every port open to the whole Internet',
  defaultSeverity: 'error',
  description:
    'Flags security group rules that accept ingress from 0.0.0.0/0 or ::/0 on every port: protocol all, ' +
    'or tcp/udp with -1/-1 or 1/65535.',
  check({ candidates }) {
    const reports: RuleReport[] = [];
    for (const c of candidates) {
      const n = toNormalised(c);
      if (n) {
        const v = assessPublicAccess(n);
        if (v)
          reports.push({ ruleId: this.id, message: v.message, candidate: c, ports: [], source: v.source });
      } else if (assessPublicAccess(upperBound(c))) {
        reports.push(unverifiedReport(this.id, c));
      }
    }
    return reports;
  },
};

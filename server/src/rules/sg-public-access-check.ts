/** sg-public-access-check (the Cloud Config managed rule's id): ingress from the world on every port. */
import { assessPublicAccess, RULE_IDS } from '../risk/index';
import { toNormalised, upperBound } from './candidate-view';
import { UNVERIFIED_MESSAGES, unverifiedReport } from './unverified';
import type { RuleDefinition, RuleReport } from './types';

export const sgPublicAccessCheck: RuleDefinition = {
  id: RULE_IDS.publicAccess,
  title: 'Every port open to the whole Internet',
  defaultSeverity: 'error',
  description:
    'Flags security group rules that accept ingress from 0.0.0.0/0 or ::/0 on every port: protocol all, ' +
    'or tcp/udp with -1/-1 or 1/65535.',
  recommendedAction:
    'Open only the ports the service needs (one tcp or udp range), or restrict the source to the ranges that need access.',
  messages: {
    everyPort: 'opens every {{protocol}} port to the whole Internet ({{source}})',
    everyProtocol: 'opens every port of every protocol to the whole Internet ({{source}})',
    ...UNVERIFIED_MESSAGES,
  },
  check(ctx) {
    const reports: RuleReport[] = [];
    for (const c of ctx.candidates) {
      const n = toNormalised(c);
      if (n) {
        const v = assessPublicAccess(n);
        if (!v) continue;
        const protocol = n.protocol.toLowerCase();
        reports.push(
          ctx.report({
            messageId: protocol === 'all' ? 'everyProtocol' : 'everyPort',
            data: { protocol, source: v.source },
            candidate: c,
            ports: [],
            source: v.source,
          }),
        );
      } else if (assessPublicAccess(upperBound(c))) {
        reports.push(unverifiedReport(ctx, c));
      }
    }
    return reports;
  },
};

/** sg-public-access-check (the Cloud Config managed rule's id): ingress from the world on every port. */
import { assessPublicAccess, RULE_IDS } from '../risk/index';
import { upperBound } from './candidate-view';
import { addresses, judgeGroups } from './grouping';
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
    together:
      'opens every port to the whole Internet together with {{others}} ({{source}} and theirs cover every address)',
    ...UNVERIFIED_MESSAGES,
  },
  check(ctx) {
    const reports: RuleReport[] = [];
    for (const { known: knownRules, unknown, assessments } of judgeGroups(ctx.candidates, ctx.risk)) {
      for (const c of unknown) if (assessPublicAccess(upperBound(c))) reports.push(unverifiedReport(ctx, c));
      // Judged as a group: sources that together cover the world are the world (see risk/group.ts).
      for (const a of assessments) {
        const v = a.publicAccess;
        if (!v) continue;
        const c = knownRules[a.index]!.c;
        const protocol = a.rule.protocol.toLowerCase();
        const others = (v.together ?? []).map((i) => knownRules[i]!.c);
        reports.push(
          ctx.report({
            messageId: others.length ? 'together' : protocol === 'all' ? 'everyProtocol' : 'everyPort',
            data: { protocol, source: v.source, others: addresses(others) },
            candidate: c,
            ports: [],
            source: v.source,
            related: others.map((o) => ({
              loc: o.block,
              message: `${o.address} opens the rest of the Internet`,
            })),
          }),
        );
      }
    }
    return reports;
  },
};

/** sg-risky-ports-check (the Cloud Config managed rule's id): a risky port open to the world. */
import { assessRiskyPorts, describeExposed, RULE_IDS } from '../risk/index';
import { upperBound } from './candidate-view';
import { UNVERIFIED_MESSAGES, unverifiedReport } from './unverified';
import { addresses, judgeGroups } from './grouping';
import type { RuleDefinition, RuleReport } from './types';

/**
 * The mission rule, with the id of the Cloud Config managed rule: ingress accepted from a world CIDR
 * (IPv4 or IPv6) to a configured risky port over tcp/udp (or every protocol). Rules of the same
 * group are judged together, so a higher-priority world drop closes the port (info only).
 */
export const sgRiskyPortsCheck: RuleDefinition = {
  id: RULE_IDS.riskyPorts,
  title: 'Risky port open to the whole Internet',
  defaultSeverity: 'error',
  description:
    'Flags security group rules that accept ingress from 0.0.0.0/0 or ::/0 (any /0) to a risky port ' +
    '(22 and 3389 by default) over tcp, udp or all protocols.',
  recommendedAction:
    'Replace the world CIDR with the range that needs access (a VPN or office range), or reach the host through a bastion, VPN or Cloud Assistant.',
  messages: {
    exposed: 'opens {{ports}} to the whole Internet ({{source}})',
    exposedAllProtocols:
      'opens every port and protocol, including {{ports}}, to the whole Internet ({{source}})',
    exposedTogether:
      'opens {{ports}} to the whole Internet together with {{others}} ({{source}} and theirs cover every address)',
    nearWorld: 'opens {{ports}} to nearly the whole Internet ({{source}}: a /{{prefix}} of public addresses)',
    shadowed:
      'would open {{ports}} to the whole Internet, but {{closers}} drops it first (equal or higher priority)',
    ...UNVERIFIED_MESSAGES,
  },
  check(ctx) {
    const { candidates, risk } = ctx;
    const reports: RuleReport[] = [];
    for (const { known: knownRules, unknown, assessments } of judgeGroups(candidates, risk)) {
      for (const c of unknown)
        if (assessRiskyPorts(upperBound(c), risk)) reports.push(unverifiedReport(ctx, c));
      for (const a of assessments) {
        const c = knownRules[a.index]!.c;
        if (a.riskyPorts) {
          const v = a.riskyPorts;
          const others = (v.together ?? []).map((i) => knownRules[i]!.c);
          reports.push(
            ctx.report({
              messageId: others.length
                ? 'exposedTogether'
                : v.allProtocols
                  ? 'exposedAllProtocols'
                  : 'exposed',
              data: { ports: describeExposed(v.exposed), source: v.source, others: addresses(others) },
              candidate: c,
              ports: [...new Set(v.exposed.map((e) => e.port))],
              source: v.source,
              related: others.map((o) => ({
                loc: o.block,
                message: `${o.address} opens the rest of the Internet`,
              })),
            }),
          );
        }
        if (a.nearWorld) {
          const v = a.nearWorld;
          reports.push(
            ctx.report({
              messageId: 'nearWorld',
              data: {
                ports: describeExposed(v.exposed),
                source: v.source,
                prefix: v.source.split('/')[1] ?? '',
              },
              severity: 'warning',
              candidate: c,
              ports: [...new Set(v.exposed.map((e) => e.port))],
              source: v.source,
            }),
          );
        }
        if (a.shadowed && a.shadowed.closed.length > 0) {
          const closers = a.shadowed.byRules.map((i) => knownRules[i]!.c);
          reports.push(
            ctx.report({
              messageId: 'shadowed',
              data: {
                ports: describeExposed(a.shadowed.closed),
                closers: closers.map((d) => d.address).join(', '),
              },
              severity: 'info',
              candidate: c,
              ports: [...new Set(a.shadowed.closed.map((e) => e.port))],
              related: closers.map((d) => ({ loc: d.block, message: `${d.address} drops this traffic` })),
            }),
          );
        }
      }
    }
    return reports;
  },
};

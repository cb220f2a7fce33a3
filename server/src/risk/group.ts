/** A security group's rules judged together: a higher-priority world drop closes a port (shadowing). */
import { parseCidr } from './cidr';
import { parsePortRange } from './ports';
import type {
  ExposedPort,
  NormalisedRule,
  PublicAccessVerdict,
  RiskOptions,
  RiskyPortsVerdict,
  Shadowing,
} from './types';
import {
  assessPublicAccess,
  assessRiskyPorts,
  isDrop,
  isIngress,
  riskyPortsMessage,
  worldSource,
} from './verdicts';

const lc = (s: string | undefined): string => (s ?? '').trim().toLowerCase();
const priorityOf = (r: NormalisedRule): number => r.priority ?? 1;

function dropCovers(drop: NormalisedRule, port: ExposedPort): boolean {
  const proto = lc(drop.protocol);
  if (proto !== 'all' && proto !== port.protocol) return false;
  if (proto === 'all') return true;
  const range = parsePortRange(drop.portRange);
  if (range.kind === 'all') return true;
  return range.kind === 'range' && port.port >= range.from && port.port <= range.to;
}

/**
 * Which of an accept rule's exposed ports are closed by drop rules of the same group: a drop rule
 * that is ingress, from a world CIDR of the same address family, covers the port and protocol, and
 * has a priority number lower than or equal to the accept rule's (on a tie, drop wins).
 */
export function shadowing(
  accept: NormalisedRule,
  exposed: readonly ExposedPort[],
  group: readonly NormalisedRule[],
): Shadowing {
  const source = worldSource(accept);
  const family = source ? parseCidr(source)?.family : undefined;
  const closed: ExposedPort[] = [];
  const open: ExposedPort[] = [];
  const byRules = new Set<number>();
  for (const port of exposed) {
    let closer = -1;
    group.forEach((other, i) => {
      if (closer >= 0 || other === accept || !isIngress(other) || !isDrop(other)) return;
      const otherSource = worldSource(other);
      if (!otherSource || parseCidr(otherSource)?.family !== family) return;
      if (priorityOf(other) > priorityOf(accept)) return;
      if (dropCovers(other, port)) closer = i;
    });
    if (closer >= 0) {
      closed.push(port);
      byRules.add(closer);
    } else open.push(port);
  }
  return { closed, open, byRules: [...byRules] };
}

export interface RuleAssessment {
  /** Index of the rule in the group list. */
  index: number;
  rule: NormalisedRule;
  /** The risky-ports verdict after shadowing (only still-open ports), if any remain. */
  riskyPorts?: RiskyPortsVerdict;
  /** Set when drop rules close some (or all) of the ports this rule would open. */
  shadowed?: Shadowing;
  publicAccess?: PublicAccessVerdict;
}

/**
 * Judges every rule of one security group together, so higher-priority drop rules can close what
 * an accept rule opens. Rules with no finding and no shadowing are left out.
 */
export function assessGroup(group: readonly NormalisedRule[], options: RiskOptions = {}): RuleAssessment[] {
  const out: RuleAssessment[] = [];
  group.forEach((rule, index) => {
    const risky = assessRiskyPorts(rule, options);
    const publicAccess = assessPublicAccess(rule);
    if (!risky && !publicAccess) return;
    const a: RuleAssessment = { index, rule };
    if (risky) {
      const s = shadowing(rule, risky.exposed, group);
      if (s.closed.length > 0) a.shadowed = s;
      if (s.open.length > 0) {
        a.riskyPorts = {
          ...risky,
          exposed: s.open,
          message: riskyPortsMessage(s.open, risky.source, risky.allProtocols),
        };
      }
    }
    // An all-port opening stays public even when drops close the risky ports: other ports remain open.
    if (publicAccess) a.publicAccess = publicAccess;
    out.push(a);
  });
  return out;
}

/** The rules that remediation must revoke: those still exposing a configured port after shadowing. */
export function riskyRules(group: readonly NormalisedRule[], options: RiskOptions = {}): RuleAssessment[] {
  return assessGroup(group, options).filter((a) => a.riskyPorts !== undefined);
}

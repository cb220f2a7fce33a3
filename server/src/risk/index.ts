/**
 * What "risky" means — the one public entry of the rule module (contract:
 * shared/spec/rule-semantics.md). The editor, the CLI, the live tree view, the sandbox's Config
 * evaluation and the remediation function all decide through these functions and nothing else.
 * Pure: no I/O, no editor or cloud imports.
 */
export type {
  NormalisedRule,
  RiskOptions,
  PortRangeParse,
  ExposedPort,
  RiskyPortsVerdict,
  PublicAccessVerdict,
  Shadowing,
  NearWorldVerdict,
} from './types';
export { DEFAULT_RISKY_PORTS, parsePortRange, parsePortList, describePort, serviceName } from './ports';
export { isWorldCidr, parseCidr, isValidSource, readSource, holdsPublic } from './cidr';
export type { CidrFamily, ParsedCidr, ReadSource } from './cidr';
export { checkTrustedRange, MIN_TRUSTED_PREFIX } from './trusted-range';
export type { TrustedRangeCheck } from './trusted-range';
export {
  assessRiskyPorts,
  assessPublicAccess,
  portRangeProblem,
  coveredPorts,
  describeExposed,
  opensEveryPort,
  isWorldOpenIngress,
  worldSource,
  isIngress,
  isAccept,
  isDrop,
} from './verdicts';
export { assessGroup, riskyRules } from './group';
export type { RuleAssessment } from './group';
export { fromLivePermission } from './live';
export type { LivePermission } from './live';

/** Rule ids, the same as the Cloud Config managed rules. */
export const RULE_IDS = {
  riskyPorts: 'sg-risky-ports-check',
  publicAccess: 'sg-public-access-check',
  portRangeValid: 'sg-port-range-valid',
} as const;

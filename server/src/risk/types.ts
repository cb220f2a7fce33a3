/**
 * The one shape both a Terraform `alicloud_security_group_rule` and a live ECS permission are
 * normalised into before anything is judged. Enum fields are kept as written; every comparison
 * is case-insensitive (the API answers `TCP`/`Accept`, Terraform wants `tcp`/`accept`).
 */
export interface NormalisedRule {
  /** `ingress` | `egress` (any case). */
  direction: string;
  /** `accept` | `drop`; absent means accept. */
  policy?: string;
  /** `tcp` | `udp` | `icmp` | `icmpv6` | `gre` | `all` (any case). */
  protocol: string;
  /** `"a/b"`; absent means `-1/-1`. */
  portRange?: string;
  sourceCidr?: string;
  sourceIpv6Cidr?: string;
  sourceGroupId?: string;
  prefixListId?: string;
  /** 1 is the highest priority; absent means 1 (the provider's and the API's default). */
  priority?: number;
}

export interface RiskOptions {
  /** Ports that must not be open to the world. Defaults to 22 and 3389. */
  ports?: readonly number[];
}

export type PortRangeParse =
  { kind: 'all' } | { kind: 'range'; from: number; to: number } | { kind: 'invalid'; reason: string };

/** One configured port that a rule opens to the world, per protocol. */
export interface ExposedPort {
  port: number;
  /** `tcp` or `udp` (lower case). */
  protocol: 'tcp' | 'udp';
  /** Well-known service name, e.g. `SSH`. */
  service?: string;
}

export interface RiskyPortsVerdict {
  ruleId: 'sg-risky-ports-check';
  /** The configured ports this rule opens to the world (after shadowing is applied, when asked). */
  exposed: ExposedPort[];
  /** The world source as written (`0.0.0.0/0`, `::/0`, ...). */
  source: string;
  /** True when the protocol is `all`: every port of every protocol. */
  allProtocols: boolean;
  message: string;
  /**
   * Set when this rule's source is not the world alone but covers it together with these rules of
   * the group (indexes into the group list): `0.0.0.0/1` + `128.0.0.0/1`.
   */
  together?: number[];
}

/** A single source shorter than /8 holding public addresses, opening configured ports: a warning. */
export interface NearWorldVerdict {
  exposed: ExposedPort[];
  source: string;
  allProtocols: boolean;
}

export interface PublicAccessVerdict {
  ruleId: 'sg-public-access-check';
  source: string;
  message: string;
  /** As RiskyPortsVerdict.together: the other rules whose sources cover the world with this one's. */
  together?: number[];
}

/** Where a drop rule of the same group closes some or all exposed ports. */
export interface Shadowing {
  /** Ports closed by higher-or-equal priority drop rules. */
  closed: ExposedPort[];
  /** Ports still open after shadowing. */
  open: ExposedPort[];
  /** Indexes (into the group's rule list) of the drop rules that close something. */
  byRules: number[];
}

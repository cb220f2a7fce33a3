/**
 * Seeds: `empty`, the `demo` account (3 regions, ~60 groups, a dozen risky rules of different
 * kinds, a service-managed group, an exempt-tagged group, plenty of safe rules), and `bulk`
 * synthetic groups for benches. Everything is deterministic: same seed, same ids.
 */
import { newId } from './ids';
import { EMPTY_RULE } from './ecs/permissions';
import { DEFAULT_REGIONS } from './regions';
import {
  emptyState,
  newStore,
  type Instance,
  type NetworkInterface,
  type SandboxState,
  type SecurityGroup,
  type SgRule,
  type Tag,
} from './state';

const BASE_TIME = Date.UTC(2024, 2, 1, 8, 0, 0);
const iso = (hours: number) => new Date(BASE_TIME + hours * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The tag the remediation function honours to leave a group alone. */
export const EXEMPT_TAG = 'sg-guard:exempt';

interface RuleSpec {
  dir?: 'ingress' | 'egress';
  proto: string;
  ports?: string;
  cidr?: string;
  ipv6?: string;
  group?: string;
  policy?: 'Accept' | 'Drop';
  priority?: number;
  description?: string;
}

export function addGroup(
  state: SandboxState,
  g: {
    region: string;
    name: string;
    vpc: string;
    description?: string;
    tags?: Tag[];
    managed?: boolean;
    type?: 'normal' | 'enterprise';
  },
): SecurityGroup {
  const id = newId(state, 'sg-bp1', 17);
  const group: SecurityGroup = {
    SecurityGroupId: id,
    RegionId: g.region,
    SecurityGroupName: g.name,
    Description: g.description ?? '',
    VpcId: g.vpc,
    SecurityGroupType: g.type ?? 'normal',
    ServiceManaged: g.managed ?? false,
    ResourceGroupId: '',
    CreationTime: iso(state.idSeq),
    InnerAccessPolicy: g.type === 'enterprise' ? 'Drop' : 'Accept',
    Tags: g.tags ?? [],
    seq: state.idSeq,
    rules: [],
  };
  state.securityGroups[id] = group;
  return group;
}

export function addRule(state: SandboxState, g: SecurityGroup, r: RuleSpec): SgRule {
  const dir = r.dir ?? 'ingress';
  const rule: SgRule = {
    ...EMPTY_RULE,
    SecurityGroupRuleId: newId(state, 'sgr-'),
    Direction: dir,
    IpProtocol: r.proto,
    PortRange: r.ports ?? '-1/-1',
    Policy: r.policy ?? 'Accept',
    Priority: String(r.priority ?? 1),
    Description: r.description ?? '',
    CreateTime: iso(state.idSeq),
    seq: state.idSeq,
  };
  if (dir === 'ingress') {
    rule.SourceCidrIp = r.cidr ?? '';
    rule.Ipv6SourceCidrIp = r.ipv6 ?? '';
    rule.SourceGroupId = r.group ?? '';
  } else {
    rule.DestCidrIp = r.cidr ?? '';
    rule.Ipv6DestCidrIp = r.ipv6 ?? '';
    rule.DestGroupId = r.group ?? '';
  }
  g.rules.push(rule);
  return rule;
}

/** A small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OFFICE = '203.0.113.0/24';
const SERVICES = [
  'web',
  'api',
  'db',
  'cache',
  'mq',
  'search',
  'batch',
  'admin',
  'lb',
  'etl',
  'auth',
  'billing',
];
const ENVS = ['prod', 'staging', 'dev'];

/** Safe rules a typical group has: HTTPS from the world, SSH from the office, a VPC-internal port, egress. */
function safeRules(state: SandboxState, g: SecurityGroup, rnd: () => number): void {
  if (rnd() < 0.6)
    addRule(state, g, { proto: 'TCP', ports: '443/443', cidr: '0.0.0.0/0', description: 'HTTPS' });
  if (rnd() < 0.4)
    addRule(state, g, { proto: 'TCP', ports: '80/80', cidr: '0.0.0.0/0', description: 'HTTP' });
  if (rnd() < 0.7)
    addRule(state, g, { proto: 'TCP', ports: '22/22', cidr: OFFICE, description: 'SSH from the office' });
  if (rnd() < 0.5)
    addRule(state, g, {
      proto: 'TCP',
      ports: '3306/3306',
      cidr: '10.0.0.0/8',
      description: 'MySQL inside the VPC',
    });
  if (rnd() < 0.3) addRule(state, g, { proto: 'ICMP', cidr: '0.0.0.0/0', description: 'ping' });
  if (rnd() < 0.3) addRule(state, g, { proto: 'TCP', ports: '8080/8090', cidr: '172.16.0.0/12' });
  addRule(state, g, { dir: 'egress', proto: 'ALL', cidr: '0.0.0.0/0', description: 'all outbound' });
}

/** A public address the seed hands out: from 203.0.113.0/24 and 198.51.100.0/24 (RFC 5737). */
function publicIp(st: SandboxState): string {
  const n = st.idSeq++;
  return `${n % 2 ? '203.0.113' : '198.51.100'}.${(n % 250) + 1}`;
}

function eip(st: SandboxState): NonNullable<Instance['Eip']> {
  return { AllocationId: newId(st, 'eip-bp1', 17), IpAddress: publicIp(st) };
}

/** An instance in these groups; `address`: a fixed public IP, an EIP, or none. */
export function addInstance(
  st: SandboxState,
  groups: SecurityGroup[],
  name: string,
  address: 'public' | 'eip' | 'none',
  status = 'Running',
): Instance {
  const id = newId(st, 'i-bp1', 17);
  const i: Instance = {
    InstanceId: id,
    InstanceName: name,
    Status: status,
    RegionId: groups[0]!.RegionId,
    VpcId: groups[0]!.VpcId,
    SecurityGroupIds: groups.map((g) => g.SecurityGroupId),
    PrivateIpAddress: `10.0.${st.idSeq % 250}.${(st.idSeq * 7) % 250}`,
    PublicIpAddress: address === 'public' ? publicIp(st) : '',
    ...(address === 'eip' ? { Eip: eip(st) } : {}),
    PrimaryNetworkInterfaceId: newId(st, 'eni-bp1', 17),
    seq: st.idSeq,
  };
  (st.instances ??= newStore())[id] = i;
  return i;
}

/** A secondary interface in these groups, on `instance` (or on none), with or without an EIP. */
export function addInterface(
  st: SandboxState,
  groups: SecurityGroup[],
  name: string,
  instance: Instance | undefined,
  withEip: boolean,
): NetworkInterface {
  const id = newId(st, 'eni-bp1', 17);
  const n: NetworkInterface = {
    NetworkInterfaceId: id,
    NetworkInterfaceName: name,
    InstanceId: instance?.InstanceId ?? '',
    RegionId: groups[0]!.RegionId,
    VpcId: groups[0]!.VpcId,
    SecurityGroupIds: groups.map((g) => g.SecurityGroupId),
    PrivateIpAddress: `10.1.${st.idSeq % 250}.${(st.idSeq * 7) % 250}`,
    ...(withEip ? { Eip: eip(st) } : {}),
    seq: st.idSeq,
  };
  (st.networkInterfaces ??= newStore())[id] = n;
  return n;
}

/** The demo's servers: some risky groups guard servers with public addresses, some guard nothing. */
function demoAttachments(st: SandboxState): void {
  const byName = new Map(Object.values(st.securityGroups).map((g) => [g.SecurityGroupName, g]));
  const g = (name: string) => byName.get(name)!;
  // Names of ordinary groups repeat per region: the web group beside the bastion.
  const web = Object.values(st.securityGroups).find(
    (x) => x.SecurityGroupName === 'web-prod-01' && x.RegionId === g('bastion-legacy').RegionId,
  )!;
  addInstance(st, [g('bastion-legacy')], 'bastion-01', 'eip');
  addInstance(st, [g('bastion-legacy'), web], 'bastion-02', 'none', 'Stopped');
  addInstance(st, [g('windows-jump')], 'win-jump-01', 'public');
  const dev = addInstance(st, [g('dev-sandbox-open')], 'dev-box', 'none');
  addInterface(st, [g('dev-sandbox-open')], 'dev-box-public', dev, true);
  addInstance(st, [g('ops-all-tcp')], 'ops-runner', 'none');
  addInterface(st, [g('ipv6-admin')], 'spare-eni', undefined, false);
  addInstance(st, [g('ci-runner')], 'ci-runner-01', 'public');
  addInstance(st, [g('ci-runner')], 'ci-runner-02', 'public');
  addInstance(st, [g('ack-managed-nodes')], 'ack-node-01', 'none');
  addInstance(st, [g('honeypot')], 'honeypot', 'eip');
  addInstance(st, [web], 'web-01', 'none');
  // rdp-udp, test-wide-range, drop-too-late, partly-shadowed, kube-api-v6: attached to nothing.
}

/** The demo account. */
export function demoState(): SandboxState {
  const st = emptyState(DEFAULT_REGIONS);
  const rnd = prng(20240301);
  const vpcs: Record<string, string[]> = {};
  for (const region of st.regions) vpcs[region] = [newId(st, 'vpc-bp1', 17), newId(st, 'vpc-bp1', 17)];
  const vpc = (region: string, i = 0) => vpcs[region]![i % 2]!;
  const [hz, sh, sg] = st.regions as [string, string, string];

  // Ordinary groups: 18 per region, only safe rules, some referencing each other.
  for (const region of st.regions) {
    let previous: SecurityGroup | undefined;
    for (let i = 0; i < 18; i++) {
      const env = ENVS[i % ENVS.length]!;
      const svc = SERVICES[i % SERVICES.length]!;
      const g = addGroup(st, {
        region,
        name: `${svc}-${env}-${String(i + 1).padStart(2, '0')}`,
        vpc: vpc(region, i),
        description: `${svc} tier (${env})`,
        tags: [
          { TagKey: 'env', TagValue: env },
          { TagKey: 'team', TagValue: i % 2 === 0 ? 'platform' : 'payments' },
        ],
      });
      safeRules(st, g, rnd);
      if (previous && rnd() < 0.4)
        addRule(st, g, { proto: 'TCP', ports: '6379/6379', group: previous.SecurityGroupId });
      previous = g;
    }
  }

  // Risky groups: one kind each.
  const risky = (
    region: string,
    name: string,
    description: string,
    rules: RuleSpec[],
    extra: Partial<Parameters<typeof addGroup>[1]> = {},
  ) => {
    const g = addGroup(st, { region, name, vpc: vpc(region), description, ...extra });
    for (const r of rules) addRule(st, g, r);
    addRule(st, g, { dir: 'egress', proto: 'ALL', cidr: '0.0.0.0/0' });
    return g;
  };
  risky(hz, 'bastion-legacy', 'old bastion: SSH open to the world', [
    { proto: 'TCP', ports: '22/22', cidr: '0.0.0.0/0', description: 'temporary' },
  ]);
  risky(hz, 'windows-jump', 'RDP open to the world', [
    { proto: 'TCP', ports: '3389/3389', cidr: '0.0.0.0/0' },
  ]);
  risky(hz, 'dev-sandbox-open', 'everything open', [
    { proto: 'ALL', cidr: '0.0.0.0/0', description: 'debug' },
  ]);
  risky(hz, 'kube-api-v6', 'every port over IPv6', [{ proto: 'ALL', ipv6: '::/0' }]);
  risky(sh, 'ipv6-admin', 'SSH over IPv6 from anywhere', [{ proto: 'TCP', ports: '22/22', ipv6: '::/0' }]);
  risky(sh, 'ops-all-tcp', 'every TCP port', [{ proto: 'TCP', ports: '1/65535', cidr: '0.0.0.0/0' }]);
  risky(sh, 'rdp-udp', 'RDP over UDP', [{ proto: 'UDP', ports: '3389/3389', cidr: '0.0.0.0/0' }]);
  risky(sg, 'test-wide-range', 'a range covering 22 and 3389', [
    { proto: 'TCP', ports: '20/3400', cidr: '0.0.0.0/0' },
  ]);
  risky(sg, 'ci-runner', 'SSH for CI at low priority', [
    { proto: 'TCP', ports: '443/443', cidr: '0.0.0.0/0' },
    { proto: 'TCP', ports: '22/22', cidr: '0.0.0.0/0', priority: 50 },
  ]);
  risky(sg, 'drop-too-late', 'a drop rule with a lower priority than the accept', [
    { proto: 'TCP', ports: '22/22', cidr: '0.0.0.0/0', priority: 1 },
    { proto: 'TCP', ports: '22/22', cidr: '0.0.0.0/0', policy: 'Drop', priority: 100 },
  ]);
  risky(sh, 'partly-shadowed', 'a drop closes 22, 3389 stays open', [
    { proto: 'TCP', ports: '1/65535', cidr: '0.0.0.0/0', priority: 5 },
    { proto: 'TCP', ports: '22/22', cidr: '0.0.0.0/0', policy: 'Drop', priority: 1 },
  ]);
  // Not a finding: the drop rule (higher priority) closes the SSH accept.
  risky(hz, 'shadowed-ssh', 'SSH accept closed by a drop rule', [
    { proto: 'TCP', ports: '22/22', cidr: '0.0.0.0/0', priority: 10 },
    { proto: 'TCP', ports: '22/22', cidr: '0.0.0.0/0', policy: 'Drop', priority: 1 },
  ]);
  risky(
    hz,
    'ack-managed-nodes',
    'managed by Container Service',
    [{ proto: 'TCP', ports: '22/22', cidr: '0.0.0.0/0' }],
    { managed: true },
  );
  risky(
    sg,
    'honeypot',
    'deliberately open; exempt from remediation',
    [{ proto: 'TCP', ports: '22/22', cidr: '0.0.0.0/0' }],
    {
      tags: [
        { TagKey: EXEMPT_TAG, TagValue: 'true' },
        { TagKey: 'owner', TagValue: 'security' },
      ],
    },
  );
  demoAttachments(st);
  return st;
}

/** Synthetic groups for benches: `groupsPerRegion` in every region, each with `rulesPerGroup` rules (1 in 10 risky). */
export function seedBulk(
  st: SandboxState,
  opts: { groupsPerRegion: number; rulesPerGroup?: number; attachmentsPerGroup?: number },
): void {
  const rnd = prng(7);
  const perGroup = opts.rulesPerGroup ?? 6;
  for (const region of st.regions) {
    const vpcId = newId(st, 'vpc-bp1', 17);
    for (let i = 0; i < opts.groupsPerRegion; i++) {
      const g = addGroup(st, {
        region,
        name: `bulk-${region}-${i}`,
        vpc: vpcId,
        tags: [{ TagKey: 'bulk', TagValue: 'true' }],
      });
      for (let j = 0; j < perGroup; j++) {
        const port = 1000 + Math.floor(rnd() * 60000);
        addRule(st, g, { proto: 'TCP', ports: `${port}/${port}`, cidr: `10.${j}.0.0/16` });
      }
      if (i % 10 === 0) addRule(st, g, { proto: 'TCP', ports: '22/22', cidr: '0.0.0.0/0' });
      // Attachments, half instances and half secondary interfaces; one group in three has a public
      // address among them.
      const n = opts.attachmentsPerGroup ?? 0;
      for (let a = 0; a < n; a++) {
        const pub = i % 3 === 0 && a === 0;
        if (a % 2 === 0) addInstance(st, [g], `bulk-${i}-vm${a}`, pub ? 'public' : 'none');
        else addInterface(st, [g], `bulk-${i}-eni${a}`, undefined, pub);
      }
    }
  }
}

export function seededState(seed: 'demo' | 'empty', regions?: readonly string[]): SandboxState {
  if (seed === 'demo') return demoState();
  return emptyState(regions ?? DEFAULT_REGIONS);
}

/**
 * What each candidate field is called in the language it was read from, so messages, hovers and
 * fixes speak the user's language: `port_range` in Terraform, `PortRange` in a ROS template.
 */
import type { RuleCandidate, SourceLanguage } from './types';

export type CandidateField =
  | 'direction'
  | 'policy'
  | 'protocol'
  | 'portRange'
  | 'sourceCidr'
  | 'sourceIpv6Cidr'
  | 'sourceGroupId'
  | 'prefixListId'
  | 'priority';

/** Candidate fields in the order they are shown. */
export const CANDIDATE_FIELDS: readonly CandidateField[] = [
  'direction',
  'policy',
  'protocol',
  'portRange',
  'sourceCidr',
  'sourceIpv6Cidr',
  'sourceGroupId',
  'prefixListId',
  'priority',
];

const NAMES: Record<SourceLanguage, Record<CandidateField, string>> = {
  // alicloud_security_group_rule arguments (the Terraform provider's schema).
  terraform: {
    direction: 'type',
    policy: 'policy',
    protocol: 'ip_protocol',
    portRange: 'port_range',
    sourceCidr: 'cidr_ip',
    sourceIpv6Cidr: 'ipv6_cidr_ip',
    sourceGroupId: 'source_security_group_id',
    prefixListId: 'prefix_list_id',
    priority: 'priority',
  },
  // ROS ALIYUN::ECS::SecurityGroupIngress properties (SecurityGroup's SecurityGroupIngress items
  // and SecurityGroupIngresses' Permissions items use the same names); every one is ingress.
  ros: {
    direction: 'direction',
    policy: 'Policy',
    protocol: 'IpProtocol',
    portRange: 'PortRange',
    sourceCidr: 'SourceCidrIp',
    sourceIpv6Cidr: 'Ipv6SourceCidrIp',
    sourceGroupId: 'SourceGroupId',
    prefixListId: 'SourcePrefixListId',
    priority: 'Priority',
  },
};

export function fieldName(c: Pick<RuleCandidate, 'language'>, field: CandidateField): string {
  return NAMES[c.language ?? 'terraform'][field];
}

/** The candidate field a language's attribute or property name stands for, if any. */
export function fieldOfName(language: SourceLanguage, name: string): CandidateField | undefined {
  return CANDIDATE_FIELDS.find((f) => NAMES[language][f] === name);
}

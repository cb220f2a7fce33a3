/** Security groups and rules as the ECS API returns them (field set and spelling of the SDK models). */
import type { SecurityGroup, SgRule } from '../state';

export function ruleView(r: SgRule): Record<string, unknown> {
  return {
    SecurityGroupRuleId: r.SecurityGroupRuleId,
    Direction: r.Direction,
    IpProtocol: r.IpProtocol,
    PortRange: r.PortRange,
    SourceCidrIp: r.SourceCidrIp,
    Ipv6SourceCidrIp: r.Ipv6SourceCidrIp,
    SourceGroupId: r.SourceGroupId,
    SourceGroupName: '',
    SourceGroupOwnerAccount: '',
    SourcePrefixListId: r.SourcePrefixListId,
    SourcePrefixListName: '',
    SourcePortRange: r.SourcePortRange,
    DestCidrIp: r.DestCidrIp,
    Ipv6DestCidrIp: r.Ipv6DestCidrIp,
    DestGroupId: r.DestGroupId,
    DestGroupName: '',
    DestGroupOwnerAccount: '',
    DestPrefixListId: r.DestPrefixListId,
    DestPrefixListName: '',
    PortRangeListId: r.PortRangeListId ?? '',
    PortRangeListName: '',
    Policy: r.Policy,
    Priority: r.Priority,
    NicType: r.NicType,
    Description: r.Description,
    CreateTime: r.CreateTime,
  };
}

export function groupView(g: SecurityGroup): Record<string, unknown> {
  const view: Record<string, unknown> = {
    SecurityGroupId: g.SecurityGroupId,
    SecurityGroupName: g.SecurityGroupName,
    Description: g.Description,
    VpcId: g.VpcId,
    SecurityGroupType: g.SecurityGroupType,
    ServiceManaged: g.ServiceManaged,
    ResourceGroupId: g.ResourceGroupId,
    CreationTime: g.CreationTime,
    EcsCount: 0,
    AvailableInstanceAmount: 2000,
    RuleCount: g.rules.length,
    GroupToGroupRuleCount: g.rules.filter((r) => r.SourceGroupId !== '' || r.DestGroupId !== '').length,
    Tags: { Tag: g.Tags.map((t) => ({ TagKey: t.TagKey, TagValue: t.TagValue })) },
  };
  // (unverified) ServiceID is only present for groups a cloud service manages.
  if (g.ServiceManaged) view.ServiceID = 1;
  return view;
}

/** The configuration JSON Cloud Config records for a group: the attribute shape plus ServiceManaged. */
export function configurationView(g: SecurityGroup): Record<string, unknown> {
  return {
    SecurityGroupId: g.SecurityGroupId,
    SecurityGroupName: g.SecurityGroupName,
    Description: g.Description,
    VpcId: g.VpcId,
    RegionId: g.RegionId,
    SecurityGroupType: g.SecurityGroupType,
    InnerAccessPolicy: g.InnerAccessPolicy,
    ServiceManaged: g.ServiceManaged,
    Tags: { Tag: g.Tags.map((t) => ({ TagKey: t.TagKey, TagValue: t.TagValue })) },
    Permissions: { Permission: g.rules.map(ruleView) },
  };
}

/**
 * ECS instances and secondary network interfaces, as far as security groups go (issue 15, part 3):
 * DescribeInstances and DescribeNetworkInterfaces filtered by security group, paged with
 * MaxResults/NextToken (instances 1-100, default 10; interfaces 10-500, default 10: the ranges the
 * SDK models' remarks give). As the DescribeNetworkInterfaces model says, a SecurityGroupId query
 * answers secondary interfaces; primary ones are the instances' own (DescribeInstances).
 */
import type { ActionSpec, Call } from '../http/call';
import { page, seqKey } from '../http/paging';
import type { Attached, Instance, NetworkInterface } from '../state';
import { ecsErrors } from './errors';

function region(call: Call): string {
  const id = call.params.str('RegionId');
  if (id === undefined) throw ecsErrors.missingRegionId();
  if (!call.sb.state.regions.includes(id)) throw ecsErrors.regionNotFound(id);
  return id;
}

const eipView = (e: Attached['Eip']) =>
  e
    ? { PublicIpAddress: e.IpAddress, AllocationId: e.AllocationId }
    : { PublicIpAddress: '', AllocationId: '' };

function instanceView(i: Instance): Record<string, unknown> {
  return {
    InstanceId: i.InstanceId,
    InstanceName: i.InstanceName,
    RegionId: i.RegionId,
    Status: i.Status,
    InstanceNetworkType: 'vpc',
    SecurityGroupIds: { SecurityGroupId: [...i.SecurityGroupIds] },
    PublicIpAddress: { IpAddress: i.PublicIpAddress ? [i.PublicIpAddress] : [] },
    EipAddress: i.Eip
      ? { IpAddress: i.Eip.IpAddress, AllocationId: i.Eip.AllocationId, InternetChargeType: 'PayByTraffic' }
      : { IpAddress: '', AllocationId: '', InternetChargeType: '' },
    VpcAttributes: { VpcId: i.VpcId, PrivateIpAddress: { IpAddress: [i.PrivateIpAddress] } },
    NetworkInterfaces: {
      NetworkInterface: [
        {
          NetworkInterfaceId: i.PrimaryNetworkInterfaceId,
          Type: 'Primary',
          PrimaryIpAddress: i.PrivateIpAddress,
        },
      ],
    },
  };
}

function interfaceView(n: NetworkInterface): Record<string, unknown> {
  return {
    NetworkInterfaceId: n.NetworkInterfaceId,
    NetworkInterfaceName: n.NetworkInterfaceName,
    Status: n.InstanceId ? 'InUse' : 'Available',
    Type: 'Secondary',
    InstanceId: n.InstanceId,
    VpcId: n.VpcId,
    PrivateIpAddress: n.PrivateIpAddress,
    SecurityGroupIds: { SecurityGroupId: [...n.SecurityGroupIds] },
    AssociatedPublicIp: eipView(n.Eip),
    PrivateIpSets: {
      PrivateIpSet: [
        { PrivateIpAddress: n.PrivateIpAddress, Primary: true, AssociatedPublicIp: eipView(n.Eip) },
      ],
    },
  };
}

function describeInstances(call: Call) {
  const p = call.params;
  const regionId = region(call);
  const groupId = p.str('SecurityGroupId');
  const all = Object.values(call.sb.state.instances ?? {})
    .filter((i) => i.RegionId === regionId)
    .filter((i) => groupId === undefined || i.SecurityGroupIds.includes(groupId))
    .sort((a, b) => a.seq - b.seq);
  // Below 10 is 10, above 100 is 100 (the model's remark), not an error.
  const asked = p.int('MaxResults', { def: 10 })!;
  const res = page(all, (i) => seqKey(i.seq), p.str('NextToken'), Math.min(100, Math.max(10, asked)));
  return { NextToken: res.nextToken, Instances: { Instance: res.items.map(instanceView) } };
}

function describeNetworkInterfaces(call: Call) {
  const p = call.params;
  const regionId = region(call);
  const groupId = p.str('SecurityGroupId');
  const instanceId = p.str('InstanceId');
  const type = p.str('Type');
  const all = Object.values(call.sb.state.networkInterfaces ?? {})
    .filter((n) => n.RegionId === regionId)
    .filter(() => type === undefined || type === 'Secondary')
    .filter((n) => groupId === undefined || n.SecurityGroupIds.includes(groupId))
    .filter((n) => instanceId === undefined || n.InstanceId === instanceId)
    .sort((a, b) => a.seq - b.seq);
  const asked = p.int('MaxResults', { def: 10 })!;
  const res = page(all, (n) => seqKey(n.seq), p.str('NextToken'), Math.min(500, Math.max(10, asked)));
  return {
    NextToken: res.nextToken,
    NetworkInterfaceSets: { NetworkInterfaceSet: res.items.map(interfaceView) },
  };
}

export const instanceActions: Record<string, ActionSpec> = {
  DescribeInstances: { handler: describeInstances },
  DescribeNetworkInterfaces: { handler: describeNetworkInterfaces },
};

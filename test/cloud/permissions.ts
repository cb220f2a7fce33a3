/** Recorded-permission fixtures shared by the cloud tests (ECS DescribeSecurityGroupAttribute shape). */

/** SSH open to every IPv4 address. */
export const world22 = {
  SecurityGroupRuleId: 'sgr-ssh',
  IpProtocol: 'TCP',
  PortRange: '22/22',
  SourceCidrIp: '0.0.0.0/0',
  Policy: 'Accept',
  Priority: '1',
};

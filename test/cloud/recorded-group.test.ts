/**
 * Issue 12, mismatch 8: the configuration Config records for a security group may carry its rules
 * flat (`Permissions: [...]`) or as DescribeSecurityGroupAttribute has them
 * (`Permissions.Permission[]`, the shape Alibaba's quick-start function 201 reads). The Config-sourced
 * tree and the function read both; the tree used to read only the nested one and listed a flat
 * group as "non-compliant" with no finding.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigClient } from '../../client/src/cloud/core/api/config-client';
import { findingsFromConfig } from '../../client/src/cloud/core/findings/config-findings';
import { recordedPermissions } from '../../remediation-fn/src/judge';

const ssh = {
  SecurityGroupRuleId: 'sgr-ssh',
  Direction: 'ingress',
  IpProtocol: 'TCP',
  PortRange: '22/22',
  SourceCidrIp: '0.0.0.0/0',
  Policy: 'Accept',
  Priority: 1,
};

/** A Config that holds one non-compliant group recorded with `permissions` as given. */
function fakeConfig(configuration: Record<string, unknown>): ConfigClient {
  const rule = {
    ConfigRuleId: 'cr-1',
    ConfigRuleName: 'sg-guard-risky-ports',
    ConfigRuleArn: '',
    ConfigRuleState: 'ACTIVE',
    SourceIdentifier: 'sg-risky-ports-check',
    SourceOwner: 'ALIYUN',
    RiskLevel: 1,
  };
  const fake = {
    findConfigRule: () => Promise.resolve(rule),
    getConfigRule: () =>
      Promise.resolve({
        ...rule,
        Description: '',
        InputParameters: { ports: '22' },
        ConfigRuleTriggerTypes: 'ConfigurationItemChangeNotification',
        MaximumExecutionFrequency: '',
        ResourceTypesScope: 'ACS::ECS::SecurityGroup',
      }),
    listEvaluationResults: (_id: string, o: { complianceType?: string }) =>
      Promise.resolve({
        items:
          o.complianceType === 'NON_COMPLIANT'
            ? [
                {
                  ComplianceType: 'NON_COMPLIANT',
                  Annotation: '',
                  RiskLevel: 1,
                  RemediationEnabled: true,
                  ConfigRuleId: 'cr-1',
                  RegionId: 'cn-hangzhou',
                  ResourceId: 'sg-1',
                  ResourceName: 'web',
                  ResourceType: 'ACS::ECS::SecurityGroup',
                  ResourceOwnerId: '42',
                },
              ]
            : [],
      }),
    getDiscoveredResource: () =>
      Promise.resolve({
        ResourceId: 'sg-1',
        Region: 'cn-hangzhou',
        AccountId: '42',
        ResourceName: 'web',
        Configuration: {
          SecurityGroupId: 'sg-1',
          SecurityGroupName: 'web',
          VpcId: 'vpc-1',
          ...configuration,
        },
        exists: true,
      }),
  };
  return fake as unknown as ConfigClient;
}

describe('a recorded group’s Permissions, flat or nested (mismatch 8)', () => {
  it('recordedPermissions reads both shapes, and nothing else', () => {
    assert.deepEqual(recordedPermissions({ Permissions: [ssh] }), [ssh]);
    assert.deepEqual(recordedPermissions({ Permissions: { Permission: [ssh] } }), [ssh]);
    assert.deepEqual(recordedPermissions({}), []);
    assert.deepEqual(recordedPermissions({ Permissions: 'x' }), []);
  });

  for (const [shape, configuration] of [
    ['Permissions.Permission[]', { Permissions: { Permission: [ssh] } }],
    ['flat Permissions[]', { Permissions: [ssh] }],
  ] as const) {
    it(`the Config-sourced tree finds SSH open to the world in ${shape}`, async () => {
      const scan = await findingsFromConfig(fakeConfig(configuration), { ruleName: 'sg-guard-risky-ports' });
      const groups = [...scan!.accounts.get('42')!.values()].flatMap((r) => r.groups);
      assert.deepEqual(
        groups.map((g) => [g.groupId, g.findings.map((f) => `${f.portRange} ${f.source}`)]),
        [['sg-1', ['22/22 0.0.0.0/0']]],
      );
    });
  }
});

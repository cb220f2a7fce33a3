/**
 * ROS templates through the core: the three resource types that carry ingress rules, parameter
 * defaults, Ref and the common Fn:: functions worked out, exact positions, suppressions in YAML
 * comments. examples/ros mirrors examples/ rule for rule, and the same verdicts are demanded of both.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  diskSource,
  lintDocument,
  lintModule,
  type Finding,
  type ModuleLintResult,
} from '../../server/src/api/index';
import { EXAMPLES } from '../helpers/paths';
import { memorySource, unmark } from '../helpers/memory-source';

const TODAY = { today: '2026-11-29' };

function lintRos(text: string, path = '/t/stack.ros.yaml'): ModuleLintResult {
  const r = lintDocument(path, memorySource({ [path]: text }), TODAY);
  assert.ok(r, 'linted as a ROS template');
  return r;
}

/** What a finding says, whatever the language: rule, severity, ports, source, and how it is listed. */
function verdict(f: Finding, list: string): string {
  return `${f.ruleId}:${f.severity}:${list}:${f.ports.join(',')}:${f.source ?? ''}`;
}

function verdicts(r: ModuleLintResult, resource: string): string[] {
  return [
    ...r.findings.filter((f) => f.resource === resource).map((f) => verdict(f, 'finding')),
    ...r.unverified.filter((f) => f.resource === resource).map((f) => verdict(f, 'unverified')),
    ...r.suppressed.filter((f) => f.resource === resource).map((f) => verdict(f, 'suppressed')),
  ].sort();
}

/**
 * examples/<folder> and examples/ros/<template>: each Terraform rule and its ROS twin, which must
 * get the same verdicts. Folders without a ROS counterpart: local-module, registry-module and
 * data-files (ROS has no local modules, registry modules or file() reads).
 */
const TWINS: { folder: string; template: string; pairs: [string, string][] }[] = [
  {
    folder: 'basic',
    template: 'basic.ros.yaml',
    pairs: [
      ['alicloud_security_group_rule.https', 'Web.SecurityGroupIngress[0]'],
      ['alicloud_security_group_rule.ssh_office', 'Web.SecurityGroupIngress[1]'],
      ['alicloud_security_group_rule.ssh_world', 'Web.SecurityGroupIngress[2]'],
      ['alicloud_security_group_rule.rdp_udp_v6', 'RdpUdpV6'],
      ['alicloud_security_group_rule.everything', 'WebMore.Permissions[0]'],
      ['alicloud_security_group_rule.bad_range', 'WebMore.Permissions[1]'],
      ['alicloud_security_group_rule.egress_all', 'EgressAll'],
      ['alicloud_security_group_rule.jump_ssh', 'Jump.SecurityGroupIngress[0]'],
      ['alicloud_security_group_rule.jump_ssh_drop', 'Jump.SecurityGroupIngress[1]'],
    ],
  },
  {
    folder: 'variables',
    template: 'variables.ros.yaml',
    pairs: [
      ['alicloud_security_group_rule.admin_ssh', 'AdminSsh'],
      ['alicloud_security_group_rule.public["https"]', 'Public.Permissions[0]'],
      ['alicloud_security_group_rule.public["ssh"]', 'Public.Permissions[1]'],
      ['alicloud_security_group_rule.rdp[0]', 'Rdp'],
      ['alicloud_security_group_rule.bastion', 'Bastion'],
    ],
  },
  {
    folder: 'json',
    template: 'json.ros.json',
    pairs: [
      ['alicloud_security_group_rule.rdp_world', 'RdpWorld'],
      ['alicloud_security_group_rule.https_world', 'HttpsWorld'],
    ],
  },
  {
    folder: 'suppressions',
    template: 'suppressions.ros.yaml',
    pairs: [
      ['alicloud_security_group_rule.lab_ssh', 'LabSsh'],
      ['alicloud_security_group_rule.lab_rdp', 'LabRdp'],
      ['alicloud_security_group_rule.vendor_ssh', 'VendorSsh'],
    ],
  },
];

describe('examples/ros mirrors examples/ rule for rule', () => {
  for (const twin of TWINS) {
    it(`${twin.folder}/ and ros/${twin.template} get the same verdicts`, () => {
      const tf = lintModule(join(EXAMPLES, twin.folder), diskSource(), TODAY);
      const ros = lintDocument(join(EXAMPLES, 'ros', twin.template), diskSource(), TODAY);
      assert.ok(ros);
      assert.deepEqual(ros.parseErrors, []);
      let judged = 0;
      for (const [tfAddress, rosAddress] of twin.pairs) {
        const expected = verdicts(tf, tfAddress);
        judged += expected.length;
        assert.deepEqual(verdicts(ros, rosAddress), expected, `${tfAddress} ↔ ${rosAddress}`);
      }
      assert.ok(judged > 0, 'the pair proves something');
      // Nothing in either language that the table does not pair up.
      const all = (r: ModuleLintResult): string[] =>
        [...r.findings, ...r.unverified, ...r.suppressed].map((f) => f.resource);
      assert.deepEqual(
        [...new Set(all(tf))].filter((a) => !twin.pairs.some(([t]) => t === a)),
        [],
      );
      assert.deepEqual(
        [...new Set(all(ros))].filter((a) => !twin.pairs.some(([, r]) => r === a)),
        [],
      );
    });
  }
});

const header = "ROSTemplateFormatVersion: '2015-09-01'\n";
/** A template with one ALIYUN::ECS::SecurityGroupIngress `R` whose properties are `props`. */
const ingress = (props: string, more = ''): string =>
  `${header}${more}Resources:\n  R:\n    Type: ALIYUN::ECS::SecurityGroupIngress\n    Properties:\n      SecurityGroupId: sg-1\n      IpProtocol: tcp\n      PortRange: 22/22\n${props}`;

describe('values worked out', () => {
  const params = `Parameters:
  World:
    Type: String
    Default: 0.0.0.0/0
  Office:
    Type: String
    Default: 203.0.113.0/24
  Cidrs:
    Type: CommaDelimitedList
    Default: 10.0.0.0/8,0.0.0.0/0
  NoDefault:
    Type: String
  Open:
    Type: String
    Default: 'yes'
Mappings:
  Net:
    Any:
      Cidr: 0.0.0.0/0
Conditions:
  IsOpen: !Equals [!Ref Open, 'yes']
  IsClosed: !Not [{Condition: IsOpen}]
  Unknowable: !Equals [!Ref NoDefault, x]
  Both: !And [{Condition: IsOpen}, !Equals [1, 1]]
  Either: !Or [{Condition: IsClosed}, {Condition: Unknowable}]
`;
  const table: [string, string, 'finding' | 'clean' | 'unverified'][] = [
    ['a literal', '      SourceCidrIp: 0.0.0.0/0\n', 'finding'],
    ['Ref to a parameter default', '      SourceCidrIp: !Ref World\n', 'finding'],
    ['Ref in JSON form', '      SourceCidrIp: {Ref: Office}\n', 'clean'],
    ['Ref to a parameter without a default', '      SourceCidrIp: !Ref NoDefault\n', 'unverified'],
    ['Ref to a pseudo parameter', '      SourceCidrIp: !Ref ALIYUN::Region\n', 'unverified'],
    ['ALIYUN::NoValue: no source', '      SourceCidrIp: !Ref ALIYUN::NoValue\n', 'clean'],
    ['Fn::Select over a CommaDelimitedList', '      SourceCidrIp: !Select [1, !Ref Cidrs]\n', 'finding'],
    ['Fn::Select of the other one', '      SourceCidrIp: !Select [0, !Ref Cidrs]\n', 'clean'],
    ['Fn::Join', "      SourceCidrIp: !Join ['/', ['0.0.0.0', '0']]\n", 'finding'],
    ['Fn::Join long form', "      SourceCidrIp:\n        Fn::Join: ['', ['::', '/0']]\n", 'finding'],
    ['Fn::Sub with a parameter', "      SourceCidrIp: !Sub '${World}'\n", 'finding'],
    [
      'Fn::Sub with its own variables',
      "      SourceCidrIp: !Sub ['${A}/${B}', {A: 0.0.0.0, B: 0}]\n",
      'finding',
    ],
    ['Fn::Sub with ${!Literal}', "      SourceCidrIp: !Sub '${!World}'\n", 'clean'],
    ['Fn::Sub with a resource attribute', "      SourceCidrIp: !Sub '${Eip.IpAddress}/32'\n", 'clean'],
    [
      'Fn::Sub with a resource attribute, any length',
      "      SourceCidrIp: !Sub '${Eip.IpAddress}'\n",
      'unverified',
    ],
    ['Fn::Replace', "      SourceCidrIp: !Replace [{X: '0'}, '0.0.0.X/X']\n", 'finding'],
    [
      'Fn::Split + Fn::Select',
      "      SourceCidrIp: !Select [1, !Split [',', '10.0.0.0/8,0.0.0.0/0']]\n",
      'finding',
    ],
    ['Fn::FindInMap', '      SourceCidrIp: !FindInMap [Net, Any, Cidr]\n', 'finding'],
    ['Fn::If on a true condition', '      SourceCidrIp: !If [IsOpen, !Ref World, !Ref Office]\n', 'finding'],
    ['Fn::If on a false condition', '      SourceCidrIp: !If [IsClosed, !Ref World, !Ref Office]\n', 'clean'],
    ['Fn::If on Fn::And', '      SourceCidrIp: !If [Both, !Ref World, !Ref Office]\n', 'finding'],
    [
      'Fn::If on an unknown condition',
      '      SourceCidrIp: !If [Unknowable, !Ref World, !Ref Office]\n',
      'unverified',
    ],
    [
      'Fn::If whose branches agree',
      '      SourceCidrIp: !If [Unknowable, !Ref Office, 203.0.113.0/24]\n',
      'clean',
    ],
    [
      'Fn::If on Fn::Or of an unknown',
      '      SourceCidrIp: !If [Either, !Ref World, !Ref Office]\n',
      'unverified',
    ],
    ['Fn::GetAtt', '      SourceCidrIp: !GetAtt Eip.IpAddress\n', 'unverified'],
    ['a function not worked out', '      SourceCidrIp: !Jq [First, ".a", "{}"]\n', 'unverified'],
    ['Fn::Str of a number is no CIDR', '      SourceCidrIp: !Str 0\n', 'clean'],
    ['Ipv6SourceCidrIp', "      Ipv6SourceCidrIp: '::/0'\n", 'finding'],
    ['SourceGroupId only', '      SourceGroupId: sg-2\n', 'clean'],
    ['SourcePrefixListId only', '      SourcePrefixListId: pl-1\n', 'clean'],
    ['a drop rule', '      Policy: drop\n      SourceCidrIp: 0.0.0.0/0\n', 'clean'],
  ];
  for (const [name, props, expected] of table) {
    it(name, () => {
      const r = lintRos(ingress(props, params));
      assert.deepEqual(r.parseErrors, []);
      const got = r.findings.length ? 'finding' : r.unverified.length ? 'unverified' : 'clean';
      assert.equal(got, expected, JSON.stringify([...r.findings, ...r.unverified].map((f) => f.message)));
    });
  }

  it('a resource whose Condition is false is not created', () => {
    const text = `${header}Conditions:\n  Never: !Equals [a, b]\nResources:\n  R:\n    Type: ALIYUN::ECS::SecurityGroupIngress\n    Condition: Never\n    Properties:\n      IpProtocol: tcp\n      PortRange: 22/22\n      SourceCidrIp: 0.0.0.0/0\n`;
    assert.equal(lintRos(text).candidates.length, 0);
  });

  it('a condition that refers to itself is unknown, not a loop', () => {
    const text = `${header}Conditions:\n  A: !Not [{Condition: A}]\nResources:\n  R:\n    Type: ALIYUN::ECS::SecurityGroupIngress\n    Properties:\n      IpProtocol: tcp\n      PortRange: 22/22\n      SourceCidrIp: !If [A, 0.0.0.0/0, 10.0.0.0/8]\n`;
    assert.equal(lintRos(text).unverified.length, 1);
  });

  it('a rule list built by a function is judged item by item', () => {
    const text = `${header}Conditions:\n  Yes: !Equals [1, 1]\nResources:\n  G:\n    Type: ALIYUN::ECS::SecurityGroup\n    Properties:\n      SecurityGroupIngress: !If\n        - Yes\n        - - IpProtocol: tcp\n            PortRange: 22/22\n            SourceCidrIp: 0.0.0.0/0\n          - !Ref ALIYUN::NoValue\n        - []\n`;
    const r = lintRos(text);
    assert.deepEqual(
      r.findings.map((f) => f.resource),
      ['G.SecurityGroupIngress[0]'],
    );
  });

  it('the value says where it came from: the parameter default and the mapping', () => {
    const r = lintRos(ingress('      SourceCidrIp: !Ref World\n', params));
    assert.deepEqual(
      r.findings[0]!.related.map((x) => x.message),
      ['parameter World (Default)'],
    );
    const m = lintRos(ingress('      SourceCidrIp: !FindInMap [Net, Any, Cidr]\n', params));
    assert.deepEqual(
      m.findings[0]!.related.map((x) => x.message),
      ['Mappings.Net.Any.Cidr'],
    );
  });

  it('rules of one group are judged together: a SecurityGroupIngress drop shadows the group’s own accept', () => {
    const text = `${header}Resources:\n  G:\n    Type: ALIYUN::ECS::SecurityGroup\n    Properties:\n      SecurityGroupIngress:\n        - IpProtocol: tcp\n          PortRange: 22/22\n          Priority: 5\n          SourceCidrIp: 0.0.0.0/0\n  Deny:\n    Type: ALIYUN::ECS::SecurityGroupIngress\n    Properties:\n      SecurityGroupId: !GetAtt G.SecurityGroupId\n      IpProtocol: tcp\n      PortRange: 1/1024\n      Policy: drop\n      Priority: 1\n      SourceCidrIp: 0.0.0.0/0\n`;
    const r = lintRos(text);
    assert.deepEqual(
      r.findings.map((f) => `${f.resource} ${f.severity}`),
      ['G.SecurityGroupIngress[0] info'],
    );
  });

  it('PortRange is required by ROS', () => {
    const text = `${header}Resources:\n  R:\n    Type: ALIYUN::ECS::SecurityGroupIngress\n    Properties:\n      IpProtocol: icmp\n      SourceCidrIp: 10.0.0.0/8\n`;
    assert.deepEqual(
      lintRos(text).findings.map((f) => f.message),
      ['invalid PortRange: PortRange is required'],
    );
  });
});

describe('exact positions', () => {
  const cases: [string, string][] = [
    ['plain scalar', ingress('      SourceCidrIp: [[0.0.0.0/0]]\n')],
    ['quoted scalar', ingress("      SourceCidrIp: [['0.0.0.0/0']]\n")],
    [
      'short-form function, tag included',
      ingress("      SourceCidrIp: [[!Sub '0.0.0.0/${Bits}']]\n", 'Parameters:\n  Bits:\n    Default: 0\n'),
    ],
    [
      'JSON template, CRLF line ends',
      '{\r\n  "ROSTemplateFormatVersion": "2015-09-01",\r\n  "Resources": {\r\n    "R": {\r\n      "Type": "ALIYUN::ECS::SecurityGroupIngress",\r\n      "Properties": {"IpProtocol": "tcp", "PortRange": "22/22", "SourceCidrIp": [["0.0.0.0/0"]]}\r\n    }\r\n  }\r\n}\r\n',
    ],
    [
      'flow mapping in a list',
      `${header}Resources:\n  G:\n    Type: ALIYUN::ECS::SecurityGroup\n    Properties:\n      SecurityGroupIngress: [{IpProtocol: tcp, PortRange: 22/22, SourceCidrIp: [[0.0.0.0/0]]}]\n`,
    ],
  ];
  for (const [name, marked] of cases) {
    it(name, () => {
      const { text, ranges } = unmark(marked);
      const path = name.startsWith('JSON') ? '/t/stack.json' : '/t/stack.yaml';
      const r = lintRos(text, path);
      assert.deepEqual(r.parseErrors, []);
      assert.deepEqual(
        r.findings.map((f) => f.loc.range),
        ranges,
      );
    });
  }

  it('a byte-order mark shifts nothing', () => {
    const { text, ranges } = unmark(ingress('      SourceCidrIp: [[0.0.0.0/0]]\n'));
    assert.deepEqual(lintRos('\uFEFF' + text).findings[0]!.loc.range, ranges[0]);
  });
});

describe('suppressions in YAML comments', () => {
  const group = (itemPrefix: string, trailing = ''): string =>
    `${header}Resources:\n  G:\n    Type: ALIYUN::ECS::SecurityGroup\n    Properties:\n      SecurityGroupIngress:\n${itemPrefix}        - IpProtocol: tcp\n          PortRange: 22/22\n          SourceCidrIp: 0.0.0.0/0${trailing}\n`;
  const table: [string, string, boolean][] = [
    ['none', group(''), false],
    ['above the list item', group('        # sg-guard:ignore sg-risky-ports-check -- jump host\n'), true],
    ['at the end of the value line', group('', ' # sg-guard:ignore'), true],
    ['another rule id', group('        # sg-guard:ignore sg-public-access-check\n'), false],
    ['expired', group('        # sg-guard:ignore exp:2020-01-01\n'), false],
    [
      'above the resource',
      group('').replace('  G:\n', '  # sg-guard:ignore sg-risky-ports-check -- whole group\n  G:\n'),
      true,
    ],
    [
      'a "#" line inside a block scalar is no comment',
      group('').replace(
        '          SourceCidrIp',
        '          Description: |\n            # sg-guard:ignore\n          SourceCidrIp',
      ),
      false,
    ],
    [
      'the same line as a real comment is one',
      group('').replace('          SourceCidrIp', '          # sg-guard:ignore\n          SourceCidrIp'),
      true,
    ],
  ];
  for (const [name, text, suppressed] of table) {
    it(name, () => {
      const r = lintRos(text);
      assert.equal(r.suppressed.length, suppressed ? 1 : 0, JSON.stringify(r.findings.map((f) => f.message)));
      assert.equal(r.findings.length, suppressed ? 0 : 1);
    });
  }
});

describe('hostile and broken templates', () => {
  it('a syntax error is reported, and the rest is still judged', () => {
    const text = ingress('      SourceCidrIp: 0.0.0.0/0\n') + '  Broken: [unclosed\n';
    const r = lintRos(text);
    assert.ok(r.parseErrors.length > 0);
    assert.equal(r.findings.length, 1);
  });

  it('a duplicated key is a syntax error, not a silent choice', () => {
    const r = lintRos(ingress('      SourceCidrIp: 10.0.0.0/8\n      SourceCidrIp: 0.0.0.0/0\n'));
    assert.ok(r.parseErrors.some((e) => /unique|duplicate/i.test(e.message)));
  });

  it('an alias bomb ends in bounded time', () => {
    let text = `${header}Parameters:\n  P:\n    Default: &a0 ["0.0.0.0/0", "0.0.0.0/0"]\n`;
    for (let i = 1; i < 40; i++) text += `  P${i}:\n    Default: &a${i} [*a${i - 1}, *a${i - 1}]\n`;
    text += `Resources:\n  R:\n    Type: ALIYUN::ECS::SecurityGroupIngress\n    Properties:\n      IpProtocol: tcp\n      PortRange: 22/22\n      SourceCidrIp: !Join ['', !Ref P39]\n`;
    const t0 = Date.now();
    const r = lintRos(text);
    assert.ok(Date.now() - t0 < 5000, 'bounded');
    assert.equal(r.findings.length, 0);
    assert.equal(r.unverified.length, 1, 'too large to work out: cannot verify, never clean');
  });

  it('functions nested thousands deep end in bounded time', () => {
    const deep = '!Select [0, ['.repeat(3000) + '0.0.0.0/0' + ']]'.repeat(3000);
    const r = lintRos(ingress(`      SourceCidrIp: ${deep}\n`));
    assert.equal(r.findings.length + r.unverified.length + r.parseErrors.length > 0, true);
  });

  it('ingress rules of other resource types and egress rules are not judged', () => {
    const text = `${header}Resources:\n  E:\n    Type: ALIYUN::ECS::SecurityGroupEgress\n    Properties:\n      IpProtocol: tcp\n      PortRange: 22/22\n      DestCidrIp: 0.0.0.0/0\n  I:\n    Type: ALIYUN::ECS::Instance\n    Properties:\n      SourceCidrIp: 0.0.0.0/0\n`;
    assert.equal(lintRos(text).candidates.length, 0);
  });
});

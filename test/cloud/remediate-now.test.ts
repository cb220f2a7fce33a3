/**
 * Issue 12, mismatch 10: StartRemediation's published model takes only ConfigRuleId (the
 * ResourceId/ResourceRegionId/ResourceType fields appear, undocumented, in the Config SDK only since
 * commit 656268f of aliyun/alibabacloud-typescript-sdk), so it may remediate every non-compliant group
 * of the rule. Remediate Now invokes the deployed function for exactly the chosen group (the full loop
 * in test/cloud/loop.test.ts proves only that group changes; the editor suite proves the confirmation),
 * and exempt or service-managed groups offer no Remediate Now at all.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { judgePermissions, type GroupFindings } from '../../client/src/cloud/core/findings/findings';
import { FindingsModel, type TreeNode } from '../../client/src/cloud/core/tree/tree-model';
import { functionOfArn, remediationEvent } from '../../client/src/cloud/core/deploy/remediate-now';
import { DEFAULT_EXEMPT_TAG } from '../../remediation-fn/src/public';
import { world22 } from './permissions';

const ROOT = join(__dirname, '..', '..');

function group(id: string, extra: Partial<GroupFindings> = {}): GroupFindings {
  return {
    accountId: '42',
    region: 'cn-hangzhou',
    groupId: id,
    name: id,
    vpcId: 'vpc-1',
    serviceManaged: false,
    tags: [],
    findings: judgePermissions([world22]),
    ...extra,
  };
}

/** The viewItem patterns of every menu entry that offers Remediate Now. */
function remediateNowWhens(): RegExp[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    contributes: { menus: Record<string, { command: string; when?: string }[]> };
  };
  const out: RegExp[] = [];
  for (const entries of Object.values(pkg.contributes.menus))
    for (const e of entries)
      if (e.command === 'sgGuard.cloud.remediateNow' && e.when !== 'false') {
        const m = /viewItem =~ \/(.+?)\/(?:\s|$)/.exec(e.when ?? '');
        assert.ok(m, `Remediate Now is offered only on tree items: ${e.when}`);
        out.push(new RegExp(m[1]!));
      }
  return out;
}

function contexts(g: GroupFindings): { group: string; rules: string[] } {
  const m = new FindingsModel();
  m.begin([{ accountId: '42', label: 'a' }], { kind: 'scan' });
  m.apply('42', { type: 'group', region: 'cn-hangzhou', group: g });
  m.finish();
  const node = m.findGroup('42', g.groupId) as TreeNode;
  return {
    group: m.view(node).contextValue,
    rules: m.children(node).map((r) => m.view(r).contextValue),
  };
}

describe('Remediate Now: exactly the chosen group, never an exempt one (mismatch 10)', () => {
  it('is offered on an ordinary group and its rules', () => {
    const whens = remediateNowWhens();
    assert.ok(whens.length > 0);
    const c = contexts(group('sg-open'));
    assert.deepEqual(c, { group: 'sgGuard.group', rules: ['sgGuard.rule'] });
    for (const ctx of [c.group, ...c.rules])
      assert.ok(
        whens.some((w) => w.test(ctx)),
        ctx,
      );
  });

  it('is not offered on an exempt-tagged or a service-managed group, nor on their rules', () => {
    const whens = remediateNowWhens();
    for (const g of [
      group('sg-exempt', { tags: [{ TagKey: DEFAULT_EXEMPT_TAG, TagValue: 'honeypot' }] }),
      group('sg-managed', { serviceManaged: true }),
    ]) {
      const c = contexts(g);
      assert.deepEqual(c, { group: 'sgGuard.exemptGroup', rules: ['sgGuard.exemptRule'] }, g.groupId);
      for (const ctx of [c.group, ...c.rules])
        assert.ok(!whens.some((w) => w.test(ctx)), `${g.groupId}: ${ctx} offers Remediate Now`);
    }
  });

  it('the function gets one resource, in the shape Config’s remediation sends', () => {
    const g = group('sg-one', { region: 'cn-shanghai', accountId: '1234567890' });
    assert.deepEqual(JSON.parse(remediationEvent(g).toString('utf8')), [
      {
        regionId: 'cn-shanghai',
        accountId: '1234567890',
        resourceId: 'sg-one',
        resourceType: 'ACS::ECS::SecurityGroup',
      },
    ]);
    assert.deepEqual(functionOfArn('acs:fc:cn-shanghai:1234567890:functions/sg-guard-remediation'), {
      region: 'cn-shanghai',
      name: 'sg-guard-remediation',
    });
    assert.equal(functionOfArn('acs:oos:cn-shanghai:1:template/x'), undefined);
  });

  it('the extension never asks Config to StartRemediation (it would cover the whole rule)', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) => {
        const p = join(dir, n);
        return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
      });
    const callers = files(join(ROOT, 'client/src')).filter((f) =>
      /\.startRemediation\(|'StartRemediation'/.test(readFileSync(f, 'utf8')),
    );
    assert.deepEqual(callers, []);
  });
});

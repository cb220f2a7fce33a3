/**
 * How each node of the findings tree reads: label, description, tooltip, icon, and the context value
 * that selects its menu items. Counts and wording depend on where the findings came from.
 */
import { DEFAULT_EXEMPT_TAG, describeErrorInfo } from '../../../../../remediation-fn/src/public';
import type { DataSource, NodeView, TreeNode } from './tree-nodes';
import { attachmentLines, reachLabel, reachOf, reachSummary } from '../findings/exposure';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function nodeView(node: TreeNode, source: DataSource): NodeView {
  switch (node.kind) {
    case 'account': {
      let findings = 0;
      for (const r of node.regions.values()) for (const g of r.groups.values()) findings += g.rules.length;
      const from = source.kind === 'config' ? `Config rule ${source.ruleName}` : 'direct scan';
      return {
        label: node.label,
        description: node.error ? describeErrorInfo(node.error) : `${plural(findings, 'finding')} · ${from}`,
        tooltip: `Account ${node.accountId}\nSource: ${from}${source.kind === 'config' && source.aggregatorId ? ` (aggregator ${source.aggregatorId})` : ''}`,
        contextValue: 'sgGuard.account',
        icon: node.error ? 'error' : 'account',
        collapsible: 'expanded',
      };
    }
    case 'region': {
      const exposed = node.groups.size;
      const description =
        node.status === 'error'
          ? describeErrorInfo(node.error!)
          : node.status === 'scanning'
            ? `scanning… ${plural(node.scanned, 'group')} checked`
            : source.kind === 'config'
              ? `${plural(exposed, 'non-compliant group')}`
              : `${exposed} exposed of ${plural(node.scanned, 'group')}`;
      return {
        label: node.region,
        description,
        tooltip: node.error ? `${node.error.code}: ${node.error.message}` : `${node.region}: ${description}`,
        contextValue: 'sgGuard.region',
        icon:
          node.status === 'error'
            ? 'error'
            : node.status === 'scanning'
              ? 'loading~spin'
              : exposed > 0
                ? 'globe'
                : 'pass',
        collapsible: exposed > 0 || node.error || node.messages.length > 0 ? 'expanded' : 'none',
      };
    }
    case 'group': {
      const g = node.group;
      const n = node.rules.length;
      const exempt = isExempt(g);
      const flags = [g.serviceManaged ? 'service-managed' : '', exempt ? 'exempt' : ''].filter(Boolean);
      const unverified = node.rules.filter((r) => r.finding.cannotVerify).length;
      const reach = g.exposure ? reachSummary(g.exposure) : '';
      return {
        label: g.name || g.groupId,
        // What it exposes comes right after the id (which stays first): the line is cut on the right.
        description: [
          g.groupId,
          g.exposure ? reachLabel(g.exposure) : '',
          g.vpcId,
          n > 0 ? plural(n - unverified, 'finding') : 'non-compliant (Config)',
          unverified > 0 ? `${unverified} cannot verify` : '',
          g.ruleBlindSpot ? 'not seen by the Config rule' : '',
          ...flags,
        ]
          .filter(Boolean)
          .join(' · '),
        tooltip: [
          `${g.name} (${g.groupId})`,
          `VPC: ${g.vpcId || '(classic)'}`,
          `Region: ${g.region}, account ${g.accountId}`,
          n > 0 ? `${plural(n, 'risky rule')}` : `Config: ${g.configAnnotation ?? ''}`,
          g.ruleBlindSpot ? `Compliant for Config: ${g.ruleBlindSpot}.` : '',
          ...flags.map((f) => `This group is ${f}: the remediation function leaves it alone.`),
          ...(g.exposure ? [`Exposure: ${reach}`, ...attachmentLines(g.exposure)] : []),
        ]
          .filter(Boolean)
          .join('\n'),
        // Exempt and service-managed groups offer no remediation: the function would leave them alone.
        contextValue: flags.length > 0 ? 'sgGuard.exemptGroup' : 'sgGuard.group',
        icon: reachOf(g.exposure) === 'internet' ? 'globe' : 'shield',
        collapsible: n > 0 ? 'collapsed' : 'none',
      };
    }
    case 'rule': {
      const f = node.finding;
      const ports = f.portRange === '-1/-1' ? 'all ports' : f.portRange.replace(/^(\d+)\/\1$/, '$1');
      if (f.cannotVerify) {
        return {
          label: `cannot verify: ${f.protocol} ${ports} from ${f.source}`,
          description: f.ruleId,
          tooltip: `${f.why}\nSG Guard never revokes a rule it cannot judge, nor calls it clean.`,
          contextValue: 'sgGuard.unverifiedRule',
          icon: 'question',
          collapsible: 'none',
        };
      }
      return {
        label: `${f.ports.join(', ') || ports} from ${f.source}`,
        description: `${f.protocol} ${ports} · ${f.ruleId}`,
        tooltip: [
          f.why,
          `Rule ${f.ruleId}: ${f.policy} ${f.protocol} ${f.portRange} from ${f.source}, priority ${f.priority}`,
          f.description ? `Description: ${f.description}` : '',
        ]
          .filter(Boolean)
          .join('\n'),
        contextValue:
          isExempt(node.group) || node.group.serviceManaged ? 'sgGuard.exemptRule' : 'sgGuard.rule',
        icon: 'warning',
        collapsible: 'none',
      };
    }
    case 'message':
      return {
        label: node.text,
        tooltip: node.tooltip ?? node.text,
        contextValue: 'sgGuard.message',
        icon: node.severity === 'error' ? 'error' : 'info',
        collapsible: 'none',
      };
  }
}

/** Tagged with the guardrail's exemption tag (its key; the function's setting may add a value). */
export function isExempt(g: { tags: { TagKey: string }[] }): boolean {
  return g.tags.some((t) => t.TagKey === DEFAULT_EXEMPT_TAG);
}

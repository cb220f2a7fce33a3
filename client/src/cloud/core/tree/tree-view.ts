/**
 * How each node of the findings tree reads: label, description, tooltip, icon, and the context value
 * that selects its menu items. Counts and wording depend on where the findings came from.
 */
import { describeErrorInfo } from '../api/errors';
import type { DataSource, NodeView, TreeNode } from './tree-nodes';

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
      const flags = [
        g.serviceManaged ? 'service-managed' : '',
        ...g.tags.filter((t) => t.TagKey === 'sg-guard:exempt').map(() => 'exempt'),
      ].filter(Boolean);
      return {
        label: g.name || g.groupId,
        description: [g.groupId, g.vpcId, n > 0 ? plural(n, 'finding') : 'non-compliant (Config)', ...flags]
          .filter(Boolean)
          .join(' · '),
        tooltip: [
          `${g.name} (${g.groupId})`,
          `VPC: ${g.vpcId || '(classic)'}`,
          `Region: ${g.region}, account ${g.accountId}`,
          n > 0 ? `${plural(n, 'risky rule')}` : `Config: ${g.configAnnotation ?? ''}`,
          ...flags.map((f) => `This group is ${f}: the remediation function leaves it alone.`),
        ].join('\n'),
        contextValue: 'sgGuard.group',
        icon: 'shield',
        collapsible: n > 0 ? 'collapsed' : 'none',
      };
    }
    case 'rule': {
      const f = node.finding;
      const ports = f.portRange === '-1/-1' ? 'all ports' : f.portRange.replace(/^(\d+)\/\1$/, '$1');
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
        contextValue: 'sgGuard.rule',
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

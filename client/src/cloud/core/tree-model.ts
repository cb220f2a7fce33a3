/**
 * The live findings tree as plain data: Account → region → security group → risky rule, plus
 * message nodes for errors. Scan events are applied as they stream in; the VS Code adapter only
 * maps `view(node)` onto TreeItems. Only groups with findings (or errors) are shown, so the tree
 * is a to-do list; regions say how many groups were checked.
 */
import { describeErrorInfo, type CloudErrorInfo } from './errors';
import type { GroupFindings, RuleFinding } from './findings';
import type { ScanEvent } from './scanner';

export type TreeState = 'idle' | 'scanning' | 'clean' | 'findings' | 'error';
export type DataSource = { kind: 'scan' } | { kind: 'config'; ruleName: string; aggregatorId?: string };

interface Base {
  id: string;
}
export interface AccountNode extends Base {
  kind: 'account';
  accountId: string;
  label: string;
  regions: Map<string, RegionNode>;
  error?: CloudErrorInfo;
}
export interface RegionNode extends Base {
  kind: 'region';
  accountId: string;
  region: string;
  status: 'scanning' | 'done' | 'error';
  scanned: number;
  groups: Map<string, GroupNode>;
  messages: MessageNode[];
  error?: CloudErrorInfo;
}
export interface GroupNode extends Base {
  kind: 'group';
  group: GroupFindings;
  rules: RuleNode[];
}
export interface RuleNode extends Base {
  kind: 'rule';
  group: GroupFindings;
  finding: RuleFinding;
}
export interface MessageNode extends Base {
  kind: 'message';
  text: string;
  severity: 'error' | 'info';
  tooltip?: string;
}
export type TreeNode = AccountNode | RegionNode | GroupNode | RuleNode | MessageNode;

export interface NodeView {
  label: string;
  description?: string;
  tooltip: string;
  /** For `view/item/context` menus: `sgGuard.account`, `sgGuard.group`, `sgGuard.rule`, ... */
  contextValue: string;
  /** A codicon id. */
  icon: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export class FindingsModel {
  private accounts = new Map<string, AccountNode>();
  private listeners = new Set<() => void>();
  private running = false;
  source: DataSource = { kind: 'scan' };

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  /** Starts a new refresh: forgets the previous results. */
  begin(accounts: { accountId: string; label: string }[], source: DataSource): void {
    this.accounts = new Map(
      accounts.map((a) => [
        a.accountId,
        { kind: 'account', id: `account:${a.accountId}`, ...a, regions: new Map() },
      ]),
    );
    this.source = source;
    this.running = true;
    this.changed();
  }

  finish(): void {
    this.running = false;
    for (const a of this.accounts.values()) {
      for (const r of a.regions.values()) if (r.status === 'scanning') r.status = 'done';
    }
    this.changed();
  }

  clear(): void {
    this.accounts.clear();
    this.running = false;
    this.changed();
  }

  private account(accountId: string): AccountNode {
    let a = this.accounts.get(accountId);
    if (!a) {
      a = {
        kind: 'account',
        id: `account:${accountId}`,
        accountId,
        label: `Account ${accountId}`,
        regions: new Map(),
      };
      this.accounts.set(accountId, a);
    }
    return a;
  }

  private region(accountId: string, region: string): RegionNode {
    const a = this.account(accountId);
    let r = a.regions.get(region);
    if (!r) {
      r = {
        kind: 'region',
        id: `region:${accountId}:${region}`,
        accountId,
        region,
        status: 'scanning',
        scanned: 0,
        groups: new Map(),
        messages: [],
      };
      a.regions.set(region, r);
    }
    return r;
  }

  /** An account-level failure (no credentials, the Config rule unreadable, ...). */
  accountError(accountId: string, error: CloudErrorInfo): void {
    this.account(accountId).error = error;
    this.changed();
  }

  apply(accountId: string, e: ScanEvent): void {
    const r = this.region(accountId, e.region);
    switch (e.type) {
      case 'region-start':
        r.status = 'scanning';
        break;
      case 'group':
        r.scanned++;
        this.putGroup(r, e.group);
        break;
      case 'group-error':
        r.messages.push({
          kind: 'message',
          id: `message:${r.id}:${e.groupId}`,
          text: `${e.groupId}: ${describeErrorInfo(e.error)}`,
          severity: 'error',
          tooltip: e.error.message,
        });
        break;
      case 'region-done':
        r.status = 'done';
        break;
      case 'region-error':
        r.status = 'error';
        r.error = e.error;
        break;
    }
    this.changed();
  }

  /** Puts (or replaces, after a re-check) one group; a group without findings leaves the tree. */
  putGroup(r: RegionNode, g: GroupFindings): void {
    const id = `group:${g.accountId}:${g.groupId}`;
    if (g.findings.length === 0 && !g.configAnnotation) {
      r.groups.delete(g.groupId);
      return;
    }
    r.groups.set(g.groupId, {
      kind: 'group',
      id,
      group: g,
      rules: g.findings.map((f, i) => ({
        kind: 'rule',
        id: `rule:${g.accountId}:${g.groupId}:${f.ruleId || i}`,
        group: g,
        finding: f,
      })),
    });
  }

  /** Replaces a group after a re-check (revoke, remediation). */
  updateGroup(g: GroupFindings): void {
    const r = this.region(g.accountId, g.region);
    this.putGroup(r, g);
    if (r.status === 'scanning' && !this.running) r.status = 'done';
    this.changed();
  }

  findGroup(accountId: string, groupId: string): GroupNode | undefined {
    for (const r of this.accounts.get(accountId)?.regions.values() ?? []) {
      const g = r.groups.get(groupId);
      if (g) return g;
    }
    return undefined;
  }

  totals(): { groups: number; findings: number; errors: number } {
    let groups = 0;
    let findings = 0;
    let errors = 0;
    for (const a of this.accounts.values()) {
      if (a.error) errors++;
      for (const r of a.regions.values()) {
        if (r.error) errors++;
        errors += r.messages.filter((m) => m.severity === 'error').length;
        for (const g of r.groups.values()) {
          groups++;
          findings += g.rules.length;
        }
      }
    }
    return { groups, findings, errors };
  }

  /** Drives the welcome content and the view's context key. */
  get state(): TreeState {
    if (this.running) return 'scanning';
    if (this.accounts.size === 0) return 'idle';
    const t = this.totals();
    if (t.errors > 0) return 'error';
    return t.groups > 0 ? 'findings' : 'clean';
  }

  /** Empty when clean or idle (so the view's welcome content shows); otherwise the accounts. */
  roots(): TreeNode[] {
    const s = this.state;
    if (s === 'idle' || s === 'clean') return [];
    return [...this.accounts.values()];
  }

  children(node?: TreeNode): TreeNode[] {
    if (!node) return this.roots();
    switch (node.kind) {
      case 'account': {
        const out: TreeNode[] = [];
        if (node.error) out.push(errorNode(node.id, node.error));
        return [...out, ...node.regions.values()];
      }
      case 'region': {
        const out: TreeNode[] = [];
        if (node.error) out.push(errorNode(node.id, node.error));
        const groups = [...node.groups.values()].sort(
          (a, b) =>
            b.rules.length - a.rules.length ||
            a.group.name.localeCompare(b.group.name) ||
            a.group.groupId.localeCompare(b.group.groupId),
        );
        return [...out, ...groups, ...node.messages];
      }
      case 'group':
        return node.rules;
      default:
        return [];
    }
  }

  view(node: TreeNode): NodeView {
    switch (node.kind) {
      case 'account': {
        let findings = 0;
        for (const r of node.regions.values()) for (const g of r.groups.values()) findings += g.rules.length;
        const from = this.source.kind === 'config' ? `Config rule ${this.source.ruleName}` : 'direct scan';
        return {
          label: node.label,
          description: node.error
            ? describeErrorInfo(node.error)
            : `${plural(findings, 'finding')} · ${from}`,
          tooltip: `Account ${node.accountId}\nSource: ${from}${this.source.kind === 'config' && this.source.aggregatorId ? ` (aggregator ${this.source.aggregatorId})` : ''}`,
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
              : this.source.kind === 'config'
                ? `${plural(exposed, 'non-compliant group')}`
                : `${exposed} exposed of ${plural(node.scanned, 'group')}`;
        return {
          label: node.region,
          description,
          tooltip: node.error
            ? `${node.error.code}: ${node.error.message}`
            : `${node.region}: ${description}`,
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
}

function errorNode(parentId: string, error: CloudErrorInfo): MessageNode {
  return {
    kind: 'message',
    id: `message:${parentId}:error`,
    text: describeErrorInfo(error),
    severity: 'error',
    tooltip: `${error.code}: ${error.message}${error.requestId ? `\nRequestId: ${error.requestId}` : ''}`,
  };
}

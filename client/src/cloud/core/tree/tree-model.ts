/**
 * The live findings tree as plain data: Account → region → security group → risky rule, plus
 * message nodes for errors. Scan events are applied as they stream in; the VS Code adapter only
 * maps `view(node)` onto TreeItems. Only groups with findings (or errors) are shown, so the tree
 * is a to-do list; regions say how many groups were checked.
 */
import { describeErrorInfo, type CloudErrorInfo } from '../../../../../remediation-fn/src/public';
import type { GroupFindings } from '../findings/findings';
import type { ScanEvent } from '../findings/scanner';
import type {
  AccountNode,
  DataSource,
  GroupNode,
  MessageNode,
  NodeView,
  RegionNode,
  TreeNode,
  TreeState,
} from './tree-nodes';
import { nodeView } from './tree-view';
import { publicAddressCount, REACH_RANK, reachOf } from '../findings/exposure';

export type {
  AccountNode,
  DataSource,
  GroupNode,
  MessageNode,
  NodeView,
  RegionNode,
  RuleNode,
  TreeNode,
  TreeState,
} from './tree-nodes';

export class FindingsModel {
  private accounts = new Map<string, AccountNode>();
  private listeners = new Set<() => void>();
  private running = false;
  /** Labels for accounts that appear as results arrive (Config mode, aggregators). */
  private labels: ReadonlyMap<string, string> = new Map();
  source: DataSource = { kind: 'scan' };

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  /**
   * Starts a new refresh: forgets the previous results. `accounts` are shown at once; `labels` name
   * accounts that appear only when a result for them arrives.
   */
  begin(
    accounts: { accountId: string; label: string }[],
    source: DataSource,
    labels: ReadonlyMap<string, string> = new Map(),
  ): void {
    this.labels = labels;
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
        label: this.labels.get(accountId) ?? `Account ${accountId}`,
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
    // A re-check (revoke, remediation) reads rules, not attachments: those stay as last read.
    const before = r.groups.get(g.groupId)?.group.exposure;
    if (!g.exposure && before) g = { ...g, exposure: before };
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
        return [...out, ...[...node.groups.values()].sort(byRank), ...node.messages];
      }
      case 'group':
        return node.rules;
      default:
        return [];
    }
  }

  /** Every group shown, ranked across accounts and regions as each region ranks them (the report). */
  rankedGroups(): GroupNode[] {
    const all: GroupNode[] = [];
    for (const a of this.accounts.values())
      for (const r of a.regions.values()) all.push(...r.groups.values());
    return all.sort(byRank);
  }

  view(node: TreeNode): NodeView {
    return nodeView(node, this.source);
  }
}

/**
 * Reachable from the Internet first (most public addresses first), then groups whose attachments
 * could not be read, then attached ones, then those attached to nothing; then by findings and name.
 */
function byRank(a: GroupNode, b: GroupNode): number {
  const ea = a.group.exposure;
  const eb = b.group.exposure;
  return (
    REACH_RANK[reachOf(ea)] - REACH_RANK[reachOf(eb)] ||
    publicAddressCount(eb) - publicAddressCount(ea) ||
    b.rules.length - a.rules.length ||
    a.group.name.localeCompare(b.group.name) ||
    a.group.groupId.localeCompare(b.group.groupId)
  );
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

/** The findings tree's nodes (account → region → group → risky rule, plus messages) and their view. */
import type { CloudErrorInfo } from '../../../../../remediation-fn/src/public';
import type { GroupFindings, RuleFinding } from '../findings/findings';

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

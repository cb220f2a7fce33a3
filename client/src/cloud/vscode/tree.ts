/** The findings model as a VS Code tree; updates are batched so a streaming scan does not flood the UI. */
import {
  EventEmitter,
  ThemeColor,
  ThemeIcon,
  TreeItem,
  TreeItemCollapsibleState,
  type TreeDataProvider,
} from 'vscode';
import type { FindingsModel, TreeNode } from '../core/tree/tree-model';

const COLLAPSIBLE = {
  none: TreeItemCollapsibleState.None,
  collapsed: TreeItemCollapsibleState.Collapsed,
  expanded: TreeItemCollapsibleState.Expanded,
};

export class FindingsTreeProvider implements TreeDataProvider<TreeNode> {
  private readonly emitter = new EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly model: FindingsModel) {
    model.onDidChange(() => this.schedule());
  }

  /** The first change shows at once (first finding fast); the rest at most every 150 ms. */
  private schedule(): void {
    if (this.timer) return;
    this.emitter.fire(undefined);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.emitter.fire(undefined);
    }, 150);
  }

  getTreeItem(node: TreeNode): TreeItem {
    const v = this.model.view(node);
    const item = new TreeItem(v.label, COLLAPSIBLE[v.collapsible]);
    // VS Code keeps a node's expansion by id and ignores later changes of collapsibleState: a region
    // first shown as a leaf (still scanning, nothing found yet) would stay collapsed once its findings
    // arrive. A leaf and its expandable self get different ids, so the expandable one opens as asked.
    item.id = v.collapsible === 'none' ? node.id : `${node.id}+`;
    item.description = v.description;
    item.tooltip = v.tooltip;
    item.contextValue = v.contextValue;
    const color =
      v.icon === 'error'
        ? new ThemeColor('errorForeground')
        : v.icon === 'warning'
          ? new ThemeColor('problemsWarningIcon.foreground')
          : undefined;
    item.iconPath = new ThemeIcon(v.icon, color);
    return item;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    return this.model.children(node);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.emitter.dispose();
  }
}

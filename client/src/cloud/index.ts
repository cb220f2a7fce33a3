/**
 * The cloud features' entry: `activateCloud` registers the findings view and the `sgGuard.cloud.*`
 * commands. It loads no cloud SDK: those are imported on first use (each costs ~2 s).
 */
import {
  commands,
  ExtensionMode,
  Uri,
  window,
  workspace,
  type ExtensionContext,
  type LogOutputChannel,
} from 'vscode';
import type { Answer } from './core/prompter';
import { ScriptedPrompter } from './core/prompter';
import type { GroupNode, RuleNode, TreeNode } from './core/tree/tree-model';
import { AccountCommands } from './vscode/account';
import { Connection } from './vscode/connection';
import { CloudController } from './vscode/controller';
import { GuardrailCommands } from './vscode/guardrail';
import { copyId, openInConsole, showInTerraform } from './vscode/node-actions';
import { exportFindings } from './vscode/export';
import { VsCodePrompter } from './vscode/prompter';
import { FindingsTreeProvider } from './vscode/tree';

export const CLOUD_VIEW_ID = 'sgGuard.cloudFindings';

export function activateCloud(context: ExtensionContext, output: LogOutputChannel): void {
  const controller = new CloudController(new Connection(context.secrets), output, new VsCodePrompter());
  const provider = new FindingsTreeProvider(controller.model);
  const view = window.createTreeView(CLOUD_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  const guardrail = new GuardrailCommands(context, controller);
  const account = new AccountCommands(context, controller);
  // Commands never reject to the caller (VS Code would only show a generic toast); what failed goes
  // to the output, and under test to `errors` so the extension-host tests can see it.
  const testHooks = context.extensionMode === ExtensionMode.Test || process.env.SG_GUARD_TEST_HOOKS === '1';
  const errors: string[] = [];
  const report = (name: string) => (e: unknown) => {
    const text = `${name}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
    if (testHooks) errors.push(text);
    output.error(text);
  };
  const run = <A extends unknown[]>(name: string, fn: (...args: A) => Promise<void>) =>
    commands.registerCommand(`sgGuard.cloud.${name}`, (...args: A) =>
      workspace.isTrusted ? fn(...args).catch(report(name)) : explainRestrictedMode(),
    );
  const onNode =
    <N extends TreeNode>(fn: (n: N) => Promise<void>) =>
    (n?: N) => {
      const node = n ?? (view.selection[0] as N | undefined);
      return node ? fn(node) : Promise.resolve();
    };

  controller.model.onDidChange(() => {
    const t = controller.model.totals();
    view.badge =
      t.findings > 0
        ? { value: t.findings, tooltip: `${t.findings} risky rules exposed to the Internet` }
        : undefined;
  });

  context.subscriptions.push(
    view,
    provider,
    { dispose: () => controller.dispose() },
    { dispose: () => account.dispose() },
    run('refresh', () => controller.refresh()),
    run('setAccessKey', () => account.setAccessKey()),
    run('clearAccessKey', () => account.clearAccessKey()),
    run('selectProfile', () => account.selectProfile()),
    run('startSandbox', () => account.startSandbox()),
    run('stopSandbox', () => account.stopSandbox()),
    run('scaffoldGuardrail', () => guardrail.scaffold()),
    run('deployGuardrail', () => guardrail.deploy()),
    run('removeGuardrail', () => guardrail.remove()),
    run('reevaluate', () => controller.reevaluate()),
    run('exportFindings', (target?: unknown) =>
      exportFindings(controller.model, target instanceof Uri ? target : undefined),
    ),
    run(
      'revokeRule',
      onNode<RuleNode>((n) => controller.revoke(n)),
    ),
    run(
      'remediateNow',
      onNode<GroupNode | RuleNode>((n) =>
        controller.remediateNow(
          n.kind === 'rule'
            ? (controller.model.findGroup(n.group.accountId, n.group.groupId) ?? {
                kind: 'group',
                id: '',
                group: n.group,
                rules: [n],
              })
            : n,
        ),
      ),
    ),
    run(
      'openInConsole',
      onNode((n) => openInConsole(n)),
    ),
    run(
      'copyId',
      onNode((n) => copyId(n)),
    ),
    run(
      'findInTerraform',
      onNode((n) => showInTerraform(n, controller.prompter)),
    ),
    workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('sgGuard.cloud.autoRefreshMinutes') && workspace.isTrusted)
        controller.configureAutoRefresh();
      if (e.affectsConfiguration('sgGuard.cloud')) void controller.updateContext();
    }),
  );
  // Test hooks (scripted answers to every prompt, a snapshot of the tree) exist only under test.
  if (testHooks) {
    context.subscriptions.push(
      // Returns the ScriptedPrompter, whose `asked` lists the questions (and the preview) it answered.
      commands.registerCommand('sgGuard.cloud.test.scriptAnswers', (answers: Answer[] | undefined) => {
        controller.prompter = answers ? new ScriptedPrompter(answers) : new VsCodePrompter();
        return controller.prompter;
      }),
      // `node` is the model's own node: the tree commands take it as their argument, as from a menu.
      commands.registerCommand('sgGuard.cloud.test.snapshot', () => {
        const walk = (n?: TreeNode): unknown[] =>
          controller.model
            .children(n)
            .map((c) => ({ ...controller.model.view(c), kind: c.kind, node: c, children: walk(c) }));
        return {
          state: controller.model.state,
          totals: controller.model.totals(),
          tree: walk(),
          errors: errors.splice(0),
          sandbox: controller.connection.sandbox,
        };
      }),
    );
  }
  // Nothing runs on its own in Restricted Mode: the auto-refresh starts once the workspace is trusted.
  if (workspace.isTrusted) controller.configureAutoRefresh();
  else
    context.subscriptions.push(workspace.onDidGrantWorkspaceTrust(() => controller.configureAutoRefresh()));
  void controller.updateContext().catch(report('context'));
}

/**
 * In Restricted Mode the cloud commands do nothing but say why: they sign calls with the user's
 * credentials, read and write workspace files (a scaffolded tfvars decides what a deploy keeps open)
 * and may start Terraform in the workspace.
 */
async function explainRestrictedMode(): Promise<void> {
  const manage = 'Manage Workspace Trust';
  const picked = await window.showWarningMessage(
    'SG Guard: cloud commands are off in Restricted Mode. Linting still works; trust this workspace to use the cloud features.',
    manage,
  );
  if (picked === manage) await commands.executeCommand('workbench.trust.manage');
}

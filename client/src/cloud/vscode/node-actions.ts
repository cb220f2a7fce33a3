/**
 * Tree actions that need no cloud call: open a group in the ECS console, copy an id, and find the
 * Terraform that defines a group in the workspace.
 */
import { env, Position, Range, Selection, Uri, window, workspace } from 'vscode';
import type { Prompter } from '../core/prompter';
import { findInTerraform } from '../core/findings/terraform-search';
import type { TreeNode } from '../core/tree/tree-model';

export async function openInConsole(node: TreeNode): Promise<void> {
  const g = node.kind === 'group' || node.kind === 'rule' ? node.group : undefined;
  if (!g) return;
  await env.openExternal(
    Uri.parse(
      `https://ecs.console.aliyun.com/securityGroupDetail/region/${g.region}/groupId/${g.groupId}/detail/intranetIngress`,
    ),
  );
}

export async function copyId(node: TreeNode): Promise<void> {
  const id =
    node.kind === 'rule'
      ? node.finding.ruleId
      : node.kind === 'group'
        ? node.group.groupId
        : node.kind === 'account'
          ? node.accountId
          : '';
  if (id) await env.clipboard.writeText(id);
}

/** Opens the Terraform that defines the node's group (asks which, when several files match). */
export async function showInTerraform(node: TreeNode, prompter: Prompter): Promise<void> {
  const g = node.kind === 'group' || node.kind === 'rule' ? node.group : undefined;
  if (!g) return;
  const uris = await workspace.findFiles('**/*.tf', '**/.terraform/**', 5000);
  const files = await Promise.all(
    uris.map(async (u) => ({
      path: u.fsPath,
      text: Buffer.from(await workspace.fs.readFile(u)).toString('utf8'),
    })),
  );
  const matches = findInTerraform(files, {
    groupId: g.groupId,
    groupName: g.name,
    ...(node.kind === 'rule' ? { ruleId: node.finding.ruleId } : {}),
  });
  if (matches.length === 0) {
    void window.showInformationMessage(
      `No Terraform file in the workspace mentions ${g.groupId} or a security group named "${g.name}".`,
    );
    return;
  }
  const pick =
    matches.length === 1
      ? matches[0]
      : await prompter.pick(
          `Where ${g.name} (${g.groupId}) is defined`,
          matches.map((m) => ({
            label: `${workspace.asRelativePath(m.path)}:${m.line + 1}`,
            description: m.text,
            detail: m.why === 'id' ? 'by id' : 'by name',
            value: m,
          })),
        );
  if (!pick) return;
  const doc = await workspace.openTextDocument(pick.path);
  const editor = await window.showTextDocument(doc);
  const pos = new Position(pick.line, Math.max(0, pick.column));
  editor.selection = new Selection(pos, pos);
  editor.revealRange(new Range(pos, pos));
}

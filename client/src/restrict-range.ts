/**
 * "Restrict to a trusted range…" (the quick fix offered on every world-open finding): asks for a
 * range — suggesting the configured ones and those other rules of the workspace accept on that port,
 * checking what is typed with the rule module — applies the server's edit where the value is
 * written, then offers to remember the range in the project's `.sg-guard.yaml`.
 */
import { commands, window, workspace, Uri, type Disposable, type QuickPickItem } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  RememberTrustedRangeRequest,
  RESTRICT_COMMAND,
  RestrictRequest,
  SuggestTrustedRangesRequest,
  type RestrictTarget,
  type SuggestResult,
  type TrustedRangeSuggestion,
} from '../../server/src/lsp/protocol';
import { checkTrustedRange } from '../../server/src/risk/index';

/** Answers given by the caller instead of asking (tests, other extensions' automation). */
export interface RestrictAnswers {
  cidr: string;
  remember?: boolean;
}

export interface RestrictOutcome {
  cidr: string;
  /** The config file it was remembered in, when it was. */
  rememberedIn?: string;
}

const ENTER_ANOTHER = '$(edit) Enter another range…';

function describe(s: TrustedRangeSuggestion): string {
  if (s.from === 'configured') return 'configured trusted range';
  return `accepted on this port by ${s.rules} rule${s.rules === 1 ? '' : 's'} of the workspace`;
}

async function askRange(t: RestrictTarget, info: SuggestResult): Promise<string | undefined> {
  const title = `Restrict ${t.resource} to a trusted range`;
  if (info.suggestions.length > 0) {
    const items: (QuickPickItem & { cidr?: string })[] = [
      ...info.suggestions.map((s) => ({ label: s.cidr, description: describe(s), cidr: s.cidr })),
      { label: ENTER_ANOTHER },
    ];
    const picked = await window.showQuickPick(items, {
      title,
      placeHolder: `${t.resource} ${t.message}: the range to accept instead`,
      ignoreFocusOut: true,
    });
    if (!picked) return undefined;
    if (picked.cidr) return picked.cidr;
  }
  const typed = await window.showInputBox({
    title,
    prompt: `The range to accept instead of ${t.source} (${t.message}): an office, VPN or bastion range.`,
    placeHolder: t.family === 'ipv4' ? '203.0.113.0/24' : '2001:db8::/32',
    ignoreFocusOut: true,
    validateInput: (v) => {
      const r = checkTrustedRange(v, t.family);
      return r.ok ? undefined : r.problem;
    },
  });
  return typed === undefined ? undefined : typed.trim();
}

async function run(
  client: LanguageClient,
  t: RestrictTarget,
  answers?: RestrictAnswers,
): Promise<RestrictOutcome | undefined> {
  const info = await client.sendRequest(SuggestTrustedRangesRequest.type, t);
  if (!info) {
    void window.showWarningMessage('SG Guard: the finding has changed since; ask for the fix again.');
    return undefined;
  }
  const asked = answers?.cidr ?? (await askRange(t, info));
  if (asked === undefined) return undefined;
  const r = await client.sendRequest(RestrictRequest.type, { target: t, cidr: asked });
  if (!r.edit || !r.cidr) {
    void window.showErrorMessage(`SG Guard: ${r.problem ?? 'the range could not be applied'}`);
    return undefined;
  }
  if (!(await workspace.applyEdit(await client.protocol2CodeConverter.asWorkspaceEdit(r.edit)))) {
    void window.showErrorMessage('SG Guard: the edit could not be applied.');
    return undefined;
  }
  const cidr = r.cidr;
  const outcome: RestrictOutcome = { cidr };
  if (info.suggestions.some((s) => s.cidr === cidr && s.from === 'configured')) return outcome;
  const where = workspace.asRelativePath(info.configFile);
  const remember =
    answers?.remember ??
    (await window.showInformationMessage(
      `${t.source} replaced with ${cidr} in ${workspace.asRelativePath(t.literal.file)} (not saved yet). ` +
        `Remember ${cidr} as a trusted range in ${where}? ` +
        'The quick fix then offers it everywhere, and sg-guard lint --fix uses it.',
      'Remember',
    )) === 'Remember';
  if (!remember) return outcome;
  const saved = await client.sendRequest(RememberTrustedRangeRequest.type, { dir: t.dir, cidr });
  if (saved.problem) {
    void window.showErrorMessage(`SG Guard: not remembered: ${saved.problem}`);
    return outcome;
  }
  if (saved.edit) {
    await workspace.applyEdit(await client.protocol2CodeConverter.asWorkspaceEdit(saved.edit));
    const doc = await workspace.openTextDocument(Uri.file(saved.file));
    await doc.save();
  }
  return { ...outcome, rememberedIn: saved.file };
}

export function registerRestrictCommand(client: () => LanguageClient): Disposable {
  return commands.registerCommand(RESTRICT_COMMAND, (t: RestrictTarget, answers?: RestrictAnswers) =>
    run(client(), t, answers),
  );
}

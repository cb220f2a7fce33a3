/** The Prompter over VS Code's quick picks, input boxes, dialogs and messages. */
import { window } from 'vscode';
import type { InputOptions, PickItem, Prompter } from '../core/prompter';

export class VsCodePrompter implements Prompter {
  async pick<T>(
    title: string,
    items: PickItem<T>[],
    opts: { placeholder?: string } = {},
  ): Promise<T | undefined> {
    const picked = await window.showQuickPick(
      items.map((i) => ({ label: i.label, description: i.description, detail: i.detail, value: i.value })),
      { title, placeHolder: opts.placeholder, ignoreFocusOut: true },
    );
    return picked?.value;
  }

  async pickMany<T>(
    title: string,
    items: PickItem<T>[],
    opts: { placeholder?: string } = {},
  ): Promise<T[] | undefined> {
    const picked = await window.showQuickPick(
      items.map((i) => ({
        label: i.label,
        description: i.description,
        detail: i.detail,
        picked: i.picked,
        value: i.value,
      })),
      { title, placeHolder: opts.placeholder, canPickMany: true, ignoreFocusOut: true },
    );
    return picked?.map((p) => p.value);
  }

  input(title: string, opts: InputOptions = {}): Promise<string | undefined> {
    return Promise.resolve(
      window.showInputBox({
        title,
        value: opts.value,
        prompt: opts.prompt,
        placeHolder: opts.placeholder,
        password: opts.password,
        ignoreFocusOut: true,
        validateInput: opts.validate,
      }),
    );
  }

  confirm(
    message: string,
    buttons: string[],
    opts: { detail?: string; modal?: boolean } = {},
  ): Promise<string | undefined> {
    return Promise.resolve(
      window.showWarningMessage(message, { modal: opts.modal ?? true, detail: opts.detail }, ...buttons),
    );
  }

  async pickFolder(title: string): Promise<string | undefined> {
    const picked = await window.showOpenDialog({
      title,
      canSelectFiles: false,
      canSelectFolders: true,
      canSelectMany: false,
      openLabel: 'Select',
    });
    return picked?.[0]?.fsPath;
  }
}

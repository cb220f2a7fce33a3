/** Set / clear the access key (SecretStorage), pick a profile, start / stop the sandbox. */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ConfigurationTarget, window, workspace, type ExtensionContext } from 'vscode';
import { listProfiles } from '../core/api/credentials';
import { startSandboxProcess } from '../core/processes';
import type { CloudController } from './controller';

export class AccountCommands {
  private child: ChildProcess | undefined;

  constructor(
    private readonly ctx: ExtensionContext,
    private readonly cloud: CloudController,
  ) {}

  async setAccessKey(): Promise<void> {
    const p = this.cloud.prompter;
    const id = await p.input('Alibaba Cloud AccessKey ID', {
      validate: (v) =>
        /^[A-Za-z0-9]{8,64}$/.test(v.trim()) ? undefined : 'an AccessKey ID is 8–64 letters and digits',
    });
    if (id === undefined) return;
    const secret = await p.input('Alibaba Cloud AccessKey Secret', {
      password: true,
      validate: (v) => (v.trim().length >= 8 ? undefined : 'the secret is too short'),
    });
    if (secret === undefined) return;
    await this.cloud.connection.storeKey({ accessKeyId: id.trim(), accessKeySecret: secret.trim() });
    // Only the id's last characters ever reach the log.
    this.cloud.output.info(`access key …${id.trim().slice(-4)} stored in SecretStorage`);
    await workspace.getConfiguration('sgGuard.cloud').update('profile', 'secret', ConfigurationTarget.Global);
    await this.cloud.refresh();
  }

  async clearAccessKey(): Promise<void> {
    await this.cloud.connection.clearKey();
    this.cloud.output.info('access key removed from SecretStorage');
    await this.cloud.refresh();
  }

  async selectProfile(): Promise<void> {
    const profiles = await listProfiles();
    const key = await this.cloud.connection.storedKey();
    const items = [
      ...(key
        ? [{ label: `Access key …${key.accessKeyId.slice(-4)} (SecretStorage)`, value: 'secret' }]
        : []),
      ...profiles.map((p) => ({
        label: p.label,
        detail: p.detail,
        value:
          p.source.kind === 'cli-profile'
            ? `cli:${p.source.profile}`
            : p.source.kind === 'ini-profile'
              ? `ini:${p.source.profile}`
              : 'default',
      })),
    ];
    const picked = await this.cloud.prompter.pick('Alibaba Cloud credentials', items);
    if (!picked) return;
    await workspace.getConfiguration('sgGuard.cloud').update('profile', picked, ConfigurationTarget.Global);
    await this.cloud.refresh();
  }

  async startSandbox(): Promise<void> {
    if (this.cloud.connection.sandbox) {
      void window.showInformationMessage(
        `The sandbox is already running at ${this.cloud.connection.sandbox.endpoint}.`,
      );
      return;
    }
    try {
      const { info, child } = await window.withProgress(
        { location: { viewId: 'sgGuard.cloudFindings' }, title: 'Starting the sandbox…' },
        () =>
          startSandboxProcess(join(this.ctx.extensionPath, 'dist', 'cli.js'), {
            onStderr: (l) => this.cloud.output.warn(`sandbox: ${l}`),
          }),
      );
      this.child = child;
      this.cloud.connection.sandbox = info;
      child.once('exit', () => {
        if (this.child === child) {
          this.child = undefined;
          this.cloud.connection.sandbox = undefined;
          void this.cloud.updateContext();
        }
      });
      this.cloud.output.info(
        `sandbox running at ${info.endpoint} (account ${info.accountId}, regions ${info.regions.join(', ')})`,
      );
      if (workspace.getConfiguration('sgGuard.cloud').get<string>('endpoint')) {
        void window.showWarningMessage(
          'sgGuard.cloud.endpoint is set, so the extension keeps using it rather than the sandbox.',
        );
      }
      await this.cloud.refresh();
      // Say what happened: a local emulator now answers the cloud commands, not the real account.
      const regions = info.regions.length === 1 ? '1 region' : `${info.regions.length} regions`;
      void window
        .showInformationMessage(
          `Sandbox started at ${info.endpoint}: Cloud Findings now shows its demo account ${info.accountId} ` +
            `(${regions}), and every cloud command talks to it, not to Alibaba Cloud.`,
          'Stop Sandbox',
        )
        .then((stop) => (stop ? this.stopSandbox() : undefined));
    } catch (e) {
      void window.showErrorMessage(
        `Could not start the sandbox: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }

  async stopSandbox(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    this.cloud.connection.sandbox = undefined;
    child?.kill();
    await this.cloud.refresh();
    if (child)
      void window.showInformationMessage('Sandbox stopped: Cloud Findings uses your own credentials again.');
  }

  dispose(): void {
    this.child?.kill();
  }
}

/**
 * Scaffold, Deploy and Remove guardrail. Questions go through the controller's Prompter; the
 * deploy shows a preview (create / update / unchanged), asks, then runs step by step with a
 * cancellable progress notification; failures say which step, why and what to do.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { commands, ProgressLocation, Uri, window, workspace, type ExtensionContext } from 'vscode';
import { describeCloudError, CancelledError } from '../../../../remediation-fn/src/public';
import { sdkGuardrailApi } from '../core/deploy/api';
import { desiredState } from '../core/deploy/desired';
import { deploy, planFor, removalItems, removeItems, StepError } from '../core/deploy/deployer';
import { describePlan } from '../core/deploy/plan';
import { askSettings } from '../core/deploy/questions';
import { DEFAULT_SETTINGS, parseTfvars, type GuardrailSettings } from '../core/deploy/settings';
import { findOnPath } from '../core/processes';
import { existingFiles, scaffoldFiles, writeScaffold } from '../core/deploy/scaffold';
import type { CloudController } from './controller';
import { readSettings } from './connection';
import { deployChoices, type DeployChoice } from './deploy-choices';

export class GuardrailCommands {
  constructor(
    private readonly ctx: ExtensionContext,
    private readonly cloud: CloudController,
  ) {}

  private get prompter() {
    return this.cloud.prompter;
  }

  private templatesDir(): string {
    return join(this.ctx.extensionPath, 'templates');
  }

  private codeZipPath(): string {
    return join(this.ctx.extensionPath, 'remediation-fn', 'dist', 'code.zip');
  }

  private regions(): string[] {
    const s = readSettings();
    return (
      this.cloud.connection.regions(s) ?? [
        'cn-hangzhou',
        'cn-shanghai',
        'cn-beijing',
        'cn-shenzhen',
        'ap-southeast-1',
        'eu-central-1',
        'us-west-1',
      ]
    );
  }

  /** The settings of a scaffolded tfvars in the workspace, if the user wants them. */
  private async scaffoldedSettings(): Promise<
    { settings: Partial<GuardrailSettings>; folder: string } | undefined
  > {
    const found = await workspace.findFiles('**/terraform.tfvars', '**/.terraform/**', 20);
    for (const uri of found) {
      const text = Buffer.from(await workspace.fs.readFile(uri)).toString('utf8');
      if (!text.includes('Written by SG Guard')) continue;
      return { settings: parseTfvars(text), folder: Uri.joinPath(uri, '..').fsPath };
    }
    return undefined;
  }

  private async settings(): Promise<{ settings: GuardrailSettings; folder?: string } | undefined> {
    const base = { ...DEFAULT_SETTINGS, name: readSettings().name };
    const scaffolded = await this.scaffoldedSettings();
    if (scaffolded) {
      const use = await this.prompter.pick('Deploy guardrail: settings', [
        {
          label: `Use ${workspace.asRelativePath(join(scaffolded.folder, 'terraform.tfvars'))}`,
          value: true,
        },
        { label: 'Answer the questions', value: false },
      ]);
      if (use === undefined) return undefined;
      if (use) return { settings: { ...base, ...scaffolded.settings }, folder: scaffolded.folder };
    }
    const asked = await askSettings(this.prompter, { regions: this.regions(), defaults: base });
    return asked ? { settings: asked } : undefined;
  }

  async scaffold(): Promise<void> {
    const asked = await askSettings(this.prompter, {
      regions: this.regions(),
      defaults: { name: readSettings().name },
    });
    if (!asked) return;
    const folder = await this.prompter.pickFolder('Scaffold guardrail: folder for the Terraform module');
    if (!folder) return;
    const files = await scaffoldFiles(this.templatesDir(), this.codeZipPath(), asked);
    const existing = existingFiles(folder, files);
    let skip = new Set<string>();
    if (existing.length > 0) {
      const answer = await this.prompter.confirm(
        `${existing.length} file(s) already exist in ${folder}: ${existing.join(', ')}`,
        ['Overwrite', 'Keep existing files'],
        {
          modal: true,
          detail: 'Keep existing files writes only the missing ones.',
        },
      );
      if (answer === undefined) return;
      if (answer === 'Keep existing files') skip = new Set(existing);
    }
    const written = await writeScaffold(folder, files, skip);
    this.cloud.output.info(`scaffolded ${written.join(', ')} into ${folder}`);
    const doc = await workspace.openTextDocument(join(folder, 'terraform.tfvars'));
    await window.showTextDocument(doc);
    void window.showInformationMessage(`Guardrail module written to ${folder} (${written.length} files).`);
  }

  async deploy(): Promise<void> {
    const conn = await this.cloud.session();
    if (!conn) {
      void window.showWarningMessage(
        'No Alibaba Cloud credentials: set an access key, pick a profile or start the sandbox.',
      );
      return;
    }
    const chosen = await this.settings();
    if (!chosen) return;
    const { session } = conn;
    const zip = await readFile(this.codeZipPath());
    let d;
    try {
      d = desiredState(chosen.settings, zip, await session.functionEndpoints());
    } catch (e) {
      void window.showErrorMessage(`Deploy guardrail: ${describeCloudError(e)}`);
      return;
    }
    const api = sdkGuardrailApi(session);
    let plan;
    try {
      plan = await window.withProgress(
        { location: ProgressLocation.Notification, title: 'SG Guard: reading the account…' },
        () => planFor(api, d),
      );
    } catch (e) {
      void window.showErrorMessage(`Deploy guardrail: cannot read the account: ${describeCloudError(e)}`);
      return;
    }
    this.cloud.output.info(`deploy plan:\n${describePlan(plan.plan).join('\n')}`);
    if (plan.plan.changes === 0) {
      void window.showInformationMessage(
        'The guardrail is already deployed and up to date: nothing to change.',
      );
      return;
    }
    const terraform = findOnPath(['terraform', 'tofu']);
    const title = `Deploy guardrail to ${d.settings.region}: ${plan.plan.changes} of ${plan.plan.steps.length} resources change`;
    const choices = deployChoices(plan.plan, terraform);
    let placeholder = 'Review the changes, then choose Deploy';
    let choice: DeployChoice | undefined;
    // A change's row is there to be read: choosing it (Enter on the first row) is no answer, so the
    // preview comes back saying what to choose, rather than ending the command without a word.
    while ((choice = await this.prompter.pick<DeployChoice>(title, choices, { placeholder })) === 'info') {
      placeholder = 'That row is one of the changes: choose Deploy to make them, or Cancel';
    }
    if (choice === 'terraform') return this.deployWithTerraform(terraform!, chosen.folder, chosen.settings);
    if (choice !== 'deploy') {
      void window.showInformationMessage('Deploy cancelled: nothing was changed in the account.');
      return;
    }
    // The progress notification ends with the deploy; the outcome message then waits for the user
    // without keeping the command (or the spinner) running.
    const outcome = await window.withProgress(
      {
        location: ProgressLocation.Notification,
        title: 'SG Guard: deploying the guardrail',
        cancellable: true,
      },
      async (progress, token) => {
        const ac = new AbortController();
        token.onCancellationRequested(() => ac.abort());
        try {
          const result = await deploy(api, d, {
            signal: ac.signal,
            onStep: (s, status, i, total) => {
              if (status === 'running')
                progress.report({
                  message: `${i + 1}/${total} ${s.action === 'create' ? 'creating' : 'updating'} ${s.title}`,
                  increment: 100 / total,
                });
              if (status !== 'running') this.cloud.output.info(`deploy: ${s.title}: ${status}`);
            },
          });
          return { ok: true as const, result };
        } catch (e) {
          return { ok: false as const, error: e };
        }
      },
    );
    if (outcome.ok) {
      const created = outcome.result.plan.steps.filter((s) => s.action === 'create').length;
      const updated = outcome.result.plan.steps.filter((s) => s.action === 'update').length;
      void window
        .showInformationMessage(
          `Guardrail deployed: ${created} created, ${updated} updated.`,
          'Refresh Findings',
        )
        .then((next) => (next ? this.cloud.refresh() : undefined));
      return;
    }
    const e = outcome.error;
    if (e instanceof CancelledError) {
      void window.showWarningMessage('Deploy cancelled. Deploy again to finish: completed steps are kept.');
    } else if (e instanceof StepError) {
      this.cloud.output.error(`deploy failed: ${e.message}`);
      void window
        .showErrorMessage(
          `Deploy failed at "${e.step.title}": ${describeCloudError(e.reason)}. ${e.hint}`,
          'Retry',
          'Show Output',
        )
        .then((again) => {
          if (again === 'Retry') return commands.executeCommand('sgGuard.cloud.deployGuardrail');
          if (again === 'Show Output') this.cloud.output.show();
          return undefined;
        });
    } else {
      void window.showErrorMessage(`Deploy failed: ${describeCloudError(e)}`);
    }
  }

  private async deployWithTerraform(
    binary: string,
    folder: string | undefined,
    settings: GuardrailSettings,
  ): Promise<void> {
    let dir = folder;
    if (!dir) {
      dir = await this.prompter.pickFolder('Deploy with Terraform: folder to scaffold the module into');
      if (!dir) return;
      const files = await scaffoldFiles(this.templatesDir(), this.codeZipPath(), settings);
      const existing = existingFiles(dir, files);
      if (existing.length > 0) {
        const ok = await this.prompter.confirm(`Overwrite ${existing.join(', ')} in ${dir}?`, ['Overwrite'], {
          modal: true,
        });
        if (ok !== 'Overwrite') return;
      }
      await writeScaffold(dir, files);
    }
    const terminal = window.createTerminal({ name: 'SG Guard: Terraform', cwd: dir });
    terminal.show();
    const tf = JSON.stringify(binary);
    terminal.sendText(`${tf} init && ${tf} plan -out=sg-guard.tfplan && ${tf} apply sg-guard.tfplan`);
  }

  async remove(): Promise<void> {
    const conn = await this.cloud.session();
    if (!conn) {
      void window.showWarningMessage(
        'No Alibaba Cloud credentials: set an access key, pick a profile or start the sandbox.',
      );
      return;
    }
    const region = await this.prompter.pick(
      'Remove guardrail: region it was deployed to',
      this.regions().map((r) => ({ label: r, value: r })),
    );
    if (!region) return;
    const d = desiredState({ ...DEFAULT_SETTINGS, name: readSettings().name, region }, Buffer.alloc(0));
    const api = sdkGuardrailApi(conn.session);
    try {
      const { actual } = await planFor(api, d);
      const items = removalItems(api, d, actual);
      if (items.length === 0) {
        void window.showInformationMessage('Nothing to remove: no guardrail resources found.');
        return;
      }
      const ok = await this.prompter.confirm(
        `Remove the guardrail (${items.length} resources)?`,
        ['Remove'],
        {
          modal: true,
          detail: items.map((i) => `• ${i.title}`).join('\n'),
        },
      );
      if (ok !== 'Remove') return;
      await window.withProgress(
        { location: ProgressLocation.Notification, title: 'SG Guard: removing the guardrail' },
        (progress) =>
          removeItems(items, {
            onItem: (item, i, total) =>
              progress.report({ message: `${i + 1}/${total} ${item.title}`, increment: 100 / total }),
          }),
      );
      this.cloud.output.info(`removed: ${items.map((i) => i.title).join('; ')}`);
      void window.showInformationMessage(`Guardrail removed (${items.length} resources).`);
    } catch (e) {
      const msg = e instanceof StepError ? e.message : describeCloudError(e);
      void window.showErrorMessage(`Remove guardrail failed: ${msg}`);
    }
  }
}

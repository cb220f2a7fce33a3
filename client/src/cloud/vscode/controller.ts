/**
 * The cloud side of the extension: connection, refresh of the findings tree (Config rule results
 * when the guardrail is deployed, else a direct scan), auto-refresh, and the tree's cloud actions
 * (revoke, remediate, re-evaluate). Actions without a cloud call are in node-actions.ts.
 */
import { commands, window, type LogOutputChannel } from 'vscode';
import { configClient, type ConfigClient } from '../core/api/config-client';
import { findingsFromConfig } from '../core/findings/config-findings';
import { addExposures } from '../core/findings/exposure';
import { describeSource } from '../core/api/credentials';
import { scanAccount } from '../core/findings/scanner';
import { sdkEcsApi } from '../core/api/ecs';
import { CloudSession } from '../core/api/session';
import {
  CancelledError,
  cloudErrorInfo,
  describeCloudError,
  describeErrorInfo,
  isRuleGone,
  portListIds,
  resolvePortLists,
} from '../../../../remediation-fn/src/public';
import type { EcsApi } from '../core/api/ecs';
import { groupFindings } from '../core/findings/findings';
import { sdkGuardrailApi } from '../core/deploy/api';
import { isExempt } from '../core/tree/tree-view';
import { describeRemediation, functionOfArn, remediationEvent } from '../core/deploy/remediate-now';
import type { Prompter } from '../core/prompter';
import { resourceNames } from '../core/deploy/settings';
import { FindingsModel, type GroupNode, type RuleNode } from '../core/tree/tree-model';
import { Connection, readSettings, type CloudSettings } from './connection';

export class CloudController {
  readonly model = new FindingsModel();
  private refreshing: AbortController | undefined;
  private autoTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly connection: Connection,
    readonly output: LogOutputChannel,
    public prompter: Prompter,
  ) {}

  async session(): Promise<{ session: CloudSession; settings: CloudSettings } | undefined> {
    const settings = readSettings();
    const target = await this.connection.target(settings);
    await this.updateContext();
    if (!target) return undefined;
    return { session: new CloudSession(target), settings };
  }

  async updateContext(): Promise<void> {
    const has = (await this.connection.source(readSettings())) !== undefined;
    await commands.executeCommand('setContext', 'sgGuard.cloud.hasCredentials', has);
    await commands.executeCommand('setContext', 'sgGuard.cloud.state', this.model.state);
    await commands.executeCommand(
      'setContext',
      'sgGuard.cloud.sandboxRunning',
      this.connection.sandbox !== undefined,
    );
  }

  private ecs(session: CloudSession, signal?: AbortSignal): EcsApi {
    return sdkEcsApi(session, {
      ...(signal ? { signal } : {}),
      onRetry: (i, n, ms) => this.output.debug(`retry ${n} after ${i.code} (${ms} ms)`),
    });
  }

  private config(session: CloudSession): Promise<ConfigClient> {
    return configClient(session);
  }

  /** Refreshes the tree with a progress indicator on the view; a second call cancels the first. */
  async refresh(): Promise<void> {
    this.refreshing?.abort();
    const ac = new AbortController();
    this.refreshing = ac;
    const conn = await this.session();
    if (!conn) {
      this.model.clear();
      await this.updateContext();
      return;
    }
    const { session, settings } = conn;
    await window.withProgress(
      { location: { viewId: 'sgGuard.cloudFindings' }, title: 'Reading security groups…', cancellable: true },
      async (_p, token) => {
        token.onCancellationRequested(() => ac.abort());
        try {
          await this.load(session, settings, ac.signal);
        } catch (e) {
          if (e instanceof CancelledError) {
            this.output.info('refresh cancelled');
            return;
          }
          const info = cloudErrorInfo(e);
          this.output.error(`refresh failed: ${describeCloudError(e)}`);
          this.model.accountError(session.target.accountId ?? 'account', info);
        } finally {
          this.model.finish();
          await this.updateContext();
        }
      },
    );
  }

  private async load(session: CloudSession, settings: CloudSettings, signal: AbortSignal): Promise<void> {
    const label = describeSource(session.target.source);
    const ruleName = resourceNames(settings.name).configRule;
    const started = Date.now();
    let first = true;
    const onFirst = () => {
      if (first) this.output.info(`first result after ${Date.now() - started} ms`);
      first = false;
    };
    try {
      const config = await this.config(session);
      const probe = await config.findConfigRule(
        ruleName,
        settings.aggregatorId ? { aggregatorId: settings.aggregatorId } : {},
      );
      if (probe) {
        // Accounts appear as Config reports on them; ours keeps saying where it is (e.g. sandbox).
        const own = session.target.accountId;
        this.model.begin(
          [],
          {
            kind: 'config',
            ruleName,
            ...(settings.aggregatorId ? { aggregatorId: settings.aggregatorId } : {}),
          },
          new Map(own !== undefined ? [[own, `Account ${own} (${label})`]] : []),
        );
        await findingsFromConfig(
          config,
          {
            ruleName,
            signal,
            concurrency: settings.concurrency,
            ...(settings.aggregatorId ? { aggregatorId: settings.aggregatorId } : {}),
            ...(settings.regions.length ? { regions: settings.regions } : {}),
            // Our keys read our account's port lists; other accounts' stay "cannot verify".
            portListEntries: (region, id) => this.ecs(session, signal).portRangeListEntries(region, id),
          },
          (account, e) => {
            onFirst();
            this.model.apply(account, e);
          },
        );
        this.output.info(`findings from Config rule ${ruleName} in ${Date.now() - started} ms (${label})`);
        // What the groups expose, for our own account's groups (another account's are not ours to read).
        const exposed = this.model
          .rankedGroups()
          .map((n) => n.group)
          .filter((g) => g.accountId === own && (g.findings.length > 0 || g.configAnnotation));
        await addExposures(
          this.ecs(session, signal),
          exposed,
          {
            concurrency: settings.concurrency,
            signal,
            describe: (e) => describeErrorInfo(cloudErrorInfo(e)),
          },
          (g) => this.model.updateGroup(g),
        );
        return;
      }
    } catch (e) {
      if (e instanceof CancelledError) throw e;
      this.output.warn(`Config rule ${ruleName} unavailable (${describeCloudError(e)}): scanning directly`);
    }
    const ecs = this.ecs(session, signal);
    const regions = this.connection.regions(settings) ?? (await ecs.describeRegions?.()) ?? ['cn-hangzhou'];
    const accountId = session.target.accountId ?? 'account';
    this.model.begin([{ accountId, label: `Account ${accountId} (${label})` }], { kind: 'scan' });
    await scanAccount(
      ecs,
      {
        accountId,
        regions,
        concurrency: settings.concurrency,
        signal,
        ...(settings.ports ? { ports: settings.ports } : {}),
      },
      (e) => {
        onFirst();
        this.model.apply(accountId, e);
      },
    );
    this.output.info(`scanned ${regions.length} regions in ${Date.now() - started} ms (${label})`);
  }

  configureAutoRefresh(): void {
    if (this.autoTimer) clearInterval(this.autoTimer);
    this.autoTimer = undefined;
    const minutes = readSettings().autoRefreshMinutes;
    if (minutes > 0) this.autoTimer = setInterval(() => void this.refresh(), minutes * 60_000);
  }

  /** Reads one group again (its rules and port lists) and updates its node (after a revoke or a remediation). */
  async recheck(group: GroupNode['group']): Promise<void> {
    const conn = await this.session();
    if (!conn) return;
    const ecs = this.ecs(conn.session);
    const permissions = [];
    let token: string | undefined;
    do {
      const page = await ecs.describeIngress(group.region, group.groupId, token);
      permissions.push(...page.permissions);
      token = page.nextToken;
    } while (token);
    const lists = await resolvePortLists(
      portListIds(permissions),
      (id) => ecs.portRangeListEntries(group.region, id),
      describeCloudError,
    );
    const summary = {
      SecurityGroupId: group.groupId,
      SecurityGroupName: group.name,
      VpcId: group.vpcId,
      ServiceManaged: group.serviceManaged,
      Tags: group.tags,
    };
    this.model.updateGroup(
      groupFindings(
        group.accountId,
        group.region,
        summary,
        permissions,
        lists,
        conn.settings.ports ? { ports: conn.settings.ports } : {},
      ),
    );
    await this.updateContext();
  }

  async revoke(node: RuleNode): Promise<void> {
    const f = node.finding;
    const g = node.group;
    const ok = await this.prompter.confirm(
      `Revoke rule ${f.ruleId} (${f.protocol} ${f.portRange} from ${f.source}) from security group ${g.name} (${g.groupId})?`,
      ['Revoke'],
      {
        modal: true,
        detail: `${f.why}\nThis removes the rule in ${g.region} now. Anything that relied on it loses access.`,
      },
    );
    if (ok !== 'Revoke') return;
    const conn = await this.session();
    if (!conn) return;
    try {
      await this.ecs(conn.session).revokeRules(g.region, g.groupId, [f.ruleId]);
      this.output.info(
        `revoked ${f.ruleId} from ${g.groupId} (${g.region}): ${f.protocol} ${f.portRange} from ${f.source}`,
      );
      await this.recheck(g);
    } catch (e) {
      if (!isRuleGone(e)) {
        void window.showErrorMessage(`Could not revoke ${f.ruleId}: ${describeCloudError(e)}`);
        return;
      }
      // Someone (or the remediation function) removed it first: what was asked is done.
      this.output.info(`${f.ruleId} was already gone from ${g.groupId} (${g.region})`);
      void window.showInformationMessage(`Rule ${f.ruleId} was already removed; the view is updated.`);
      await this.recheck(g);
    }
  }

  private async ruleId(
    session: CloudSession,
    settings: CloudSettings,
  ): Promise<{ config: ConfigClient; id: string } | undefined> {
    const config = await this.config(session);
    const rule = await config.findConfigRule(resourceNames(settings.name).configRule);
    if (!rule) {
      void window.showWarningMessage(
        'The guardrail is not deployed: run "SG Guard: Deploy Guardrail" first.',
      );
      return undefined;
    }
    return { config, id: rule.ConfigRuleId };
  }

  /**
   * Remediates exactly this group: the deployed remediation function is invoked with this one
   * resource (StartRemediation's published semantics cover the rule, not one resource), after a
   * confirmation naming what it will revoke. Exempt and service-managed groups are left alone.
   */
  async remediateNow(node: GroupNode): Promise<void> {
    const g = node.group;
    if (g.serviceManaged || isExempt(g)) {
      void window.showInformationMessage(
        `${g.name || g.groupId} is ${g.serviceManaged ? 'service-managed' : 'exempt'}: the guardrail leaves it alone.`,
      );
      return;
    }
    const conn = await this.session();
    if (!conn) return;
    const risky = node.rules.filter((r) => !r.finding.cannotVerify).map((r) => r.finding);
    const ok = await this.prompter.confirm(
      `Remediate security group ${g.name} (${g.groupId}) now?`,
      ['Remediate'],
      {
        modal: true,
        detail: [
          `The guardrail's remediation function runs for this group only, in its configured mode.`,
          ...risky.map((f) => `• ${f.ruleId}: ${f.protocol} ${f.portRange} from ${f.source} (${f.why})`),
          'Rules SG Guard cannot verify are never revoked.',
        ].join('\n'),
      },
    );
    if (ok !== 'Remediate') return;
    try {
      const r = await this.ruleId(conn.session, conn.settings);
      if (!r) return;
      const remediation = (await r.config.listRemediations([r.id])).find((x) => x.RemediationType === 'FC');
      const target = remediation ? functionOfArn(remediation.RemediationTemplateId) : undefined;
      if (!target) {
        void window.showWarningMessage('The guardrail has no remediation function: deploy it again.');
        return;
      }
      const out = await sdkGuardrailApi(conn.session).invokeFunction(
        target.region,
        target.name,
        remediationEvent(g),
      );
      this.output.info(`remediation of ${g.groupId}: ${out.body}`);
      void window.showInformationMessage(describeRemediation(g.name || g.groupId, out));
      await this.recheck(g);
    } catch (e) {
      void window.showErrorMessage(`Remediation failed: ${describeCloudError(e)}`);
    }
  }

  async reevaluate(): Promise<void> {
    const conn = await this.session();
    if (!conn) return;
    try {
      const r = await this.ruleId(conn.session, conn.settings);
      if (!r) return;
      await r.config.startConfigRuleEvaluation(r.id);
      await this.refresh();
    } catch (e) {
      void window.showErrorMessage(`Re-evaluation failed: ${describeCloudError(e)}`);
    }
  }

  dispose(): void {
    this.refreshing?.abort();
    if (this.autoTimer) clearInterval(this.autoTimer);
  }
}

/**
 * One sandbox account: its state plus the services around it (temporary credentials, faults,
 * request log, Config engine, function runner, background work, persistence).
 */
import type { Identity } from './http/call';
import { ConfigEngine } from './config/engine';
import { ContractChecker, type ContractMode } from './contract/checker';
import { Faults } from './faults';
import { CHILD_SOURCE } from './fc/child-source';
import { isolation, type Isolation } from './fc/isolation';
import { FunctionRunner, type InvokeOutcome } from './fc/runner';
import { requestId as newRequestId } from './ids';
import { Persistence, type PersistenceStatus } from './persistence';
import { ramErrors } from './ram/errors';
import { roleByArn } from './ram/store';
import { evaluate, parsePolicyDocument, SYSTEM_POLICIES, type PolicyDocument } from './ram/policy';
import { StsStore } from './ram/sts';
import { RequestLog } from './request-log';
import type { SandboxState, SecurityGroup } from './state';

export interface InvocationRecord {
  requestId: string;
  functionName: string;
  ok: boolean;
  errorType?: string;
  errorMessage?: string;
  logs: string;
  durationMs: number;
}

export class Sandbox {
  readonly sts = new StsStore();
  readonly faults = new Faults();
  readonly log = new RequestLog();
  readonly config: ConfigEngine;
  /** Checks every request and answer against the vendor's contract (contract/alibaba-cloud.json). */
  readonly contract: ContractChecker;
  readonly invocations: InvocationRecord[] = [];
  private readonly runner = new FunctionRunner(CHILD_SOURCE);
  private readonly tasks = new Set<Promise<unknown>>();
  /** With `--state`: saves before answers (see persistence.ts). */
  readonly persistence: Persistence | undefined;

  constructor(
    public state: SandboxState,
    opts: {
      statePath?: string;
      /** True when `statePath` holds exactly this state (it was loaded from it). */
      loaded?: boolean;
      /** Where problems that no request can be answered with go (failed background saves). */
      report?: (line: string) => void;
      /** Requests and answers checked against the vendor's contract (default strict). */
      contract?: ContractMode;
    } = {},
  ) {
    this.config = new ConfigEngine(this);
    this.contract = new ContractChecker(opts.contract ?? 'strict');
    const report = opts.report ?? ((line: string) => process.stderr.write(`sg-guard sandbox: ${line}\n`));
    if (opts.statePath) {
      this.persistence = new Persistence(
        opts.statePath,
        { get: () => this.state, set: (s) => (this.state = s) },
        report,
        opts.loaded ?? false,
      );
    }
  }

  get statePath(): string | undefined {
    return this.persistence?.file;
  }

  /** How invocations are contained on this machine. */
  get isolation(): Isolation {
    return isolation();
  }

  /** Resolves once the state is saved (at once without `--state`); rejects with SaveFailed, state rolled back. */
  persist(): Promise<void> {
    return this.persistence ? this.persistence.persist() : Promise.resolve();
  }

  /** Saves a change made in the background (no request waits for it; a failure is reported, not thrown). */
  touch(): void {
    this.persist().catch(() => undefined);
  }

  status(): { persistence?: PersistenceStatus; isolation: Isolation } {
    return {
      ...(this.persistence ? { persistence: this.persistence.status() } : {}),
      isolation: this.isolation,
    };
  }

  groupChanged(g: SecurityGroup): void {
    this.config.onGroupChanged(g);
  }

  groupDeleted(g: SecurityGroup): void {
    this.config.onGroupDeleted(g);
  }

  /** Background work (async invocations, remediations) that close() and idle() wait for. */
  track(p: Promise<unknown>): void {
    const settled = p.catch(() => undefined);
    this.tasks.add(settled);
    void settled.finally(() => this.tasks.delete(settled));
  }

  /** Resolves once no background work is left (including work started by that work). */
  async idle(): Promise<void> {
    while (this.tasks.size > 0) await Promise.all([...this.tasks]);
  }

  /** Looks up the secret for an access key: the root key or live temporary credentials. */
  credentialFor(
    accessKeyId: string,
  ): { secret: string; identity: Identity; securityToken?: string; expired?: boolean } | undefined {
    if (accessKeyId === this.state.accessKeyId) {
      return { secret: this.state.accessKeySecret, identity: { kind: 'root', accessKeyId } };
    }
    const t = this.sts.get(accessKeyId);
    if (!t) return undefined;
    return {
      secret: t.accessKeySecret,
      securityToken: t.securityToken,
      expired: t.expiresAt < Date.now(),
      identity: { kind: 'role', accessKeyId, roleName: t.roleName, roleArn: t.roleArn },
    };
  }

  /** RAM check for role credentials; the root key may do anything. */
  authorize(identity: Identity, ramAction: string, resource: string): void {
    if (identity.kind === 'root') return;
    const role = identity.roleName ? this.state.ram.roles[identity.roleName] : undefined;
    const docs: PolicyDocument[] = [];
    for (const a of this.state.ram.attachments) {
      if (!role || a.RoleName !== role.RoleName) continue;
      if (a.PolicyType === 'System') {
        const sys = SYSTEM_POLICIES[a.PolicyName];
        if (sys) docs.push(sys.document);
      } else {
        const p = this.state.ram.policies[a.PolicyName];
        if (p) docs.push(parsePolicyDocument(p.PolicyDocument));
      }
    }
    const decision = evaluate(docs, ramAction, resource);
    if (decision === 'Allow') return;
    throw ramErrors.forbidden({
      AuthAction: ramAction,
      AuthPrincipalType: 'AssumedRoleUser',
      AuthPrincipalDisplayName: `${identity.roleName ?? '?'}:sandbox-session`,
      AuthPrincipalOwnerId: this.state.accountId,
      NoPermissionType: decision,
      PolicyType: 'AccountLevelIdentityBasedPolicy',
      EncodedDiagnosticMessage: Buffer.from(JSON.stringify({ action: ramAction, resource })).toString(
        'base64',
      ),
    });
  }

  /** Runs a function with temporary credentials of its role (FC's InvokeFunction and Config remediations). */
  async invokeFunction(name: string, event: Buffer, requestId = newRequestId()): Promise<InvokeOutcome> {
    const fn = this.state.fc.functions[name];
    const started = Date.now();
    let outcome: InvokeOutcome;
    if (!fn) {
      outcome = {
        ok: false,
        errorType: 'FunctionNotFound',
        errorMessage: `function '${name}' does not exist`,
        stackTrace: [],
        logs: '',
        timedOut: false,
      };
    } else {
      const role = fn.role ? roleByArn(this.state, fn.role) : undefined;
      const cred = role ? this.sts.issue(role.RoleName, role.Arn, role.MaxSessionDuration) : undefined;
      outcome = await this.runner.invoke(fn, event, {
        requestId,
        region: this.state.regions[0] ?? 'cn-hangzhou',
        accountId: this.state.accountId,
        credentials: cred && {
          accessKeyId: cred.accessKeyId,
          accessKeySecret: cred.accessKeySecret,
          securityToken: cred.securityToken,
        },
      });
    }
    this.invocations.push({
      requestId,
      functionName: name,
      ok: outcome.ok,
      ...(outcome.ok ? {} : { errorType: outcome.errorType, errorMessage: outcome.errorMessage }),
      logs: outcome.logs,
      durationMs: Date.now() - started,
    });
    if (this.invocations.length > 200) this.invocations.splice(0, 50);
    return outcome;
  }

  /** Replaces the whole state (control endpoint's reset); resolves once saved. */
  replaceState(state: SandboxState): Promise<void> {
    this.state = state;
    this.faults.clear();
    return this.persist();
  }

  /** Ends running invocations at once (their callers get FunctionAborted). */
  abortInvocations(why: string): void {
    this.runner.abortAll(why);
  }

  /** Waits for background work unless `abort`, then saves and cleans up. */
  async close(opts: { abort?: boolean } = {}): Promise<void> {
    if (opts.abort) this.runner.close();
    await this.idle();
    this.runner.close();
    await this.persistence?.drain();
    this.persistence?.saveNow();
  }
}

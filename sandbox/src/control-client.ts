/** A small typed client for the sandbox's control API (`/__sandbox/*`), for tests of any area. */
import type { Fault } from './faults';
import { TOKEN_HEADER } from './http/guard';
import type { LogEntry } from './request-log';
import type { InvocationRecord } from './sandbox';
import type { SandboxState } from './state';

export type { Fault, LogEntry, InvocationRecord };

export class SandboxControl {
  /** `endpoint` and `token` are what the sandbox printed: `127.0.0.1:PORT` and `controlToken`. */
  constructor(
    private readonly endpoint: string,
    private readonly token: string,
  ) {}

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`http://${this.endpoint}/__sandbox/${path}`, {
      method,
      headers: {
        [TOKEN_HEADER]: this.token,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = (await res.json()) as T & { error?: string };
    if (!res.ok) throw new Error(`sandbox control ${method} ${path}: ${data.error ?? res.status}`);
    return data;
  }

  /** Makes the next `count` calls of `action` (or `*`) fail with throttling or 5xx, or wait. */
  async injectFault(fault: Fault): Promise<void> {
    await this.request('POST', 'faults', fault);
  }

  async clearFaults(): Promise<void> {
    await this.request('DELETE', 'faults');
  }

  async log(filter: { action?: string; product?: string; since?: number } = {}): Promise<LogEntry[]> {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(filter)) if (v !== undefined) q.set(k, String(v));
    return (await this.request<{ entries: LogEntry[] }>('GET', `log?${q.toString()}`)).entries;
  }

  async clearLog(): Promise<void> {
    await this.request('DELETE', 'log');
  }

  async reset(seed: 'demo' | 'empty' = 'demo'): Promise<void> {
    await this.request('POST', 'reset', { seed });
  }

  async state(): Promise<SandboxState> {
    return this.request<SandboxState>('GET', 'state');
  }

  /** Waits until background work (auto-remediations, async invocations) has finished. */
  async idle(): Promise<void> {
    await this.request('POST', 'idle');
  }

  async invocations(): Promise<InvocationRecord[]> {
    return (await this.request<{ invocations: InvocationRecord[] }>('GET', 'invocations')).invocations;
  }

  /** Temporary credentials of a RAM role (what STS AssumeRole would give), to call as that role. */
  async roleCredentials(
    roleName: string,
  ): Promise<{ accessKeyId: string; accessKeySecret: string; securityToken: string }> {
    return this.request('POST', 'role-credentials', { roleName });
  }
}

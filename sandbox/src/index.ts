/**
 * The local Alibaba Cloud sandbox (ECS, Cloud Config, Function Compute 3.0, RAM on one
 * 127.0.0.1 endpoint) that the unmodified official SDKs talk to. `startSandbox` runs it inside
 * the calling process (tests, benches); `sg-guard sandbox` runs it in the foreground (main.ts).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Isolation } from './fc/isolation';
import { createRequestHandler } from './http/router';
import { DEFAULT_REGIONS } from './regions';
import { Sandbox } from './sandbox';
import { seedBulk, seededState } from './seed';
import type { SandboxState } from './state';
import { loadState } from './state-file';
import type { ContractMode } from './contract/checker';

export interface SandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Ignored when `statePath` names an existing file. Default `demo`. */
  seed?: 'demo' | 'empty';
  /** JSON file the state is loaded from (if present) and saved to before each write is answered. */
  statePath?: string;
  /** Regions of an `empty` seed (the demo seed always has its 3). */
  regions?: string[];
  /** Adds synthetic groups (benches). */
  bulk?: { groupsPerRegion: number; rulesPerGroup?: number; attachmentsPerGroup?: number };
  /** Where problems no request can be answered with go (a failed background save). Default: stderr. */
  report?: (line: string) => void;
  /**
   * Requests and answers checked against the vendor's contract: `strict` (default, what the tests
   * use) answers a violation with an error, `report` records it in `sandbox.contract.violations`.
   */
  contract?: ContractMode;
}

export interface SandboxHandle {
  /** `127.0.0.1:PORT`, what the SDKs take as `endpoint` (with `protocol: 'HTTP'`). */
  endpoint: string;
  port: number;
  accessKeyId: string;
  accessKeySecret: string;
  accountId: string;
  regions: string[];
  /** The control API's token for this run (header `x-sandbox-token`). */
  controlToken: string;
  /** How function invocations are contained on this machine. */
  isolation: Isolation;
  /** The live sandbox (state, request log, faults) for assertions in tests. */
  sandbox: Sandbox;
  /** Waits for background work: auto-remediations and asynchronous invocations. */
  idle(): Promise<void>;
  /** Stops serving; waits for background work first, or aborts running invocations with `abort`. */
  close(opts?: { abort?: boolean }): Promise<void>;
}

/** The state to start with: the file's (checked in full; throws StateError), else a seed. */
export function initialState(opts: SandboxOptions): { state: SandboxState; loaded: boolean } {
  const loaded = opts.statePath ? loadState(opts.statePath) : undefined;
  if (loaded) return { state: loaded, loaded: true };
  const state = seededState(opts.seed ?? 'demo', opts.regions ?? DEFAULT_REGIONS);
  if (opts.bulk) seedBulk(state, opts.bulk);
  return { state, loaded: false };
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<SandboxHandle> {
  const { state, loaded } = initialState(opts);
  const sb = new Sandbox(state, {
    statePath: opts.statePath,
    loaded,
    report: opts.report,
    ...(opts.contract ? { contract: opts.contract } : {}),
  });
  // A new state file is written before anything is served, so a start that cannot save fails now.
  sb.persistence?.saveNow();
  const controlToken = randomBytes(32).toString('base64url');
  let port = 0;
  const server: Server = createServer(createRequestHandler(sb, { port: () => port, controlToken }));
  // Many SDK clients keep connections alive; do not let idle sockets hold close() up.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    endpoint: `127.0.0.1:${port}`,
    port,
    accessKeyId: sb.state.accessKeyId,
    accessKeySecret: sb.state.accessKeySecret,
    accountId: sb.state.accountId,
    regions: [...sb.state.regions],
    controlToken,
    isolation: sb.isolation,
    sandbox: sb,
    idle: () => sb.idle(),
    close: (closeOpts = {}) =>
      (closing ??= (async () => {
        if (closeOpts.abort) sb.abortInvocations('the sandbox is shutting down');
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await sb.close(closeOpts);
      })()),
  };
}

export { Sandbox } from './sandbox';
export type { SandboxState } from './state';
export { StateError } from './state-schema';
export { EXEMPT_TAG, seedBulk, demoState } from './seed';
export { signRequest } from './http/signature';

/**
 * The local Alibaba Cloud sandbox (ECS, Cloud Config, Function Compute 3.0, RAM on one
 * 127.0.0.1 endpoint) that the unmodified official SDKs talk to. `startSandbox` runs it inside
 * the calling process (tests, benches); `sg-guard sandbox` runs it in the foreground (main.ts).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequestHandler } from './http/router';
import { DEFAULT_REGIONS } from './regions';
import { Sandbox } from './sandbox';
import { seedBulk, seededState } from './seed';
import { loadState, type SandboxState } from './state';

export interface SandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Ignored when `statePath` names an existing file. Default `demo`. */
  seed?: 'demo' | 'empty';
  /** JSON file the state is loaded from (if present) and saved to. */
  statePath?: string;
  /** Regions of an `empty` seed (the demo seed always has its 3). */
  regions?: string[];
  /** Adds synthetic groups (benches). */
  bulk?: { groupsPerRegion: number; rulesPerGroup?: number };
}

export interface SandboxHandle {
  /** `127.0.0.1:PORT`, what the SDKs take as `endpoint` (with `protocol: 'HTTP'`). */
  endpoint: string;
  port: number;
  accessKeyId: string;
  accessKeySecret: string;
  accountId: string;
  regions: string[];
  /** The live sandbox (state, request log, faults) for assertions in tests. */
  sandbox: Sandbox;
  /** Waits for background work: auto-remediations and asynchronous invocations. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export function initialState(opts: SandboxOptions): SandboxState {
  const loaded = opts.statePath ? loadState(opts.statePath) : undefined;
  if (loaded) return loaded;
  const st = seededState(opts.seed ?? 'demo', opts.regions ?? DEFAULT_REGIONS);
  if (opts.bulk) seedBulk(st, opts.bulk);
  return st;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<SandboxHandle> {
  const sb = new Sandbox(initialState(opts), opts.statePath);
  if (opts.statePath) sb.save();
  const server: Server = createServer(createRequestHandler(sb));
  // Many SDK clients keep connections alive; do not let idle sockets hold close() up.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    endpoint: `127.0.0.1:${port}`,
    port,
    accessKeyId: sb.state.accessKeyId,
    accessKeySecret: sb.state.accessKeySecret,
    accountId: sb.state.accountId,
    regions: [...sb.state.regions],
    sandbox: sb,
    idle: () => sb.idle(),
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await sb.close();
      })()),
  };
}

export { Sandbox } from './sandbox';
export type { SandboxState } from './state';
export { EXEMPT_TAG, seedBulk, demoState } from './seed';
export { signRequest } from './http/signature';

/** Shared set-up for the cloud tests: an in-process sandbox and a session pointed at it. */
import { startSandbox, type SandboxHandle, type SandboxOptions } from '../../sandbox/src/index';
import type { CloudSession } from '../../client/src/cloud/core/api/session';
import { sandboxSession as sessionFor } from './sandbox-client';

export async function sandboxSession(
  opts: SandboxOptions = {},
): Promise<{ sb: SandboxHandle; session: CloudSession }> {
  const sb = await startSandbox({ port: 0, seed: 'demo', ...opts });
  return { sb, session: sessionFor(sb) };
}

/** POSTs to the sandbox's control API (faults, idle). */
export async function control(
  sb: SandboxHandle,
  path: string,
  body?: unknown,
  method = 'POST',
): Promise<unknown> {
  const res = await fetch(`http://${sb.endpoint}/__sandbox/${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-sandbox-token': sb.controlToken },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return res.json();
}

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { desiredState, type DesiredState } from '../../client/src/cloud/core/deploy/desired';
import { DEFAULT_SETTINGS, type GuardrailSettings } from '../../client/src/cloud/core/deploy/settings';

/** The built remediation function (npm run build); the tests deploy the real thing. */
export function codeZip(): Buffer {
  return readFileSync(join(dirname(__filename), '../../remediation-fn/dist/code.zip'));
}

export function desiredFor(
  sb: SandboxHandle,
  session: CloudSession,
  settings: Partial<GuardrailSettings> = {},
): DesiredState {
  return desiredState({ ...DEFAULT_SETTINGS, ...settings }, codeZip(), {
    sandbox: session.target.sandbox ?? sb.endpoint,
  });
}

/** Actions the sandbox saw since `since` that changed something (not Get/List/Describe). */
export function writesSince(sb: SandboxHandle, since: number): string[] {
  return sb.sandbox.log
    .list({ since })
    .map((e) => e.action)
    .filter((a) => !/^(Get|List|Describe)/.test(a));
}

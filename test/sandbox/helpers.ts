/** Shared setup for the sandbox conformance tests: a sandbox plus the official SDK clients. */
import Ecs from '@alicloud/ecs20140526';
import Fc from '@alicloud/fc20230330';
import Ram from '@alicloud/ram20150501';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { build } from 'esbuild';
import { zipSync, strToU8 } from 'fflate';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigClient } from './config-wire-client';
import { SandboxControl } from '../../sandbox/src/control-client';
import { startSandbox, type SandboxHandle, type SandboxOptions } from '../../sandbox/src/index';

export interface Keys {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export function sdkConfig(h: SandboxHandle, keys: Keys = h, regionId = 'cn-hangzhou'): $OpenApiUtil.Config {
  return new $OpenApiUtil.Config({ ...keys, regionId, endpoint: h.endpoint, protocol: 'HTTP' });
}

export interface Env {
  h: SandboxHandle;
  ecs: Ecs;
  fc: Fc;
  ram: Ram;
  config: ConfigClient;
  control: SandboxControl;
}

export async function setup(opts: SandboxOptions = {}): Promise<Env> {
  const h = await startSandbox(opts);
  const cfg = sdkConfig(h);
  return {
    h,
    ecs: new Ecs(cfg),
    fc: new Fc(cfg),
    ram: new Ram(cfg),
    config: new ConfigClient(cfg),
    control: new SandboxControl(h.endpoint, h.controlToken),
  };
}

/** The error an SDK call rejects with (fails the test when it resolves). */
export async function sdkError(p: Promise<unknown>): Promise<{
  code: string;
  statusCode: number;
  name: string;
  retryAfter?: number;
  data?: Record<string, unknown>;
  accessDeniedDetail?: Record<string, unknown>;
}> {
  try {
    await p;
  } catch (e) {
    return e as never;
  }
  throw new Error('expected the call to fail');
}

/** A zip holding `index.js` with the given source. */
export function zipOf(files: Record<string, string>): string {
  const entries: Record<string, Uint8Array> = {};
  for (const [name, text] of Object.entries(files)) entries[name] = strToU8(text);
  return Buffer.from(zipSync(entries)).toString('base64');
}

/**
 * Bundles a handler (TypeScript/JS source that may import the official SDKs) into one index.js,
 * the way a real FC deployment must ship it, and zips it.
 */
export async function bundledZip(source: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'sg-guard-handler-'));
  try {
    const entry = join(dir, 'handler.ts');
    writeFileSync(entry, source);
    const out = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node18',
      write: false,
      logLevel: 'silent',
      nodePaths: [join(__dirname, '../../node_modules')],
    });
    return zipOf({ 'index.js': out.outputFiles[0]!.text });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const FC_TRUST_POLICY = JSON.stringify({
  Version: '1',
  Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: ['fc.aliyuncs.com'] } }],
});

/**
 * Runs an uploaded function for real: unzips its code (once per checksum) into a private temp
 * folder and calls its handler in a fresh child Node process with the function's environment,
 * enforcing the function's timeout. The child sees only what the zip holds (no project
 * node_modules), as on Function Compute.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { unzipSync } from 'fflate';
import type { FcFunction } from '../state';

export interface InvokeContext {
  requestId: string;
  region: string;
  accountId: string;
  credentials?: { accessKeyId: string; accessKeySecret: string; securityToken: string };
}

export type InvokeOutcome =
  | { ok: true; body: Buffer; logs: string }
  | {
      ok: false;
      errorType: string;
      errorMessage: string;
      stackTrace: string[];
      logs: string;
      timedOut: boolean;
    };

interface ChildReply {
  ok: boolean;
  body?: string;
  errorType?: string;
  errorMessage?: string;
  stackTrace?: string[];
}

const LOG_LIMIT = 8192;

export class FunctionRunner {
  private root: string | undefined;
  private readonly extracted = new Map<string, string>();

  constructor(private readonly childSource: string) {}

  private codeDir(fn: FcFunction): string {
    const cached = this.extracted.get(fn.codeChecksum);
    if (cached) return cached;
    this.root ??= mkdtempSync(join(tmpdir(), 'sg-guard-fc-'));
    const dir = join(this.root, fn.codeChecksum.slice(0, 24));
    const files = unzipSync(Buffer.from(fn.zipFile, 'base64'));
    for (const [name, data] of Object.entries(files)) {
      const target = resolve(dir, name);
      if (!target.startsWith(dir + sep)) throw new Error(`zip entry "${name}" escapes the code folder`);
      if (name.endsWith('/')) {
        mkdirSync(target, { recursive: true });
        continue;
      }
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, data);
    }
    this.extracted.set(fn.codeChecksum, dir);
    return dir;
  }

  environment(fn: FcFunction, ctx: InvokeContext): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      ELECTRON_RUN_AS_NODE: '1',
      ...fn.environmentVariables,
      FC_FUNCTION_NAME: fn.functionName,
      FC_FUNCTION_HANDLER: fn.handler,
      FC_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
      FC_REGION: ctx.region,
      FC_ACCOUNT_ID: ctx.accountId,
    };
    // FC 3.0 injects the role's credentials as variables too, unless disableInjectCredentials says not to.
    const inject = fn.disableInjectCredentials !== 'All' && fn.disableInjectCredentials !== 'Env';
    if (ctx.credentials && inject) {
      env.ALIBABA_CLOUD_ACCESS_KEY_ID = ctx.credentials.accessKeyId;
      env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = ctx.credentials.accessKeySecret;
      env.ALIBABA_CLOUD_SECURITY_TOKEN = ctx.credentials.securityToken;
    }
    return env;
  }

  async invoke(fn: FcFunction, event: Buffer, ctx: InvokeContext): Promise<InvokeOutcome> {
    const codeDir = this.codeDir(fn);
    const child = spawn(process.execPath, ['-e', this.childSource], {
      cwd: codeDir,
      env: this.environment(fn, ctx),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let logs = '';
    const collect = (chunk: Buffer) => {
      logs = (logs + chunk.toString('utf8')).slice(-LOG_LIMIT);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const withCreds = fn.disableInjectCredentials !== 'All' && fn.disableInjectCredentials !== 'Context';
    const context = {
      requestId: ctx.requestId,
      region: ctx.region,
      accountId: ctx.accountId,
      credentials: withCreds ? ctx.credentials : undefined,
      function: { name: fn.functionName, handler: fn.handler, memory: fn.memorySize, timeout: fn.timeout },
    };
    return new Promise<InvokeOutcome>((done) => {
      let reply: ChildReply | undefined;
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, fn.timeout * 1000);
      child.on('message', (m: ChildReply) => {
        reply = m;
      });
      child.on('error', (e) => collect(Buffer.from(String(e))));
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        if (reply?.ok) return done({ ok: true, body: Buffer.from(reply.body ?? '', 'base64'), logs });
        if (reply) {
          return done({
            ok: false,
            errorType: reply.errorType ?? 'Error',
            errorMessage: reply.errorMessage ?? '',
            stackTrace: reply.stackTrace ?? [],
            logs,
            timedOut: false,
          });
        }
        done({
          ok: false,
          errorType: timedOut ? 'FunctionTimeoutError' : 'ProcessExitedError',
          errorMessage: timedOut
            ? `Function timed out after ${fn.timeout} seconds`
            : `Process exited unexpectedly before completing the request (exit ${code ?? signal ?? '?'})`,
          stackTrace: [],
          logs,
          timedOut,
        });
      });
      child.send({ handler: fn.handler, codeDir, event: event.toString('base64'), context });
    });
  }

  close(): void {
    if (this.root) rmSync(this.root, { recursive: true, force: true });
    this.root = undefined;
    this.extracted.clear();
  }
}

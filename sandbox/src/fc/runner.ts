/**
 * Runs an uploaded function for real, contained: each invocation gets a fresh folder (the code
 * unzipped within limits, its own HOME and TMPDIR) removed afterwards, a child Node process in its
 * own process group (and PID namespace where the machine allows, see isolation.ts) with only the
 * environment FC gives, and a bounded reply channel. When the reply arrives, the timeout passes, the
 * process exits or the sandbox aborts, the whole group is killed and the call ends at once, even if
 * something the function started still holds its stdout.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import type { FcFunction } from '../state';
import { extractZip } from './code';
import { killContained, spawnContained } from './isolation';

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

/** FC's documented synchronous payload limit (32 MB) used for results too (FC's result limit unverified). */
export const MAX_RESULT_BYTES = 32 * 1024 * 1024;
/** The reply carries the result in base64 inside JSON. */
const MAX_REPLY_BYTES = Math.ceil(MAX_RESULT_BYTES / 3) * 4 + 64 * 1024;
const LOG_LIMIT = 8192;
/** What FC puts on PATH, minus its /code and /opt folders (unverified beyond the usual system folders). */
const FC_PATH = '/usr/local/bin:/usr/local/sbin:/usr/bin:/usr/sbin:/sbin:/bin';

const failure = (errorType: string, errorMessage: string, logs: string, timedOut = false): InvokeOutcome => ({
  ok: false,
  errorType,
  errorMessage,
  stackTrace: [],
  logs,
  timedOut,
});

export class FunctionRunner {
  private root: string | undefined;
  private closed = false;
  private readonly running = new Set<(why: string) => void>();

  constructor(private readonly childSource: string) {}

  /** The variables FC gives a function: its own, FC_*, the role's credentials; nothing of the sandbox's. */
  environment(fn: FcFunction, ctx: InvokeContext, folders: { home: string; tmp: string }): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = Object.create(null) as NodeJS.ProcessEnv;
    env.PATH = FC_PATH;
    env.LANG = 'C.UTF-8';
    Object.assign(env, fn.environmentVariables);
    Object.assign(env, {
      HOME: folders.home,
      TMPDIR: folders.tmp,
      FC_FUNCTION_NAME: fn.functionName,
      FC_FUNCTION_HANDLER: fn.handler,
      FC_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
      FC_REGION: ctx.region,
      FC_ACCOUNT_ID: ctx.accountId,
    });
    // Inside VS Code the sandbox's node is Electron: the child needs this to run as plain Node.
    if (process.versions.electron) env.ELECTRON_RUN_AS_NODE = '1';
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
    if (this.closed) return failure('FunctionAborted', 'the sandbox is shutting down', '');
    this.root ??= mkdtempSync(join(tmpdir(), 'sg-guard-fc-'));
    const dir = mkdtempSync(join(this.root, 'inv-'));
    try {
      const folders = { code: join(dir, 'code'), home: join(dir, 'home'), tmp: join(dir, 'tmp') };
      for (const d of Object.values(folders)) mkdirSync(d, { mode: 0o700 });
      try {
        extractZip(Buffer.from(fn.zipFile, 'base64'), folders.code);
      } catch (e) {
        return failure('CodeError', (e as Error).message, '');
      }
      return await this.run(fn, event, ctx, folders);
    } finally {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    }
  }

  private run(
    fn: FcFunction,
    event: Buffer,
    ctx: InvokeContext,
    folders: { code: string; home: string; tmp: string },
  ): Promise<InvokeOutcome> {
    const child = spawnContained(['-e', this.childSource], {
      cwd: folders.code,
      env: this.environment(fn, ctx, folders),
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
      const channel = child.stdio[3] as Duplex;
      const replyChunks: Buffer[] = [];
      let replyBytes = 0;
      let settled = false;
      const finish = (outcome: InvokeOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.running.delete(abort);
        killContained(child);
        for (const s of [child.stdout, child.stderr]) s?.destroy();
        channel.destroy();
        done(outcome);
      };
      const abort = (why: string) => finish(failure('FunctionAborted', why, logs));
      this.running.add(abort);
      const timer = setTimeout(
        () =>
          finish(
            failure('FunctionTimeoutError', `Function timed out after ${fn.timeout} seconds`, logs, true),
          ),
        fn.timeout * 1000,
      );
      channel.on('data', (chunk: Buffer) => {
        replyBytes += chunk.length;
        if (replyBytes > MAX_REPLY_BYTES) {
          finish(
            failure(
              'ResultTooLarge',
              `the result is larger than the limit of ${MAX_RESULT_BYTES} bytes`,
              logs,
            ),
          );
          return;
        }
        replyChunks.push(chunk);
      });
      channel.on('end', () => finish(this.outcome(Buffer.concat(replyChunks), logs)));
      channel.on('error', () => undefined);
      child.on('error', (e) => finish(failure('ProcessStartError', String(e), logs)));
      child.on('exit', (code, signal) => {
        // A reply may still be in the pipe: give it a moment before calling the exit unexpected.
        setTimeout(
          () =>
            finish(
              failure(
                'ProcessExitedError',
                `Process exited unexpectedly before completing the request (exit ${code ?? signal ?? '?'})`,
                logs,
              ),
            ),
          200,
        );
      });
      const request = {
        handler: fn.handler,
        codeDir: folders.code,
        event: event.toString('base64'),
        context,
        maxResultBytes: MAX_RESULT_BYTES,
      };
      channel.write(`${JSON.stringify(request)}\n`);
    });
  }

  private outcome(raw: Buffer, logs: string): InvokeOutcome {
    let reply: ChildReply;
    try {
      reply = JSON.parse(raw.toString('utf8')) as ChildReply;
    } catch {
      return failure('ProcessExitedError', 'Process ended without a complete reply', logs);
    }
    if (reply.ok) return { ok: true, body: Buffer.from(reply.body ?? '', 'base64'), logs };
    return {
      ok: false,
      errorType: String(reply.errorType ?? 'Error'),
      errorMessage: String(reply.errorMessage ?? ''),
      stackTrace: Array.isArray(reply.stackTrace) ? reply.stackTrace.map(String) : [],
      logs,
      timedOut: false,
    };
  }

  /** Ends every running invocation now (shutdown). */
  abortAll(why: string): void {
    for (const abort of [...this.running]) abort(why);
  }

  /** Aborts what runs, refuses new invocations and removes the folders. */
  close(): void {
    this.closed = true;
    this.abortAll('the sandbox is shutting down');
    if (this.root) rmSync(this.root, { recursive: true, force: true });
    this.root = undefined;
  }
}

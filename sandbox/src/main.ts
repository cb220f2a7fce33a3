/**
 * `sg-guard sandbox [--port N] [--seed demo|empty] [--state FILE]`: runs the sandbox in the
 * foreground. Once ready it prints one JSON line on stdout (endpoint, keys, control token, pid) for
 * programs and one line on stderr for people (endpoint, how to stop it, where state is kept). It
 * stops promptly on SIGINT/SIGTERM (running invocations aborted, state saved) and when the process
 * that started it (npx, the editor) goes away. A state file it cannot use stops it at once: exit
 * 2 with the reason, nothing written.
 */
import { resolve } from 'node:path';
import { startSandbox, type SandboxHandle, type SandboxOptions } from './index';
import { watchParent } from './parent-watch';

const USAGE = 'usage: sg-guard sandbox [--port N] [--seed demo|empty] [--state FILE] [--exit-with-parent]';

/** The JSON line printed on stdout once the sandbox is ready. */
export interface ReadyLine {
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  accountId: string;
  regions: string[];
  /** Header `x-sandbox-token` of the control API. */
  controlToken: string;
  pid: number;
}

export interface CliOptions extends SandboxOptions {
  /** Stop when the starting process ends even if it is not npm (the editor passes this). */
  exitWithParent?: boolean;
}

export function parseArgs(argv: readonly string[]): CliOptions | string {
  const opts: CliOptions = { port: 0, seed: 'demo' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--port': {
        const v = value();
        if (v === undefined || !/^\d+$/.test(v) || Number(v) > 65535)
          return `--port needs a number 0..65535 (${USAGE})`;
        opts.port = Number(v);
        break;
      }
      case '--seed': {
        const v = value();
        if (v !== 'demo' && v !== 'empty') return `--seed must be demo or empty (${USAGE})`;
        opts.seed = v;
        break;
      }
      case '--state': {
        const v = value();
        if (v === undefined || v === '') return `--state needs a file name (${USAGE})`;
        opts.statePath = v;
        break;
      }
      case '--exit-with-parent':
        if (inline !== undefined) return `--exit-with-parent takes no value (${USAGE})`;
        opts.exitWithParent = true;
        break;
      case '--help':
      case '-h':
        return USAGE;
      default:
        return `unknown argument "${arg}" (${USAGE})`;
    }
  }
  return opts;
}

export async function main(argv: string[]): Promise<number> {
  const opts = parseArgs(argv);
  if (typeof opts === 'string') {
    if (opts === USAGE) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    process.stderr.write(`sg-guard sandbox: ${opts}\n`);
    return 2;
  }
  let h: SandboxHandle;
  try {
    const { exitWithParent: _, ...sandboxOpts } = opts;
    h = await startSandbox({
      ...sandboxOpts,
      report: (line) => process.stderr.write(`sg-guard sandbox: ${line}\n`),
    });
  } catch (e) {
    process.stderr.write(`sg-guard sandbox: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  // Listen for signals before announcing readiness, so a caller that stops us as soon as it
  // reads the JSON line cannot race the handler registration.
  const stopped = new Promise<number>((done) => {
    let stopping = false;
    const stop = (why: string) => {
      if (stopping) {
        // A second signal while stopping: leave now.
        process.exit(1);
      }
      stopping = true;
      unwatch();
      if (why !== 'signal') process.stderr.write(`sg-guard sandbox: stopping (${why})\n`);
      // Whatever still holds the event loop open once the server is closed must not keep us alive.
      setTimeout(() => process.exit(1), 5000).unref();
      h.close({ abort: true }).then(
        () => done(0),
        (e: unknown) => {
          process.stderr.write(`sg-guard sandbox: ${e instanceof Error ? e.message : String(e)}\n`);
          done(1);
        },
      );
    };
    const onSignal = () => stop('signal');
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const unwatch = watchParent(() => stop('the process that started it has ended'), {
      always: opts.exitWithParent,
    });
  });
  const { endpoint, accessKeyId, accessKeySecret, accountId, regions, controlToken } = h;
  const ready: ReadyLine = {
    endpoint,
    accessKeyId,
    accessKeySecret,
    accountId,
    regions,
    controlToken,
    pid: process.pid,
  };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  const where = opts.statePath
    ? `state is saved in ${resolve(opts.statePath)}`
    : 'state is kept in memory only (use --state FILE to keep it)';
  process.stderr.write(
    `sg-guard sandbox: Alibaba Cloud sandbox (ECS, Config, FC, RAM) at http://${endpoint}; ` +
      `press Ctrl+C or send SIGTERM (pid ${process.pid}) to stop; ${where}; functions run contained (${h.isolation})\n`,
  );
  return stopped;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}

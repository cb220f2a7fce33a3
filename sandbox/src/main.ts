/**
 * `sg-guard sandbox [--port N] [--seed demo|empty] [--state FILE]`: runs the sandbox in the
 * foreground, prints one JSON line with the endpoint and keys once ready, and shuts down cleanly
 * (saving `--state`) on SIGINT/SIGTERM.
 */
import { startSandbox, type SandboxOptions } from './index';

const USAGE = 'usage: sg-guard sandbox [--port N] [--seed demo|empty] [--state FILE]';

export function parseArgs(argv: readonly string[]): SandboxOptions | string {
  const opts: SandboxOptions = { port: 0, seed: 'demo' };
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
  let handle;
  try {
    handle = await startSandbox(opts);
  } catch (e) {
    process.stderr.write(`sg-guard sandbox: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const h = handle;
  // Listen for signals before announcing readiness, so a caller that stops us as soon as it
  // reads the JSON line cannot race the handler registration.
  const stopped = new Promise<number>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      h.close().then(
        () => resolve(0),
        (e: unknown) => {
          process.stderr.write(`sg-guard sandbox: ${e instanceof Error ? e.message : String(e)}\n`);
          resolve(1);
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  const { endpoint, accessKeyId, accessKeySecret, accountId, regions } = h;
  process.stdout.write(`${JSON.stringify({ endpoint, accessKeyId, accessKeySecret, accountId, regions })}\n`);
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

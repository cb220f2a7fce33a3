/**
 * `sg-guard` — the CLI. `lint` runs the analysis core; `lsp` and `sandbox` load their own bundles
 * lazily so linting starts fast.
 */
import { join } from 'node:path';
import { runLint } from './lint-command';
import { lintUsage } from './options';
import { LINT_V8_FLAGS } from './v8-flags';

declare const SG_GUARD_VERSION: string | undefined;
const VERSION = typeof SG_GUARD_VERSION === 'string' ? SG_GUARD_VERSION : '0.0.0-dev';

const USAGE = `Usage: sg-guard <command> [options]

Commands:
  lint [PATH...]     lint Terraform for security group rules open to the Internet (see: sg-guard help lint)
  lsp --stdio        run the language server for editors other than VS Code (see: sg-guard help lsp)
  sandbox            run a local Alibaba Cloud emulator (ECS, Cloud Config, FC, RAM) for trying cloud features
  help [COMMAND]     print this help, or a command's
  --version          print the version

Exit status: 0 success, 1 findings that fail the run, 2 bad usage or input, 3 an internal error.`;

const LSP_USAGE = `Usage: sg-guard lsp [--stdio | --node-ipc]

Runs the SG Guard language server: diagnostics, quick fixes and hover for Terraform in any editor with
an LSP client (Neovim, Emacs, Helix: see docs/editors.md). It speaks LSP on standard input and output
(--stdio, the default when not started by VS Code) until the editor shuts it down. Settings come from
each folder's .sg-guard.yaml, with the editor's sgGuard.* settings on top.`;

const SANDBOX_USAGE = 'Usage: sg-guard sandbox [--port N] [--seed demo|empty] [--state FILE]';

const HELP: Record<string, () => string> = {
  lint: lintUsage,
  lsp: () => LSP_USAGE,
  sandbox: () => SANDBOX_USAGE,
};

interface SubcommandModule {
  main(argv: string[]): Promise<number> | number;
}

/** Loads a sibling bundle (dist/server.js, dist/sandbox.js) only when its command runs. */
function loadBundle(name: string): SubcommandModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(__dirname, name)) as SubcommandModule;
}

/**
 * Writes a report in pieces of about a megabyte: written whole, a 20 MB report is also a 20 MB
 * buffer at the run's peak memory (bench/memory). A piece never ends inside a surrogate pair.
 */
export function writeOut(
  s: string,
  write: (piece: string) => unknown = (p) => process.stdout.write(p),
): void {
  const PIECE = 1 << 20;
  for (let i = 0; i < s.length;) {
    let end = Math.min(s.length, i + PIECE);
    const last = s.charCodeAt(end - 1);
    if (end < s.length && last >= 0xd800 && last <= 0xdbff) end--;
    write(s.slice(i, end));
    i = end;
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const io = {
    stdout: writeOut,
    stderr: (s: string) => process.stderr.write(s),
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    cwd: process.cwd(),
  };
  // Answered here, before a long-running server is loaded: `lsp --help` must not start one.
  if (command === 'lsp' || command === 'sandbox') {
    if (rest.includes('--version') || rest.includes('-v')) {
      io.stdout(`${VERSION}\n`);
      return 0;
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(HELP[command]!() + '\n');
      return 0;
    }
  }
  switch (command) {
    case 'lint':
      return runLint(rest, io, VERSION);
    case 'lsp':
      return loadBundle('server.js').main(rest);
    case 'sandbox':
      return loadBundle('sandbox.js').main(rest);
    case 'help': {
      const topic = rest[0];
      if (topic === undefined) break;
      const usage = HELP[topic];
      if (!usage) {
        io.stderr(`sg-guard help: unknown command "${topic}" (commands: lint, lsp, sandbox)\n`);
        return 2;
      }
      io.stdout(usage() + '\n');
      return 0;
    }
    case '--version':
    case '-v':
      io.stdout(`${VERSION}\n`);
      return 0;
    case undefined:
    case '--help':
    case '-h':
      break;
    default:
      io.stderr(`sg-guard: unknown command "${command}"\n${USAGE}\n`);
      return 2;
  }
  io.stdout(USAGE + '\n');
  return command === undefined ? 2 : 0;
}

if (require.main === module) {
  if (process.argv[2] === 'lint') {
    // Required here, not imported: the other commands need not load node:v8 at start-up.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const v8 = require('node:v8') as typeof import('node:v8');
    for (const flag of LINT_V8_FLAGS) v8.setFlagsFromString(flag);
  }
  main(process.argv.slice(2)).then(
    (code) => {
      // lsp and sandbox keep running; they exit on their own.
      if (code >= 0) process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(
        `sg-guard: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
      );
      process.exitCode = 3;
    },
  );
}

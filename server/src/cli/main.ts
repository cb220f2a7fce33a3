/**
 * `sg-guard` — the CLI. `lint` runs the analysis core; `lsp` and `sandbox` load their own bundles
 * lazily so linting starts fast.
 */
import { join } from 'node:path';
import { runLint } from './lint-command';
import { LINT_V8_FLAGS } from './v8-flags';

declare const SG_GUARD_VERSION: string | undefined;
const VERSION = typeof SG_GUARD_VERSION === 'string' ? SG_GUARD_VERSION : '0.0.0-dev';

const USAGE = `Usage: sg-guard <command> [options]

Commands:
  lint [PATH...]     lint Terraform for security group rules open to the Internet (see lint --help)
  lsp --stdio        run the language server for editors other than VS Code
  sandbox            run a local Alibaba Cloud emulator (ECS, Cloud Config, FC, RAM) for trying cloud features
  --version          print the version`;

interface SubcommandModule {
  main(argv: string[]): Promise<number> | number;
}

/** Loads a sibling bundle (dist/server.js, dist/sandbox.js) only when its command runs. */
function loadBundle(name: string): SubcommandModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(__dirname, name)) as SubcommandModule;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const io = {
    stdout: (s: string) => process.stdout.write(s),
    stderr: (s: string) => process.stderr.write(s),
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    cwd: process.cwd(),
  };
  switch (command) {
    case 'lint':
      return runLint(rest, io, VERSION);
    case 'lsp':
      return loadBundle('server.js').main(rest);
    case 'sandbox':
      return loadBundle('sandbox.js').main(rest);
    case '--version':
    case '-v':
      io.stdout(`${VERSION}\n`);
      return 0;
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      io.stdout(USAGE + '\n');
      return command === undefined ? 2 : 0;
    default:
      io.stderr(`sg-guard: unknown command "${command}"\n${USAGE}\n`);
      return 2;
  }
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

/**
 * `sg-guard lint`'s options, written once: this table builds both the `node:util` parseArgs parser
 * and the `--help` text, and each entry checks its own value.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Severity } from '../api/types';
import { RULES } from '../api/index';
import { parsePortList } from '../risk/index';
import { CliError } from './errors';

export const FORMATS = ['text', 'json', 'sarif', 'junit', 'gitlab', 'github', 'checkstyle'] as const;
export type Format = (typeof FORMATS)[number];
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export interface LintArgs {
  paths: string[];
  format: Format;
  output?: string;
  config?: string;
  /** Config files may not weaken the check (exit 2 naming what they set). */
  strictConfig?: boolean;
  ports?: number[];
  trustedCidrs: string[];
  varFiles: string[];
  vars: { name: string; value: string; afterVarFiles?: number }[];
  /** Findings below this are not reported. */
  minSeverity?: Severity;
  /** Findings at or above this fail the run (exit 1). */
  failOn?: Severity;
  disabled: string[];
  unverified?: boolean;
  color?: boolean;
  exclude: string[];
  baseline?: string;
  writeBaseline?: string;
  fix: boolean;
  fixDryRun: boolean;
  help: boolean;
  version: boolean;
}

interface OptionSpec {
  /** The long name, without `--`. */
  name: string;
  short?: string;
  /** The value's placeholder in --help; a flag when absent. */
  value?: string;
  multiple?: boolean;
  help: string;
  /** Stores the (checked) value in the arguments. */
  set(args: LintArgs, value: string | boolean): void;
}

function oneOf<T extends string>(flag: string, allowed: readonly T[], v: string): T {
  if (!allowed.includes(v as T))
    throw new CliError(
      `--${flag} must be ${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)!}, not "${v}"`,
    );
  return v as T;
}

const str = (v: string | boolean): string => String(v);

export const LINT_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'format',
    short: 'f',
    value: 'FORMAT',
    help:
      'text (default), json, sarif (code scanning), junit (CI test reports), gitlab (GitLab Code ' +
      'Quality), github (workflow annotations) or checkstyle',
    set: (a, v) => (a.format = oneOf('format', FORMATS, str(v))),
  },
  {
    name: 'output',
    short: 'o',
    value: 'FILE',
    help: 'write the report to FILE instead of standard output',
    set: (a, v) => (a.output = str(v)),
  },
  {
    name: 'config',
    value: 'FILE',
    help: 'read this .sg-guard.yaml instead of looking for one upward from each linted folder',
    set: (a, v) => (a.config = str(v)),
  },
  {
    name: 'strict-config',
    help:
      'fail (exit 2) when a config file turns a rule off or lowers it, narrows the risky ports, ' +
      'hides unverified values or excludes paths (for CI: the repository cannot weaken its own check)',
    set: (a) => (a.strictConfig = true),
  },
  {
    name: 'ports',
    value: '22,3389,...',
    help: 'risky ports (replaces the default 22,3389; ranges like 8000-8080 allowed)',
    set: (a, v) => {
      try {
        a.ports = parsePortList(str(v));
      } catch (e) {
        throw new CliError(`--ports: ${(e as Error).message}`);
      }
    },
  },
  {
    name: 'trusted-cidr',
    value: 'CIDR',
    multiple: true,
    help: 'a range --fix puts where a world CIDR is written, e.g. your VPN 203.0.113.0/24 (repeatable)',
    set: (a, v) => a.trustedCidrs.push(str(v)),
  },
  {
    name: 'var-file',
    value: 'FILE',
    multiple: true,
    help: 'a tfvars file, applied after terraform.tfvars and *.auto.tfvars (repeatable)',
    set: (a, v) => a.varFiles.push(str(v)),
  },
  {
    name: 'var',
    value: 'NAME=VALUE',
    multiple: true,
    help: 'a variable value; --var and --var-file apply in the order given, the last wins (repeatable)',
    set: (a, v) => {
      const kv = str(v);
      const at = kv.indexOf('=');
      if (at <= 0) throw new CliError(`--var needs NAME=VALUE, got "${kv}"`);
      a.vars.push({ name: kv.slice(0, at), value: kv.slice(at + 1), afterVarFiles: a.varFiles.length });
    },
  },
  {
    name: 'severity',
    value: 'error|warning|info',
    help: 'report findings of at least this severity (default: info)',
    set: (a, v) => (a.minSeverity = oneOf('severity', SEVERITIES, str(v))),
  },
  {
    name: 'fail-on',
    value: 'error|warning|info',
    help: 'fail the run (exit 1) on reported findings of at least this severity (default: warning)',
    set: (a, v) => (a.failOn = oneOf('fail-on', SEVERITIES, str(v))),
  },
  {
    name: 'disable',
    value: 'RULE-ID',
    multiple: true,
    help: 'turn a rule off (repeatable)',
    set: (a, v) => {
      const id = str(v);
      if (!RULES.some((r) => r.id === id))
        throw new CliError(`--disable: unknown rule "${id}" (rules: ${RULES.map((r) => r.id).join(', ')})`);
      a.disabled.push(id);
    },
  },
  {
    name: 'no-unverified',
    help: 'do not list values that cannot be verified',
    set: (a) => (a.unverified = false),
  },
  {
    name: 'exclude',
    value: 'GLOB',
    multiple: true,
    help: "skip paths matching GLOB, relative to the current directory, e.g. 'examples/**' (repeatable)",
    set: (a, v) => a.exclude.push(str(v)),
  },
  {
    name: 'baseline',
    value: 'FILE',
    help: 'accept the findings recorded in FILE (reported as suppressed): fail on new ones',
    set: (a, v) => (a.baseline = str(v)),
  },
  {
    name: 'write-baseline',
    value: 'FILE',
    help: 'record the current findings in FILE, for --baseline',
    set: (a, v) => (a.writeBaseline = str(v)),
  },
  {
    name: 'fix',
    help: 'replace world CIDRs with your trusted range where each value is written, then report what is left',
    set: (a) => (a.fix = true),
  },
  {
    name: 'fix-dry-run',
    help: 'print what --fix would change as a unified diff; change nothing',
    set: (a) => (a.fixDryRun = true),
  },
  { name: 'color', help: 'colour in text output (default: on for a terminal)', set: (a) => (a.color = true) },
  { name: 'no-color', help: 'no colour (also NO_COLOR=1 or TERM=dumb)', set: (a) => (a.color = false) },
  { name: 'help', short: 'h', help: 'print this help', set: (a) => (a.help = true) },
  { name: 'version', short: 'v', help: 'print the version', set: (a) => (a.version = true) },
];

const EXIT_STATUS = `Exit status: 0 nothing fails the run, 1 findings at or above --fail-on (or syntax errors),
2 bad usage, a bad config file or an unreadable path, 3 an internal error (a bug: please report it).`;

/** `--help`, from the table. */
export function lintUsage(): string {
  const left = (o: OptionSpec): string =>
    `${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.value ? ` ${o.value}` : ''}`;
  const width = Math.max(...LINT_OPTIONS.map((o) => left(o).length)) + 2;
  const lines = LINT_OPTIONS.map((o) => `  ${left(o).padEnd(width)}${o.help}`);
  return `Usage: sg-guard lint [PATH...] [options]

Lints Terraform for Alibaba Cloud security group rules that open risky ports to the whole Internet.
PATH is a directory (every module below it) or a .tf / .tf.json file; default: the current directory.
Settings come from .sg-guard.yaml (found upward from each linted folder); options override it.

Options:
${lines.join('\n')}

${EXIT_STATUS}`;
}

const PARSE_CONFIG: ParseArgsConfig['options'] = Object.fromEntries(
  LINT_OPTIONS.map((o) => [
    o.name,
    {
      type: o.value ? ('string' as const) : ('boolean' as const),
      ...(o.short ? { short: o.short } : {}),
      ...(o.multiple ? { multiple: true } : {}),
    },
  ]),
);

/** parseArgs' errors, said the way the rest of the CLI says things. */
function usageError(e: Error & { code?: string }): CliError {
  const option = /--[\w-]+/.exec(e.message)?.[0] ?? /'(-[^' ,]+)/.exec(e.message)?.[1];
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
    return new CliError(`unknown option ${option ?? ''} (see sg-guard lint --help)`);
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = option ?? 'an option';
    return /argument missing|ambiguous/.test(e.message)
      ? new CliError(`${name} needs a value`)
      : new CliError(`${name} does not take a value`);
  }
  return new CliError(e.message);
}

export function parseLintArgs(argv: readonly string[]): LintArgs {
  const args: LintArgs = {
    paths: [],
    format: 'text',
    trustedCidrs: [],
    varFiles: [],
    vars: [],
    disabled: [],
    exclude: [],
    fix: false,
    fixDryRun: false,
    help: false,
    version: false,
  };
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: PARSE_CONFIG,
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
  } catch (e) {
    throw usageError(e as Error);
  }
  const byName = new Map(LINT_OPTIONS.map((o) => [o.name, o]));
  // In command-line order, so a later --color / --no-color wins.
  type Token =
    | { kind: 'positional'; value: string }
    | { kind: 'option'; name: string; value?: string; inlineValue?: boolean }
    | { kind: 'option-terminator' };
  for (const t of (parsed.tokens ?? []) as Token[]) {
    if (t.kind === 'positional') args.paths.push(t.value);
    else if (t.kind === 'option') {
      const spec = byName.get(t.name)!;
      if (spec.value && (t.value === undefined || (t.value.startsWith('--') && t.inlineValue !== true)))
        throw new CliError(`--${spec.name} needs a value`);
      spec.set(args, t.value ?? true);
    }
  }
  if (args.paths.length === 0) args.paths.push('.');
  return args;
}

import { parsePortList } from '../risk/index';
import type { Severity } from '../api/types';
import { RULES } from '../api/index';

export interface LintArgs {
  paths: string[];
  format: (typeof FORMATS)[number];
  ports?: number[];
  varFiles: string[];
  vars: { name: string; value: string }[];
  minSeverity: Severity;
  disabled: string[];
  unverified: boolean;
  color?: boolean;
  output?: string;
  exclude: string[];
  baseline?: string;
  writeBaseline?: string;
}

export class UsageError extends Error {}

export const FORMATS = ['text', 'json', 'sarif', 'junit', 'gitlab'] as const;

export const LINT_USAGE = `Usage: sg-guard lint [PATH...] [options]

Lints Terraform for Alibaba Cloud security group rules that open risky ports to the whole Internet.
PATH is a directory (every module below it) or a .tf / .tf.json file; default: the current directory.

Options:
  --format FORMAT            text (default), json, sarif (code scanning), junit (CI test reports)
                             or gitlab (GitLab Code Quality)
  --ports 22,3389,...        risky ports (replaces the default 22,3389; ranges like 8000-8080 allowed)
  --var-file FILE            a tfvars file, applied after terraform.tfvars and *.auto.tfvars (repeatable)
  --var NAME=VALUE           a variable value, applied last (repeatable)
  --severity error|warning|info
                             report findings of at least this severity (default: info)
  --disable RULE-ID          turn a rule off (repeatable)
  --no-unverified            do not list values that cannot be verified
  --exclude GLOB             skip paths matching GLOB, relative to the current directory, e.g.
                             'examples/**' or '**/legacy.tf' (repeatable)
  --baseline FILE            accept the findings recorded in FILE (reported as suppressed): fail on new ones
  --write-baseline FILE      record the current findings in FILE, for --baseline
  --output FILE              write the report to FILE instead of standard output
  --color / --no-color       force colour on or off in text output (default: on for a terminal)

Exit status: 0 no findings, 1 findings (errors, warnings or syntax errors), 2 bad usage or unreadable path.`;

const SEVERITIES: Severity[] = ['error', 'warning', 'info'];

export function parseLintArgs(argv: readonly string[]): LintArgs {
  const args: LintArgs = {
    paths: [],
    format: 'text',
    varFiles: [],
    vars: [],
    minSeverity: 'info',
    disabled: [],
    unverified: true,
    exclude: [],
  };
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || (v.startsWith('--') && v.length > 2))
      throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const inline = eq > 0 ? a.slice(eq + 1) : undefined;
    const take = (): string => {
      if (inline !== undefined) return inline;
      const v = value(i, flag);
      i++;
      return v;
    };
    switch (flag) {
      case '--format': {
        const f = take() as LintArgs['format'];
        if (!FORMATS.includes(f))
          throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${f}"`);
        args.format = f;
        break;
      }
      case '--ports':
        try {
          args.ports = parsePortList(take());
        } catch (e) {
          throw new UsageError(`--ports: ${(e as Error).message}`);
        }
        break;
      case '--var-file':
        args.varFiles.push(take());
        break;
      case '--var': {
        const kv = take();
        const at = kv.indexOf('=');
        if (at <= 0) throw new UsageError(`--var needs NAME=VALUE, got "${kv}"`);
        args.vars.push({ name: kv.slice(0, at), value: kv.slice(at + 1) });
        break;
      }
      case '--severity': {
        const s = take() as Severity;
        if (!SEVERITIES.includes(s))
          throw new UsageError(`--severity must be error, warning or info, not "${s}"`);
        args.minSeverity = s;
        break;
      }
      case '--disable': {
        const id = take();
        if (!RULES.some((r) => r.id === id)) {
          throw new UsageError(
            `--disable: unknown rule "${id}" (rules: ${RULES.map((r) => r.id).join(', ')})`,
          );
        }
        args.disabled.push(id);
        break;
      }
      case '--no-unverified':
        args.unverified = false;
        break;
      case '--output':
        args.output = take();
        break;
      case '--exclude':
        args.exclude.push(take());
        break;
      case '--baseline':
        args.baseline = take();
        break;
      case '--write-baseline':
        args.writeBaseline = take();
        break;
      case '--color':
        args.color = true;
        break;
      case '--no-color':
        args.color = false;
        break;
      default:
        if (a.startsWith('-') && a !== '-')
          throw new UsageError(`unknown option ${a} (see sg-guard lint --help)`);
        args.paths.push(a);
    }
  }
  if (args.paths.length === 0) args.paths.push('.');
  return args;
}

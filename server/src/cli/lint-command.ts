import { accessSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Finding, LintOptions, Severity } from '../api/types';
import { PathError, lintPaths } from '../lint/index';
import { applyBaseline, BaselineError, readBaseline, writeBaseline } from './baseline';
import { formatGitlab } from './format-gitlab';
import { formatJson } from './format-json';
import { formatJunit } from './format-junit';
import { formatSarif } from './format-sarif';
import { COLORS, PLAIN, formatText } from './format-text';
import { LINT_USAGE, UsageError, parseLintArgs } from './lint-args';
import { SpanResolver } from './positions';

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Terraform reads `TF_VAR_name` from the environment; so do we. */
function tfVarEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env))
    if (k.startsWith('TF_VAR_') && v !== undefined) out[k.slice(7)] = v;
  return out;
}

export function runLint(argv: readonly string[], io: Io, version: string): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(LINT_USAGE + '\n');
    return 0;
  }
  let args;
  try {
    args = parseLintArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`sg-guard lint: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const severities: LintOptions['severities'] = {};
  for (const id of args.disabled) severities[id] = 'off';
  const options: LintOptions = {
    ports: args.ports,
    severities,
    unverified: args.unverified,
    inputs: {
      env: tfVarEnv(io.env),
      varFiles: args.varFiles.map((f) => resolve(io.cwd, f)),
      varFilesAnywhere: true,
      vars: args.vars,
      ...(io.env.TF_WORKSPACE ? { workspace: io.env.TF_WORKSPACE } : {}),
    },
  };
  for (const f of options.inputs!.varFiles!) {
    try {
      accessSync(f);
    } catch {
      io.stderr(`sg-guard lint: cannot read --var-file ${f}\n`);
      return 2;
    }
  }
  let accepted: Set<string> | undefined;
  try {
    if (args.baseline) accepted = readBaseline(resolve(io.cwd, args.baseline));
  } catch (e) {
    if (!(e instanceof BaselineError)) throw e;
    io.stderr(`sg-guard lint: ${e.message}\n`);
    return 2;
  }
  let result;
  try {
    result = lintPaths(args.paths, options, undefined, io.cwd, args.exclude);
  } catch (e) {
    if (e instanceof PathError) {
      io.stderr(`sg-guard lint: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const spans = new SpanResolver(result, io.cwd);
  // The baseline covers every finding, whatever --severity shows.
  if (accepted) result = applyBaseline(result, accepted, spans, args.baseline!);
  if (args.writeBaseline) {
    try {
      const n = writeBaseline(resolve(io.cwd, args.writeBaseline), result, spans);
      io.stderr(
        `sg-guard lint: wrote ${n} finding${n === 1 ? '' : 's'} to the baseline ${args.writeBaseline}\n`,
      );
    } catch (e) {
      io.stderr(
        `sg-guard lint: cannot write --write-baseline ${args.writeBaseline}: ${(e as Error).message}\n`,
      );
      return 2;
    }
  }
  const min = RANK[args.minSeverity];
  const keep = (f: Finding): boolean => RANK[f.severity] >= min;
  result = { ...result, findings: result.findings.filter(keep), unverified: result.unverified.filter(keep) };

  const report = {
    json: () => formatJson(result, spans),
    sarif: () => formatSarif(result, spans, version),
    junit: () => formatJunit(result, spans),
    gitlab: () => formatGitlab(result, spans),
    text: () => formatText(result, spans, (args.color ?? (io.isTTY && !io.env.NO_COLOR)) ? COLORS : PLAIN),
  }[args.format]();
  if (args.output) {
    try {
      writeFileSync(resolve(io.cwd, args.output), report);
    } catch (e) {
      io.stderr(`sg-guard lint: cannot write --output ${args.output}: ${(e as Error).message}\n`);
      return 2;
    }
  } else io.stdout(report);
  // Nothing passes unread: each file that could not be read is named, and the run fails.
  for (const u of result.unreadable)
    io.stderr(`sg-guard lint: cannot read ${spans.relative(u.file)}: ${u.reason}\n`);
  if (result.unreadable.length > 0) return 2;
  const failing = result.findings.some((f) => f.severity !== 'info') || result.parseErrors.length > 0;
  return failing ? 1 : 0;
}

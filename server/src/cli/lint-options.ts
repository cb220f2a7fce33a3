/**
 * The one translation step from command-line arguments (and the environment) to what a lint run
 * needs: the core's LintOptions, the paths and globs, and the reporting choices.
 */
import { accessSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { LintOptions, Severity } from '../api/types';
import { anchoredExcludes, ConfigResolver, layerConfig, type ListingLookup } from '../config/index';
import { CliError } from './errors';
import type { Format, LintArgs } from './options';
import { weakenings, type Weakening } from '../config/index';

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface LintRun {
  paths: string[];
  exclude: string[];
  /** The command line's options, before any config file. */
  options: LintOptions;
  /**
   * What a module folder is linted with: its `.sg-guard.yaml` under the command line (`listed`:
   * the run's folder listings, asked before the disk).
   */
  optionsFor(dir: string, listed?: ListingLookup): LintOptions;
  format: Format;
  output?: string;
  color: boolean;
  /** Findings below this are not reported. */
  minSeverity: Severity;
  /** Reported findings at or above this fail the run. */
  failOn: Severity;
  /** What the command line and the config files read so far turn off or narrow (call after linting). */
  weakened(): Weakening[];
}

/** Terraform reads `TF_VAR_name` from the environment; so do we. */
function tfVarEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env))
    if (k.startsWith('TF_VAR_') && v !== undefined) out[k.slice(7)] = v;
  return out;
}

/**
 * Colour: the flags win; then FORCE_COLOR (set and not 0/false) forces it, NO_COLOR and TERM=dumb
 * turn it off; else on for a terminal.
 */
export function useColor(flag: boolean | undefined, io: Io): boolean {
  if (flag !== undefined) return flag;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== '0' && force.toLowerCase() !== 'false') return true;
  if (io.env.NO_COLOR) return false;
  if (io.env.TERM === 'dumb') return false;
  return io.isTTY;
}

export function toLintOptions(args: LintArgs, io: Io): LintRun {
  const severities: LintOptions['severities'] = {};
  for (const id of args.disabled) severities[id] = 'off';
  const varFiles = args.varFiles.map((f) => resolve(io.cwd, f));
  for (const f of varFiles) {
    try {
      accessSync(f);
    } catch {
      throw new CliError(`cannot read --var-file ${f}`);
    }
  }
  const configs = new ConfigResolver(args.config ? resolve(io.cwd, args.config) : undefined);
  // Read now: a bad or missing file is one line and exit 2 before anything is linted.
  const around = args.paths.map((p) => {
    const abs = resolve(io.cwd, p);
    return configs.forDir(/\.(tf|json|tfvars)$/.test(abs) ? dirname(abs) : abs);
  });
  const options: LintOptions = {
    ports: args.ports,
    trustedCidrs: args.trustedCidrs,
    severities,
    unverified: args.unverified,
    inputs: {
      env: tfVarEnv(io.env),
      varFiles,
      varFilesAnywhere: true,
      vars: args.vars,
      ...(io.env.TF_WORKSPACE ? { workspace: io.env.TF_WORKSPACE } : {}),
    },
  };
  return {
    paths: args.paths,
    exclude: [...new Set([...args.exclude, ...around.flatMap((c) => anchoredExcludes(c, io.cwd))])],
    options,
    optionsFor: (dir, listed) => layerConfig(configs.forDir(dir, listed), dir, options),
    format: args.format,
    output: args.output,
    color: useColor(args.color, io),
    minSeverity: args.minSeverity ?? 'info',
    failOn: args.failOn ?? 'warning',
    weakened: () => weakenings(options, args.exclude, configs.used(), io.cwd),
  };
}

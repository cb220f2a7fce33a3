/**
 * The functions that read the disk — `file`, `fileexists`, `fileset` and `templatefile` — through
 * the host, which applies the read policy (docs/reading.md) and records what was read. A refused
 * read makes the value "cannot verify" with the reason; it never reads, and never prints, the file.
 */
import type { Loc, TraceStep } from '../model/types';
import { quoted } from '../model/safe-text';
import { ExprParser } from '../parse/expressions';
import { parseRawTemplate } from '../parse/templates';
import { asString } from './convert';
import { charge, type EvalEnv, type EvalHost } from './expr';
import { evalTemplate } from './expr-template';
import { addStep, bool, child, error, list, str, unknown, unknownOf, type Value } from './value';

export const FILE_FUNCTIONS: ReadonlySet<string> = new Set(['file', 'fileexists', 'fileset', 'templatefile']);

export function fileFunction(name: string, args: Value[], env: EvalEnv): Value {
  const arity = name === 'fileset' || name === 'templatefile' ? 2 : 1;
  if (args.length !== arity) return error(`${name}: wrong number of arguments`);
  const p = asString(args[0]!);
  if (p.t !== 'string') return p.t === 'unknown' ? unknownOf([p]) : p;
  if (name === 'fileset') return fileset(p.v, args[1]!, env);
  if (!env.host.readFile) return unknown([`${name}()`]);
  if (name === 'templatefile' && env.host.inTemplate)
    return error('templatefile: a template may not call templatefile');
  if (name === 'templatefile' && args[1]!.t === 'unknown') return unknownOf([args[1]!]);
  const read = env.host.readFile(p.v);
  if (!read.ok) {
    // Only a file that is not there is known not to exist; a refused read is not known either way.
    if (read.missing) return name === 'fileexists' ? bool(false) : error(`${name}: cannot read ${p.v}`);
    return unknown([`${read.why}: ${name}(${quoted(shortPath(p.v))})`]);
  }
  if (name === 'fileexists') return bool(true);
  if (name === 'templatefile') return templatefile(read, args[1]!, env);
  return fileText(read);
}

/** A read file's text as `file()` returns it: `verbatim`, so decoders can locate what they read. */
export function fileText(read: { path: string; display: string; text: string }, fn = 'file'): Value {
  const whole: Loc = { file: read.path, range: { start: 0, end: read.text.length } };
  return str(read.text, { verbatim: whole, trace: [readStep(read, fn)] });
}

function readStep(read: { path: string; display: string }, fn: string): TraceStep {
  return {
    kind: 'file',
    label: `${fn}(${quoted(shortPath(read.display))})`,
    loc: { file: read.path, range: { start: 0, end: 0 } },
  };
}

/** A path as a message shows it: its last 60 characters at most. */
export function shortPath(p: string): string {
  return p.length <= 60 ? p : `…${p.slice(-59)}`;
}

/** `fileset(path, pattern)`: a set of paths relative to `path`, sorted, as Terraform returns it. */
function fileset(base: string, patternValue: Value, env: EvalEnv): Value {
  const pattern = asString(patternValue);
  if (pattern.t !== 'string') return pattern.t === 'unknown' ? unknownOf([pattern]) : pattern;
  if (!env.host.fileset) return unknown(['fileset()']);
  const found = env.host.fileset(base, pattern.v);
  if (!found.ok) return unknown([`${found.why}: fileset(${quoted(shortPath(base))}, ${quoted(pattern.v)})`]);
  if (!charge(env, found.visited)) return unknown(['(evaluation budget exhausted)']);
  const step: TraceStep = {
    kind: 'file',
    label: `fileset(${quoted(shortPath(base))}, ${quoted(pattern.v)})`,
  };
  return list(
    found.files.map((f) => str(f, { trace: [step] })),
    'set',
  );
}

/**
 * `templatefile(path, vars)`: the file rendered as a template that sees only `vars` (and functions,
 * `file()` among them, but not templatefile again). A template of text alone is located in its file
 * as `file()` is, so decoders point at its lines.
 */
function templatefile(
  read: { path: string; display: string; text: string },
  vars: Value,
  env: EvalEnv,
): Value {
  if (vars.t !== 'map') return error('templatefile: the variables must be an object');
  const parser = new ExprParser(read.text);
  const parts = parseRawTemplate(parser, 0, read.text.length);
  if (parser.errors.length > 0) return error(`templatefile: ${parser.errors[0]!.message}`);
  if (parts.every((p) => p.kind === 'Text' && p.value === read.text.slice(p.range.start, p.range.end)))
    return fileText(read, 'templatefile');
  const names = new Map<string, Value>();
  for (const [k, v] of vars.entries) names.set(k, child(vars, v));
  const host = templateHost(env.host);
  const v = evalTemplate(parts, { host, file: read.path, names, budget: env.budget }, undefined);
  return addStep(v, readStep(read, 'templatefile'));
}

const onlyVars = (what: string): Value =>
  error(`templatefile: a template sees only its variables, not ${what}`);

/** What a template sees: its variables (bound as names), functions and file(); nothing of the module. */
function templateHost(outer: EvalHost): EvalHost {
  return {
    variable: (name) => onlyVars(`var.${name}`),
    local: (name) => onlyVars(`local.${name}`),
    path: (attr) => onlyVars(`path.${attr}`),
    refPrefix: outer.refPrefix,
    inTemplate: true,
    ...(outer.readFile ? { readFile: (p: string) => outer.readFile!(p) } : {}),
    ...(outer.fileset ? { fileset: (b: string, pat: string) => outer.fileset!(b, pat) } : {}),
  };
}

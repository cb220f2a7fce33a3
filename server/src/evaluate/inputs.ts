/**
 * The root module's variable values in Terraform's precedence order (later wins): `default`, then
 * `TF_VAR_name`, `terraform.tfvars`, `terraform.tfvars.json`, `*.auto.tfvars(.json)` in lexical
 * order, then `--var-file` and `--var` in the order given.
 */
import { basename, join } from 'node:path';
import type { Expr } from '../parse/ast';
import { parseFile } from '../parse/index';
import type { VariableInputs } from '../model/types';
import { attribute, readParsed, type AnalysisContext, type ModuleFiles } from './context';
import { evaluate, valueBudget, type EvalHost } from './expr';
import { str, unknown, withProv, type Value } from './value';
import type { VariableInput } from './module';

/** tfvars files may not refer to anything: a host with no variables, locals or paths. */
const CONSTANT_HOST: EvalHost = {
  variable: (name) => unknown([`var.${name}`]),
  local: (name) => unknown([`local.${name}`]),
  path: (attr) => unknown([`path.${attr}`]),
  refPrefix: '',
};

/** Works out a constant expression (a tfvars value, a raw `--var`) with its own budget. */
function constant(ctx: AnalysisContext, expr: Expr, file: string): Value {
  return evaluate(expr, { host: CONSTANT_HOST, file, names: new Map(), budget: valueBudget(ctx.run) });
}

/** Whether a raw `TF_VAR_`/`--var` string is parsed as HCL: only for complex declared types. */
function parsesAsHcl(typeExpr: Expr | undefined): boolean {
  if (!typeExpr) return false;
  const t = typeExpr.kind === 'Parens' ? typeExpr.expr : typeExpr;
  return t.kind === 'Call' && ['list', 'set', 'map', 'object', 'tuple'].includes(t.name);
}

/** Drops locations from a value parsed out of a raw string (they would point into no file). */
function stripLocs(v: Value): Value {
  const out = withProv(v, {});
  if (out.t === 'list') return { ...out, items: out.items.map(stripLocs) };
  if (out.t === 'map')
    return { ...out, entries: new Map([...out.entries].map(([k, x]) => [k, stripLocs(x)])) };
  return out;
}

function rawValue(ctx: AnalysisContext, mod: ModuleFiles, name: string, raw: string): Value {
  const decl = mod.variables.get(name);
  const typeExpr = decl ? attribute(decl.node, 'type')?.expr : undefined;
  if (!parsesAsHcl(typeExpr)) return str(raw);
  try {
    const parsed = parseFile(`${name}.tfvars`, `v = ${raw}\n`);
    const expr = parsed.body.attributes[0]?.expr;
    if (!expr || parsed.errors.length > 0) return str(raw);
    return stripLocs(constant(ctx, expr, ''));
  } catch {
    return str(raw);
  }
}

const isAutoVars = (n: string): boolean => n.endsWith('.auto.tfvars') || n.endsWith('.auto.tfvars.json');

/** Root-module inputs: the last source that sets each variable, as lazily evaluated values. */
export function rootInputs(
  ctx: AnalysisContext,
  mod: ModuleFiles,
  inputs: VariableInputs | undefined,
  tfvarsFiles: string[],
): Map<string, VariableInput> {
  const out = new Map<string, VariableInput>();
  if (inputs?.workspace) ctx.workspace = inputs.workspace;
  for (const [name, raw] of Object.entries(inputs?.env ?? {})) {
    out.set(name, {
      value: () => rawValue(ctx, mod, name, raw),
      step: { kind: 'env', label: `TF_VAR_${name}` },
    });
  }
  const names = ctx.source.listDir(mod.dir) ?? [];
  const auto = names.filter(isAutoVars).sort();
  const files = [
    ...['terraform.tfvars', 'terraform.tfvars.json'].filter((n) => names.includes(n)),
    ...auto,
  ].map((n) => join(mod.dir, n));
  const named = new Set(inputs?.varFilesAnywhere ? inputs.varFiles : []);
  const cliVars = inputs?.vars ?? [];
  let nextVar = 0;
  /** Applies the --vars given before the `fileIndex`-th --var-file (all that remain for Infinity). */
  const varsBefore = (fileIndex: number): void => {
    while (nextVar < cliVars.length && (cliVars[nextVar]!.afterVarFiles ?? Infinity) <= fileIndex) {
      const { name, value } = cliVars[nextVar++]!;
      out.set(name, {
        value: () => rawValue(ctx, mod, name, value),
        step: { kind: 'cli-var', label: `--var ${name}` },
      });
    }
  };
  const varFiles = inputs?.varFiles ?? [];
  for (const [i, path] of [...files, ...varFiles].entries()) {
    if (i >= files.length) varsBefore(i - files.length);
    const file = readParsed(ctx, path, named.has(path));
    if (!file) continue;
    tfvarsFiles.push(path);
    const label = basename(path);
    for (const attr of file.body.attributes) {
      const loc = { file: path, range: attr.expr.range };
      out.set(attr.name, {
        value: () => constant(ctx, attr.expr, path),
        step: { kind: 'tfvars', label: `${label}: ${attr.name}`, loc },
      });
    }
  }
  varsBefore(Infinity);
  return out;
}

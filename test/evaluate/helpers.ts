/** In-memory workspaces for evaluator tests: `{ '/w/main.tf': '...' }` → a FileSource. */
import { dirname, basename } from 'node:path';
import { analyseModule, type FileSource, type ModuleAnalysis } from '../../server/src/evaluate/index';
import type { FieldValue, Loc, RuleCandidate, VariableInputs } from '../../server/src/model/types';
import { loadModule, newContext } from '../../server/src/evaluate/context';
import { rootInputs } from '../../server/src/evaluate/inputs';
import { ModuleInstance } from '../../server/src/evaluate/module';
import type { Value } from '../../server/src/evaluate/value';

export function memorySource(files: Record<string, string>): FileSource & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    listDir(dir) {
      const names = Object.keys(files)
        .filter((p) => dirname(p) === dir)
        .map((p) => basename(p));
      const isDir = Object.keys(files).some((p) => p.startsWith(dir + '/'));
      return isDir ? names : undefined;
    },
    readText(path) {
      reads.push(path);
      return files[path];
    },
  };
}

export function analyse(files: Record<string, string>, inputs?: VariableInputs, dir = '/w'): ModuleAnalysis {
  return analyseModule(dir, memorySource(files), inputs);
}

/** The source text a location points at. */
export function textAt(files: Record<string, string>, loc: Loc | undefined): string | undefined {
  if (!loc) return undefined;
  return files[loc.file]?.slice(loc.range.start, loc.range.end);
}

export function byAddress(a: ModuleAnalysis, address: string): RuleCandidate {
  const c = a.candidates.find((x) => x.address === address);
  if (!c) throw new Error(`no candidate ${address}; have ${a.candidates.map((x) => x.address).join(', ')}`);
  return c;
}

export const val = <T>(f: FieldValue<T>): T | undefined => (f.state === 'known' ? f.value : undefined);

/** One rule resource with the given cidr_ip expression, plus extra configuration. */
export function ruleWith(cidrExpr: string, extra = ''): string {
  return `resource "alicloud_security_group_rule" "r" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = alicloud_security_group.default.id
  cidr_ip           = ${cidrExpr}
}
${extra}`;
}

/** Evaluates `local.v` of a one-file module whose locals block is `v = <expr>` plus `extra`. */
export function evalLocal(
  expr: string,
  extra = '',
  inputs?: VariableInputs,
): { value: Value; files: Record<string, string> } {
  const files = { '/w/main.tf': `locals {\n  v = ${expr}\n}\n${extra}` };
  return { value: localIn(files, 'v', inputs), files };
}

/** Evaluates `local.<name>` of the root module `/w` of an in-memory workspace. */
export function localIn(files: Record<string, string>, name = 'v', inputs?: VariableInputs): Value {
  const ctx = newContext(memorySource(files), '/w');
  const mod = loadModule(ctx, '/w')!;
  const inst = new ModuleInstance(ctx, mod, rootInputs(ctx, mod, inputs, []), '', []);
  return inst.local(name, { file: '/w/main.tf', range: { start: 0, end: 0 } });
}

/** A value as plain JSON-ish data: unknowns become `?dep,dep` (or `!error`). */
export function plain(v: Value): unknown {
  switch (v.t) {
    case 'list':
      return v.kind === 'set' ? { set: v.items.map(plain) } : v.items.map(plain);
    case 'map':
      return Object.fromEntries([...v.entries].map(([k, x]) => [k, plain(x)]));
    case 'null':
      return null;
    case 'unknown':
      return v.error !== undefined ? '!error' : `?${v.deps.join(',')}`;
    default:
      return v.v;
  }
}

/**
 * Runs a GitHub Actions job offline, as far as SG Guard's action needs: `run` steps in bash with
 * GITHUB_OUTPUT / GITHUB_ACTION_PATH, local composite actions (`uses: ./`), `${{ }}` expressions
 * over inputs, step outputs and always()/success()/failure(), and step `if`s. Other `uses:` steps
 * (checkout, setup-node, upload-sarif) are recorded with their evaluated `with`, not run. This is our
 * reading of GitHub's documented semantics, not GitHub's runner: what only GitHub can show (the
 * upload itself, annotations rendered on a pull request) stays unverified.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
}

export interface StepRecord {
  name: string;
  uses?: string;
  with?: Record<string, string>;
  skipped: boolean;
  outcome: 'success' | 'failure' | 'skipped';
  stdout: string;
  outputs: Record<string, string>;
  /** A composite action's own steps. */
  nested?: StepRecord[];
}

interface Scope {
  inputs: Record<string, string>;
  steps: Record<string, { outputs: Record<string, string> }>;
  actionPath: string;
  workspace: string;
  failed: boolean;
}

/** Evaluates an expression body (no `${{ }}`): paths, string literals, ==, !=, &&, ||, !, status functions. */
export function evaluate(expr: string, s: Scope): string | boolean {
  const tokens = expr.match(/'(?:[^']|'')*'|==|!=|&&|\|\||!|\(|\)|[\w.-]+(?:\(\))?/g) ?? [];
  let i = 0;
  const value = (): string | boolean => {
    const t = tokens[i++]!;
    if (t === '!') return !truthy(value());
    if (t === '(') {
      const v = or();
      i++; // ')'
      return v;
    }
    if (t.startsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
    if (t === 'always()') return true;
    if (t === 'success()') return !s.failed;
    if (t === 'failure()') return s.failed;
    if (t === 'true' || t === 'false') return t === 'true';
    const [head, ...rest] = t.split('.');
    if (head === 'inputs') return s.inputs[rest.join('.')] ?? '';
    if (head === 'steps') return s.steps[rest[0]!]?.outputs[rest[2]!] ?? '';
    if (t === 'github.action_path') return s.actionPath;
    if (t === 'github.workspace') return s.workspace;
    throw new Error(`expression not supported here: ${t}`);
  };
  const cmp = (): string | boolean => {
    const a = value();
    const op = tokens[i];
    if (op !== '==' && op !== '!=') return a;
    i++;
    const b = value();
    return op === '==' ? String(a) === String(b) : String(a) !== String(b);
  };
  const and = (): string | boolean => {
    let a = cmp();
    while (tokens[i] === '&&') {
      i++;
      const b = cmp();
      a = truthy(a) && truthy(b);
    }
    return a;
  };
  const or = (): string | boolean => {
    let a = and();
    while (tokens[i] === '||') {
      i++;
      const b = and();
      a = truthy(a) || truthy(b);
    }
    return a;
  };
  return or();
}

const truthy = (v: string | boolean): boolean => v !== false && v !== '' && v !== 'false';

/** Replaces every `${{ expr }}` in a string. */
export function substitute(text: string, s: Scope): string {
  return text.replace(/\$\{\{\s*([\s\S]*?)\s*\}\}/g, (_, e: string) => String(evaluate(e, s)));
}

function condition(step: Step, s: Scope): boolean {
  if (step.if === undefined) return !s.failed;
  const body = step.if.trim().replace(/^\$\{\{\s*([\s\S]*?)\s*\}\}$/, '$1');
  const usesStatus = /\b(always|success|failure)\(\)/.test(body);
  return truthy(evaluate(usesStatus ? body : `success() && (${body})`, s));
}

function readOutputs(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([\w-]+)<<(.+)$/.exec(lines[i]!);
    if (heredoc) {
      const body: string[] = [];
      while (++i < lines.length && lines[i] !== heredoc[2]) body.push(lines[i]!);
      out[heredoc[1]!] = body.join('\n');
      continue;
    }
    const kv = /^([\w-]+)=(.*)$/.exec(lines[i]!);
    if (kv) out[kv[1]!] = kv[2]!;
  }
  return out;
}

export interface RunOptions {
  /** The repository checkout: `uses: ./` and GITHUB_WORKSPACE. */
  workspace: string;
  env?: Record<string, string>;
}

/** Runs `steps` (a job's, or a composite action's with `actionPath`/`inputs`); returns the records. */
export function runSteps(
  steps: Step[],
  opts: RunOptions,
  inputs: Record<string, string> = {},
  actionPath = opts.workspace,
): { records: StepRecord[]; failed: boolean; scope: Scope } {
  const scope: Scope = { inputs, steps: {}, actionPath, workspace: opts.workspace, failed: false };
  const records: StepRecord[] = [];
  for (const [n, step] of steps.entries()) {
    const name = step.name ?? step.uses ?? step.run?.split('\n')[0] ?? `step ${n}`;
    const record: StepRecord = { name, skipped: false, outcome: 'success', stdout: '', outputs: {} };
    records.push(record);
    if (!condition(step, scope)) {
      Object.assign(record, { skipped: true, outcome: 'skipped' });
      continue;
    }
    const withs = Object.fromEntries(
      Object.entries(step.with ?? {}).map(([k, v]) => [k, substitute(String(v), scope)]),
    );
    if (step.uses) {
      record.uses = step.uses;
      record.with = withs;
      if (step.uses === './') {
        const action = parse(readFileSync(join(opts.workspace, 'action.yml'), 'utf8')) as {
          inputs: Record<string, { default?: string }>;
          outputs: Record<string, { value: string }>;
          runs: { steps: Step[] };
        };
        const given = Object.fromEntries(
          Object.entries(action.inputs).map(([k, d]) => [k, withs[k] ?? String(d.default ?? '')]),
        );
        const inner = runSteps(action.runs.steps, opts, given, opts.workspace);
        record.stdout = inner.records.map((r) => r.stdout).join('');
        record.outputs = Object.fromEntries(
          Object.entries(action.outputs).map(([k, o]) => [k, substitute(o.value, inner.scope)]),
        );
        record.nested = inner.records;
        if (inner.failed) record.outcome = 'failure';
      }
    } else if (step.run !== undefined) {
      const output = join(mkdtempSync(join(tmpdir(), 'gh-output-')), 'output');
      writeFileSync(output, '');
      const env = Object.fromEntries(
        Object.entries(step.env ?? {}).map(([k, v]) => [k, substitute(String(v), scope)]),
      );
      const r = spawnSync(
        'bash',
        ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', substitute(step.run, scope)],
        {
          cwd: opts.workspace,
          encoding: 'utf8',
          env: {
            ...process.env,
            ...opts.env,
            ...env,
            GITHUB_OUTPUT: output,
            GITHUB_ACTION_PATH: actionPath,
            GITHUB_WORKSPACE: opts.workspace,
            CI: 'true',
          },
        },
      );
      record.stdout = r.stdout + r.stderr;
      record.outputs = readOutputs(output);
      if (r.status !== 0) record.outcome = 'failure';
    }
    if (step.id) scope.steps[step.id] = { outputs: record.outputs };
    if (record.outcome === 'failure') scope.failed = true;
  }
  return { records, failed: scope.failed, scope };
}

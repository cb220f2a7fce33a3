/**
 * Works out ROS template values: `Parameters` defaults, `Ref`, `Mappings` and the common `Fn::`
 * functions (ROS user guide, "Functions": Fn::Join, Fn::Sub, Fn::Select, Fn::Split, Fn::Replace,
 * Fn::FindInMap, Fn::If with `Conditions`, Fn::Equals/And/Or/Not, Fn::Str, Fn::ListMerge,
 * Fn::Length). What cannot be known before the stack is created (a resource's id, a pseudo
 * parameter, a parameter without a default, any other function) is unknown, with what it depends on.
 * Values are the Terraform evaluator's, so the model is built the same way for both languages.
 */
import type { Document, Node } from 'yaml';
import type { Loc, TraceStep } from '../../model/types';
import { yamlModule } from '../../evaluate/functions-decode';
import { asNumber, asString, formatNumber } from '../../evaluate/convert';
import {
  addStep,
  bool,
  child,
  depsOf,
  equal,
  list,
  map,
  nul,
  num,
  str,
  unknown,
  unknownOf,
  type Value,
} from '../../evaluate/value';
import { deref, entries, entry, functionCall, scalarString, seqItems } from './nodes';
import { nodeRange, type Template } from './template';
import { substitute } from './substitute';

/** Steps one field's value may take (a field is worked out within it, or is unknown). */
const FIELD_BUDGET = 200_000;
const MAX_DEPTH = 200;

interface Parameter {
  name: string;
  type?: string;
  def: Node | null | undefined;
}

export class RosEvaluator {
  readonly doc: Document;
  private readonly params = new Map<string, Parameter>();
  private readonly paramValues = new Map<string, Value>();
  private readonly conditions = new Map<string, Node | null>();
  private readonly conditionValues = new Map<string, Value>();
  private readonly resources: Set<string>;
  private readonly mappings: Node | null | undefined;
  private steps = FIELD_BUDGET;
  private depth = 0;

  constructor(private readonly t: Template) {
    this.doc = t.doc;
    const root = t.doc.contents;
    for (const p of entries(this.doc, entry(this.doc, root, 'Parameters')?.value)) {
      const def = entry(this.doc, p.value, 'Default');
      const type = scalarString(this.doc, entry(this.doc, p.value, 'Type')?.value);
      this.params.set(p.key, { name: p.key, type, def: def ? def.value : undefined });
    }
    for (const c of entries(this.doc, entry(this.doc, root, 'Conditions')?.value))
      this.conditions.set(c.key, c.value);
    this.resources = new Set(entries(this.doc, entry(this.doc, root, 'Resources')?.value).map((r) => r.key));
    this.mappings = entry(this.doc, root, 'Mappings')?.value;
  }

  locOf(node: Node): Loc {
    return { file: this.t.path, range: nodeRange(this.t, node) };
  }

  isResource(name: string): boolean {
    return this.resources.has(name);
  }

  isParameter(name: string): boolean {
    return this.params.has(name);
  }

  /** One field's value, with a fresh budget: an expensive field never makes another unknown. */
  field(node: Node | null | undefined): Value {
    this.steps = FIELD_BUDGET;
    return this.value(node);
  }

  /** A resource's `Condition`: true, false, or unknown. */
  condition(name: string): Value {
    this.steps = FIELD_BUDGET;
    return this.conditionNamed(name);
  }

  value(node: Node | null | undefined): Value {
    const n = deref(this.doc, node);
    if (!n) return nul();
    if (--this.steps < 0 || this.depth > MAX_DEPTH) return unknown(['(the value is too large to work out)']);
    this.depth++;
    try {
      const call = functionCall(this.doc, n);
      return call ? this.call(call.name, call.short ? n : call.arg, call.short, n) : this.data(n);
    } finally {
      this.depth--;
    }
  }

  /** The node as data, its short-form tag (if any) ignored: a function's argument. */
  private data(n: Node): Value {
    const y = yamlModule();
    if (y.isScalar(n)) {
      const v = n.value;
      const p = { literal: this.locOf(n) };
      if (typeof v === 'string') return str(v, p);
      if (typeof v === 'number') return num(v, p);
      if (typeof v === 'boolean') return bool(v, p);
      return nul(p);
    }
    if (y.isSeq(n))
      return list(
        n.items.map((i) => this.value(i as Node)),
        'tuple',
        { origin: this.locOf(n) },
      );
    if (y.isMap(n))
      return map(
        entries(this.doc, n).map((e) => [e.key, this.value(e.value)]),
        'object',
        { origin: this.locOf(n) },
      );
    return nul();
  }

  /** A function's arguments when it takes a list (`[a, b]`), each node unevaluated. */
  private args(arg: Node | null, short: boolean): (Node | null)[] {
    const n = short ? arg : deref(this.doc, arg);
    const items = n && yamlModule().isSeq(n) ? (n.items as (Node | null)[]) : seqItems(this.doc, n);
    return items ?? [];
  }

  /** The single argument of a function that takes one (`!Ref X`, `{Ref: X}`). */
  private one(arg: Node | null, short: boolean): Value {
    if (!arg) return nul();
    return short ? this.data(arg) : this.value(arg);
  }

  private call(name: string, arg: Node | null, short: boolean, at: Node): Value {
    switch (name) {
      case 'Ref': {
        const target = asString(this.one(arg, short));
        return target.t === 'string' ? this.ref(target.v) : target;
      }
      case 'Condition': {
        const target = asString(this.one(arg, short));
        return target.t === 'string' ? this.conditionNamed(target.v) : target;
      }
      case 'Fn::GetAtt': {
        const a = this.args(arg, short);
        const text =
          a.length === 2
            ? `${this.text(a[0]!)}.${this.text(a[1]!)}`
            : (asString(this.one(arg, short)) as { v?: string }).v;
        return unknown([text ?? 'Fn::GetAtt']);
      }
      case 'Fn::Join':
        return this.join(this.args(arg, short));
      case 'Fn::Sub':
        return this.sub(arg, short);
      case 'Fn::Select':
        return this.select(this.args(arg, short));
      case 'Fn::Split': {
        const [d, s] = this.args(arg, short).map((x) => asString(this.value(x)));
        if (!d || !s) return unknown(['Fn::Split']);
        if (d.t !== 'string' || s.t !== 'string') return unknownOf([d, s]);
        return list(s.v.split(d.v).map((x) => str(x)));
      }
      case 'Fn::Replace':
        return this.replace(this.args(arg, short));
      case 'Fn::FindInMap':
        return this.findInMap(this.args(arg, short));
      case 'Fn::If':
        return this.ifThen(this.args(arg, short));
      case 'Fn::Equals': {
        const [a, b] = this.args(arg, short).map((x) => this.value(x));
        if (!a || !b) return unknown(['Fn::Equals']);
        if (a.t === 'unknown' || b.t === 'unknown') return unknownOf([a, b]);
        return bool(equal(a, b) || (isPrimitive(a) && isPrimitive(b) && plain(a) === plain(b)));
      }
      case 'Fn::And':
      case 'Fn::Or':
        return this.logic(name === 'Fn::And', this.args(arg, short));
      case 'Fn::Not': {
        const a = this.args(arg, short);
        const v = a.length ? this.value(a[0]) : this.one(arg, short);
        return v.t === 'bool' ? bool(!v.v) : v.t === 'unknown' ? v : unknown(['Fn::Not']);
      }
      case 'Fn::Str': {
        const v = this.one(arg, short);
        return v.t === 'unknown' ? v : asString(v);
      }
      case 'Fn::ListMerge': {
        const parts = this.args(arg, short).map((x) => this.value(x));
        if (parts.some((p) => p.t === 'unknown')) return unknownOf(parts);
        return list(parts.flatMap((p) => (p.t === 'list' ? p.items.map((i) => child(p, i)) : [])));
      }
      case 'Fn::Length': {
        const v = this.one(arg, short);
        if (v.t === 'list') return num(v.items.length);
        if (v.t === 'string') return num(v.v.length);
        if (v.t === 'map') return num(v.entries.size);
        return v.t === 'unknown' ? v : unknown(['Fn::Length']);
      }
      default:
        // Any other function: its result is not worked out here. Say which, at the call.
        void at;
        return unknown([name]);
    }
  }

  private text(node: Node | null): string {
    const v = asString(this.value(node));
    return v.t === 'string' ? v.v : '…';
  }

  ref(name: string): Value {
    if (name === 'ALIYUN::NoValue') return nul();
    const p = this.params.get(name);
    if (p) return this.parameter(p);
    // Pseudo parameters (ALIYUN::Region, ALIYUN::AccountId, ...) and resources (their ids) are known
    // only when the stack is created.
    return unknown([name]);
  }

  private parameter(p: Parameter): Value {
    const hit = this.paramValues.get(p.name);
    if (hit) return hit;
    let v: Value;
    if (p.def === undefined) v = unknown([`parameter ${p.name}`]);
    else {
      const raw = this.value(p.def);
      const typed = typedParameter(p.type, raw);
      const step: TraceStep = { kind: 'parameter-default', label: `parameter ${p.name} (Default)` };
      const defNode = deref(this.doc, p.def);
      if (defNode) step.loc = this.locOf(defNode);
      v = typed.t === 'unknown' ? typed : addStep(typed, step);
    }
    this.paramValues.set(p.name, v);
    return v;
  }

  private conditionNamed(name: string): Value {
    const hit = this.conditionValues.get(name);
    if (hit) return hit;
    if (!this.conditions.has(name)) return unknown([`condition ${name}`]);
    // A condition that refers to itself is unknown, not a loop.
    this.conditionValues.set(name, unknown([`condition ${name}`]));
    const v = this.value(this.conditions.get(name));
    const out =
      v.t === 'bool'
        ? v
        : v.t === 'unknown'
          ? unknown([...v.deps, `condition ${name}`])
          : unknown([`condition ${name}`]);
    this.conditionValues.set(name, out);
    return out;
  }

  private join(a: (Node | null)[]): Value {
    const delim = asString(this.value(a[0]));
    const items = this.value(a[1]);
    if (delim.t !== 'string') return delim.t === 'unknown' ? delim : unknown(['Fn::Join']);
    if (items.t !== 'list') return items.t === 'unknown' ? items : unknown(['Fn::Join']);
    const parts = items.items.map((i) => asString(child(items, i)));
    return concat(parts, delim.v);
  }

  private sub(arg: Node | null, short: boolean): Value {
    const a = this.args(arg, short);
    const template = a.length ? asString(this.value(a[0])) : asString(this.one(arg, short));
    if (template.t !== 'string') return template.t === 'unknown' ? template : unknown(['Fn::Sub']);
    const vars = a.length > 1 ? entries(this.doc, a[1]) : [];
    const parts = substitute(template.v, (name) => {
      const v = vars.find((e) => e.key === name);
      if (v) return asString(this.value(v.value));
      const dot = name.indexOf('.');
      if (dot > 0 && this.isResource(name.slice(0, dot))) return unknown([name]);
      return asString(this.ref(name));
    });
    return concat(parts, '');
  }

  private select(a: (Node | null)[]): Value {
    const index = this.value(a[0]);
    const from = this.value(a[1]);
    if (index.t === 'unknown' || from.t === 'unknown') return unknownOf([index, from]);
    if (from.t === 'map') {
      const key = asString(index);
      const v = key.t === 'string' ? from.entries.get(key.v) : undefined;
      return v ? child(from, v) : unknown(['Fn::Select']);
    }
    const i = asNumber(index);
    if (from.t !== 'list' || i.t !== 'number') return unknown(['Fn::Select']);
    const v = from.items[i.v];
    return v ? child(from, v) : unknown(['Fn::Select']);
  }

  private replace(a: (Node | null)[]): Value {
    const pairs = entries(this.doc, a[0]);
    let s = asString(this.value(a[1]));
    if (s.t !== 'string') return s.t === 'unknown' ? s : unknown(['Fn::Replace']);
    let text = s.v;
    for (const p of pairs) {
      const to = asString(this.value(p.value));
      if (to.t !== 'string') return to.t === 'unknown' ? to : unknown(['Fn::Replace']);
      text = text.split(p.key).join(to.v);
    }
    s = str(text, s.trace ? { trace: s.trace } : {});
    return s;
  }

  private findInMap(a: (Node | null)[]): Value {
    const keys = a.map((x) => asString(this.value(x)));
    if (keys.length !== 3) return unknown(['Fn::FindInMap']);
    const unknownKey = keys.find((k) => k.t === 'unknown');
    if (unknownKey) return unknownKey;
    const [m, top, second] = keys.map((k) => (k.t === 'string' ? k.v : ''));
    const node = entry(
      this.doc,
      entry(this.doc, entry(this.doc, this.mappings, m!)?.value, top!)?.value,
      second!,
    );
    if (!node) return unknown([`Mappings.${m}.${top}.${second}`]);
    const v = this.value(node.value);
    const at = deref(this.doc, node.value);
    const step: TraceStep = { kind: 'mapping', label: `Mappings.${m}.${top}.${second}` };
    if (at) step.loc = this.locOf(at);
    return v.t === 'unknown' ? v : addStep(v, step);
  }

  private ifThen(a: (Node | null)[]): Value {
    const name = asString(this.value(a[0]));
    const cond = name.t === 'string' ? this.conditionNamed(name.v) : name;
    if (cond.t === 'bool') return this.value(a[cond.v ? 1 : 2]);
    // Unknown condition: the value is known only when both branches agree.
    const yes = this.value(a[1]);
    const no = this.value(a[2]);
    if (equal(yes, no)) return yes;
    return unknown([...depsOf(cond), ...depsOf(yes), ...depsOf(no)]);
  }

  private logic(and: boolean, a: (Node | null)[]): Value {
    const unknowns: Value[] = [];
    for (const x of a) {
      const v = this.value(x);
      if (v.t === 'bool') {
        if (v.v !== and) return bool(!and);
      } else unknowns.push(v.t === 'unknown' ? v : unknown([and ? 'Fn::And' : 'Fn::Or']));
    }
    return unknowns.length ? unknownOf(unknowns) : bool(and);
  }
}

const isPrimitive = (v: Value): boolean => v.t === 'string' || v.t === 'number' || v.t === 'bool';
const plain = (v: Value): string =>
  v.t === 'string' ? v.v : v.t === 'number' ? formatNumber(v.v) : v.t === 'bool' ? String(v.v) : '';

/** A parameter's default as its declared Type reads it. */
function typedParameter(type: string | undefined, v: Value): Value {
  if (v.t === 'unknown') return v;
  if (type === 'CommaDelimitedList' && v.t === 'string') return list(v.v.split(',').map((s) => str(s)));
  if (type === 'Number') return asNumber(v);
  return v;
}

/**
 * Strings joined; with an unknown part the result is unknown, but how it ends is kept
 * (`${Eip}/32` is some /32), as the Terraform evaluator does for templates.
 */
function concat(parts: Value[], delim: string): Value {
  if (parts.every((p) => p.t === 'string')) return str(parts.map((p) => (p as { v: string }).v).join(delim));
  const lastUnknown = parts.map((p) => p.t !== 'string').lastIndexOf(true);
  const tail = parts.slice(lastUnknown + 1).map((p) => (p as { v: string }).v);
  const out = unknownOf(parts);
  if (out.t === 'unknown' && out.error === undefined && parts[lastUnknown]!.t === 'unknown') {
    const suffix = (tail.length ? delim : '') + tail.join(delim);
    if (suffix !== '') out.suffix = suffix;
  }
  return out;
}

/**
 * `count` and `for_each`: a resource or module block expanded into its instances, each with the
 * `count.index` / `each` bindings its expressions see. Too many instances, or unknown ones, become a
 * single instance standing for all of them.
 */
import type { Attribute, Block, Body } from '../parse/ast';
import type { TraceStep } from '../model/types';
import { attributeIn, type Located } from './context';
import { iterate } from './expr';
import type { ModuleInstance } from './module';
import { addStep, depsOf, isUnknown, map, num, str, unknown, type Value } from './value';
import { addressKey, quoted } from '../model/safe-text';

/** More instances than this from one count/for_each are treated as "cannot know" (keystroke budget). */
export const MAX_INSTANCES = 1000;

/** No names bound (most evaluations): one shared map, never written (for-expressions copy it). */
export const NO_NAMES: ReadonlyMap<string, Value> = new Map();

/** One instance of a block with `count` or `for_each` (or neither). */
export interface BlockInstance {
  /** `[0]`, `["ssh"]`, or empty. */
  key: string;
  /** `count` / `each` bindings for expressions inside the block. */
  names: ReadonlyMap<string, Value>;
  /** The instances cannot be known; this single one stands for all of them. */
  unknown?: { deps: string[] };
}

/** The block's `count` or else its `for_each` argument, when it has one (as Terraform reads them). */
export function expansionOf(body: Body): { name: 'count' | 'for_each'; attr: Attribute } | undefined {
  const count = attributeIn(body, 'count');
  if (count) return { name: 'count', attr: count };
  const forEach = attributeIn(body, 'for_each');
  return forEach ? { name: 'for_each', attr: forEach } : undefined;
}

/** Expands a resource or module block's `count` / `for_each` into its instances. */
export function expandInstances(
  inst: ModuleInstance,
  located: Located<Block>,
  body: Body = located.node.body,
): BlockInstance[] {
  const file = located.file.path;
  const expansion = expansionOf(body);
  if (expansion?.name === 'count') {
    const count = expansion.attr;
    const loc = { file, range: count.expr.range };
    const v = inst.eval(count.expr, file);
    const n = v.t === 'number' ? v.v : v.t === 'string' && /^\d+$/.test(v.v) ? Number(v.v) : undefined;
    if (n === undefined || n > MAX_INSTANCES) return [unknownInstance('count', v)];
    const out: BlockInstance[] = [];
    for (let i = 0; i < Math.floor(n); i++) {
      const step: TraceStep = { kind: 'count', label: `count.index = ${i}`, loc };
      out.push({ key: `[${i}]`, names: new Map([['count', map([['index', num(i, { trace: [step] })]])]]) });
    }
    return out;
  }
  if (expansion) {
    const forEach = expansion.attr;
    const loc = { file, range: forEach.expr.range };
    const v = inst.eval(forEach.expr, file);
    const pairs = v.t === 'map' || v.t === 'list' ? iterate(v) : v;
    if (!Array.isArray(pairs) || pairs.length > MAX_INSTANCES) return [unknownInstance('each', v)];
    const out: BlockInstance[] = [];
    for (const [k, val] of pairs) {
      const keyValue = v.t === 'list' ? val : k;
      if (keyValue.t !== 'string' || isUnknown(val)) {
        if (v.t === 'list') return [unknownInstance('each', keyValue)];
      }
      const key = keyValue.t === 'string' ? keyValue.v : keyValue.t === 'number' ? String(keyValue.v) : '?';
      const step: TraceStep = { kind: 'each', label: `each.value (${quoted(key)})`, loc };
      const each = map([
        ['key', str(key, { trace: [{ ...step, label: `each.key (${quoted(key)})` }] })],
        ['value', addStep(val, step)],
      ]);
      // Bounded: a key read from a file may be any length, and addresses are echoed in every report.
      out.push({ key: `["${addressKey(key).replace(/"/g, '\\"')}"]`, names: new Map([['each', each]]) });
    }
    return out;
  }
  return [{ key: '', names: NO_NAMES }];
}

/** The key `module.x["k"]` / `module.x[0]` takes: each.key for `for_each`, else the index. */
export function instanceKey(bi: BlockInstance): string {
  const each = bi.names.get('each');
  const key = each?.t === 'map' ? each.entries.get('key') : undefined;
  return key?.t === 'string' ? key.v : bi.key;
}

function unknownInstance(name: 'count' | 'each', v: Value): BlockInstance {
  const deps = depsOf(v);
  const u = unknown(deps);
  const bound =
    name === 'count'
      ? map([['index', u]])
      : map([
          ['key', u],
          ['value', u],
        ]);
  return { key: '', names: new Map([[name, bound]]), unknown: { deps } };
}

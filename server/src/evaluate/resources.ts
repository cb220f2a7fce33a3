/**
 * References to other resources' arguments (`alicloud_vpc.main.cidr_block`): Terraform's value for
 * an argument the configuration sets is that configuration, so it is evaluated where the resource
 * is written (with its own `count.index` / `each` for `type.name[key].attr`). Arguments the provider
 * computes are not in the configuration and stay unknown, as before.
 */
import type { Block } from '../parse/ast';
import { firstLabelIs, labelValue, mayHaveAttribute, transientBody } from '../parse/lazy';
import { attributeIn, type Located } from './context';
import { expandInstances, expansionOf } from './instances';
import type { ModuleInstance } from './module';
import { addStep, unknown, type Value } from './value';

/** Meta-arguments are not values of the resource. */
const META = new Set(['count', 'for_each', 'provider', 'depends_on', 'lifecycle']);

const PENDING = Symbol('pending');

export class ResourceArguments {
  private readonly index = new Map<string, Map<string, Located<Block>>>();
  private readonly values = new Map<string, Value | typeof PENDING>();

  constructor(private readonly inst: ModuleInstance) {}

  get(type: string, name: string, key: Value | undefined, attr: string): Value | undefined {
    // `id` is always the provider's (and is most references: `security_group_id = x.id`).
    if (attr === 'id' || META.has(attr)) return undefined;
    const located = this.ofType(type).get(name);
    // Most references are to computed attributes (`id`): answered from the text, nothing parsed.
    if (!located || !mayHaveAttribute(located.node, attr)) return undefined;
    if (key && key.t !== 'string' && key.t !== 'number') return undefined;
    const keyText = !key ? '' : key.t === 'string' ? `[${JSON.stringify(key.v)}]` : `[${String(key.v)}]`;
    const cacheKey = `${type}.${name}${keyText}.${attr}`;
    const cached = this.values.get(cacheKey);
    // Arguments that refer to each other in a loop: Terraform rejects it; we cannot know.
    if (cached === PENDING) return unknown([this.inst.refPrefix + cacheKey]);
    if (cached) return cached;
    this.values.set(cacheKey, PENDING);
    const value = this.evaluate(located, key, keyText, attr, cacheKey);
    if (value) this.values.set(cacheKey, value);
    else this.values.delete(cacheKey);
    return value;
  }

  private evaluate(
    located: Located<Block>,
    key: Value | undefined,
    keyText: string,
    attr: string,
    cacheKey: string,
  ): Value | undefined {
    const body = transientBody(located.node);
    const a = attributeIn(body, attr);
    if (!a) return undefined;
    if (expansionOf(body) ? key === undefined : key !== undefined) return undefined;
    const instance = expandInstances(this.inst, located, body).find(
      (bi) => !bi.unknown && bi.key === keyText,
    );
    if (!instance) return undefined;
    const file = located.file.path;
    return addStep(this.inst.eval(a.expr, file, instance.names), {
      kind: 'resource-argument',
      label: this.inst.refPrefix + cacheKey,
      loc: { file, range: a.expr.range },
    });
  }

  /**
   * The module's resources of one type by name (the first declaration), indexed on first need:
   * blocks of other types are skipped without reading their labels.
   */
  private ofType(type: string): Map<string, Located<Block>> {
    let byName = this.index.get(type);
    if (byName) return byName;
    byName = new Map();
    for (const file of this.inst.mod.files) {
      for (const block of file.body.blocks) {
        if (block.type !== 'resource' || !firstLabelIs(block, type)) continue;
        const name = labelValue(block, 1);
        if (name !== undefined && !byName.has(name)) byName.set(name, { node: block, file });
      }
    }
    this.index.set(type, byName);
    return byName;
  }
}

/**
 * Version 1 of the registry module `alibaba/security-group/alicloud` (v1.0.0 to v1.4.0, read at
 * those tags of alibabacloud-automation/terraform-alicloud-security-group, main.tf and
 * variables.tf): parallel lists, one rule per element of `ip_protocols` when `cidr_ips` is not
 * empty — `count = length(var.cidr_ips) > 0 ? length(var.ip_protocols) : 0`, and rule i takes
 * element i of `rule_directions`, `policies`, `port_ranges`, `priorities` and `cidr_ips`. v1.0-1.3
 * read them with `element()`, which wraps around a shorter list; v1.4.0 indexes them, which fails
 * at plan time instead: wrapping is the reading that can only add rules, never hide one.
 */
import type { FieldValue } from '../model/types';
import { fieldOf } from '../model/extract';
import { elements, locIn, type Generator, type Input } from './registry-generator';
import { isUnknown, list, num, str, type Value } from './value';

/** The v1 inputs with the module's defaults (variables.tf at v1.4.0). */
const V1_DEFAULTS: Record<string, Value> = {
  rule_directions: list([str('ingress')]),
  ip_protocols: list([str('tcp'), str('tcp')]),
  policies: list([str('accept')]),
  port_ranges: list([str('-1/-1')]),
  priorities: list([num(1)]),
  cidr_ips: list([]),
};

/** The rules a call using v1's `cidr_ips` creates (nothing when it does not set them). */
export function v1ListRules(g: Generator): void {
  if (!g.has('cidr_ips')) return;
  const inputs = Object.fromEntries(
    Object.entries(V1_DEFAULTS).map(([name, dflt]) => [name, g.input(name, dflt)]),
  ) as Record<keyof typeof V1_DEFAULTS, Input>;
  const lists = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, elements(v.value)])) as Record<
    string,
    Value[] | undefined
  >;
  const cidrs = lists.cidr_ips;
  const protocols = lists.ip_protocols;
  if (cidrs?.length === 0) return;
  if (!cidrs || !protocols) {
    // How many rules, or which, cannot be known: one rule stands for them, every field unknown.
    const unknownList =
      [inputs.cidr_ips!, inputs.ip_protocols!].find((x) => isUnknown(x.value)) ?? inputs.cidr_ips!;
    const u = fieldOf(unknownList.value, 'string', unknownList.loc);
    g.emit(
      'ingress',
      unknownList.loc,
      { protocol: u, portRange: u, sourceCidr: u, priority: u, direction: u },
      true,
    );
    return;
  }
  const field = (name: keyof typeof V1_DEFAULTS, i: number, kind: 'string' | 'number'): FieldValue<never> => {
    const input = inputs[name]!;
    const items = lists[name];
    if (!items) return fieldOf(input.value, kind, input.loc);
    // element(list, i): wraps around; an empty list has no element (Terraform fails: unknown here).
    const v = items.length > 0 ? items[i % items.length]! : input.value;
    return fieldOf(v, kind, locIn(v, input.loc));
  };
  for (let i = 0; i < protocols.length; i++) {
    g.emit('ingress', undefined, {
      direction: field('rule_directions', i, 'string'),
      policy: field('policies', i, 'string'),
      protocol: field('ip_protocols', i, 'string'),
      portRange: field('port_ranges', i, 'string'),
      priority: field('priorities', i, 'number'),
      sourceCidr: field('cidr_ips', i, 'string'),
    });
  }
}

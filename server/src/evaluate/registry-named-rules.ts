/**
 * The registry module's named-rule input: every name in `${dir}_rules` (and a submodule's
 * `auto_${dir}_rules`) crossed with every CIDR in `${dir}_cidr_blocks`, ports from the rules table.
 */
import type { Loc } from '../model/types';
import { fieldOf } from '../model/extract';
import type { RegistryCall } from './registry';
import { elements, locIn, num, type Generator, type Input } from './registry-generator';
import { SUBMODULE_RULES } from './registry-rules';
import { list, str, type Value } from './value';

/** `${dir}_rules` x `${dir}_cidr_blocks` (plus a submodule's automatic rules). */
export function namedRules(
  g: Generator,
  call: RegistryCall,
  dir: 'ingress' | 'egress',
  cidrs: Input,
  dflt: Input,
): void {
  const rulesArg = g.input(`${dir}_rules`, list([]));
  const ruleNames: { name: Value; loc: Loc | undefined }[] = [];
  const sub = call.submodule !== undefined ? SUBMODULE_RULES[call.submodule] : undefined;
  if (sub) {
    const auto = g.input(`auto_${dir}_rules`, list(sub[dir].map((n) => str(n))));
    for (const n of elements(auto.value) ?? [])
      ruleNames.push({ name: n, loc: locIn(n, auto.loc, call.sourceLoc) });
  }
  const userRules = elements(rulesArg.value);
  for (const n of userRules ?? []) ruleNames.push({ name: n, loc: locIn(n, rulesArg.loc) });
  const cidrList = elements(cidrs.value);
  const pFor = g.input(`priority_for_${dir}_rules`, { t: 'number', v: 1 });
  const pForN = num(pFor.value);
  const priority =
    pForN === undefined
      ? fieldOf(pFor.value, 'number', pFor.loc)
      : pForN > 0
        ? fieldOf(pFor.value, 'number', pFor.loc)
        : fieldOf(dflt.value, 'number', dflt.loc);
  if (!userRules || !cidrList) {
    // The list of rules or CIDRs is unknown: one stand-in rule for "whatever it generates".
    if (!userRules && ruleNames.length === 0) ruleNames.push({ name: rulesArg.value, loc: rulesArg.loc });
    const cidr = cidrList ? undefined : fieldOf(cidrs.value, 'string', cidrs.loc);
    for (const r of ruleNames) {
      for (const c of cidrList ?? [cidrs.value]) {
        g.emit(
          dir,
          rulesArg.loc ?? cidrs.loc,
          { ...g.named(r.name, r.loc), sourceCidr: cidr ?? g.field(c, 'string', cidrs.loc), priority },
          true,
        );
      }
    }
    return;
  }
  const seen = new Set<string>();
  for (const r of ruleNames) {
    const key = r.name.t === 'string' ? r.name.v : undefined;
    if (key === '' || (key !== undefined && seen.has(key))) continue; // compact(distinct(...)) in the submodules
    if (key !== undefined) seen.add(key);
    for (const c of cidrList) {
      g.emit(dir, rulesArg.loc ?? cidrs.loc, {
        ...g.named(r.name, r.loc),
        sourceCidr: g.field(c, 'string', cidrs.loc),
        priority,
      });
    }
  }
}

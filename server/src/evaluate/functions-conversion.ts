/** Type conversion built-ins (`tostring`, `toset`, ...) and `jsonencode`. */
import { asBool, asNumber, asString } from './convert';
import { type FnDef, items } from './functions-base';
import { toJson } from './functions-string';
import { derived, error, list, str } from './value';

export const CONVERSION_FUNCTIONS: Record<string, FnDef> = {
  toset: {
    arity: [1, 1],
    fn: ([a]) => (a!.t === 'list' ? derived(list(items(a!)!, 'set'), [a!]) : error('toset')),
  },
  tolist: {
    arity: [1, 1],
    fn: ([a]) => (a!.t === 'list' ? { ...a!, kind: 'list' } : error('tolist: not a list')),
  },
  tomap: {
    arity: [1, 1],
    fn: ([a]) => (a!.t === 'map' ? { ...a!, kind: 'map' } : error('tomap: not a map')),
  },
  tostring: {
    arity: [1, 1],
    fn: ([a]) => (a!.t === 'null' ? a! : asString(a!)),
  },
  tonumber: { arity: [1, 1], fn: ([a]) => (a!.t === 'null' ? a! : asNumber(a!)) },
  tobool: { arity: [1, 1], fn: ([a]) => (a!.t === 'null' ? a! : asBool(a!)) },
  jsonencode: { arity: [1, 1], fn: ([a]) => str(JSON.stringify(toJson(a!))) },
};

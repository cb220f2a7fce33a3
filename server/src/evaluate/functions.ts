/**
 * Terraform's built-in functions that rule configurations use. Each takes evaluated arguments and
 * never throws: a misuse is an error value (which `try`/`can` catch), an unknown argument gives an
 * unknown result. Functions not listed here evaluate to unknown (see `callFunction`).
 * `try` and `can` need their arguments unevaluated and live in the expression evaluator.
 * The tables are in functions-string, -conversion, -collection, -number, -decode and -cidr; `file` and
 * `fileexists` read through the host (expr.ts).
 */
import { error, isUnknown, unknown, unknownOf, type Value } from './value';
import { MAX_COLLECTION, type FnDef } from './functions-base';
import { COLLECTION_FUNCTIONS } from './functions-collection';
import { CIDR_FUNCTIONS } from './functions-cidr';
import { CONVERSION_FUNCTIONS } from './functions-conversion';
import { DECODE_FUNCTIONS } from './functions-decode';
import { NUMBER_FUNCTIONS } from './functions-number';
import { STRING_FUNCTIONS } from './functions-string';

export { MAX_COLLECTION };

const FUNCTIONS: Record<string, FnDef> = {
  ...STRING_FUNCTIONS,
  ...CONVERSION_FUNCTIONS,
  ...COLLECTION_FUNCTIONS,
  ...NUMBER_FUNCTIONS,
  ...DECODE_FUNCTIONS,
  ...CIDR_FUNCTIONS,
};

/**
 * Calls a built-in function by name (a `provider::` or unknown name gives unknown). Arguments with
 * an unknown at the top level make the result unknown unless the function handles them itself.
 */
export function callFunction(name: string, args: Value[]): Value {
  const def = Object.prototype.hasOwnProperty.call(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  if (!def) return unknownOf(args, [`${name}()`]);
  const [min, max] = def.arity;
  if (args.length < min || (max >= 0 && args.length > max))
    return error(`${name}: wrong number of arguments`);
  if (!def.acceptsUnknown && args.some(isUnknown)) return unknownOf(args);
  try {
    return def.fn(args);
  } catch {
    // A function bug must never take the linter down: treat it as "cannot work this out".
    return unknown();
  }
}

export const knownFunctionNames = (): string[] => Object.keys(FUNCTIONS);

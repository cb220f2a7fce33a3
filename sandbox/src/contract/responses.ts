/**
 * Checks one JSON answer of the sandbox against the SDK's response model, the way the SDK will
 * deserialize it: no key the model lacks (at any depth), each value of the model's type, and every
 * field our code reads (the contract's `reads`) present.
 */
import { checkJson } from './requests';
import type { OperationSpec, ProductContract } from './data';

/** Paths like `A.B[].C` that are missing from `value` (each list item is checked). */
function missingReads(value: unknown, path: string): string[] {
  const walk = (v: unknown, segs: string[], at: string): string[] => {
    if (segs.length === 0) return v === undefined || v === null ? [at] : [];
    const [seg, ...rest] = segs as [string, ...string[]];
    const key = seg.replace(/\[\]$/, '');
    if (typeof v !== 'object' || v === null) return [at];
    const next = (v as Record<string, unknown>)[key];
    const here = at ? `${at}.${key}` : key;
    if (seg.endsWith('[]')) {
      if (!Array.isArray(next)) return [here];
      return next.flatMap((item, i) => walk(item, rest, `${here}[${i}]`));
    }
    if (next === undefined || next === null) return [here];
    return walk(next, rest, here);
  };
  return walk(value, path.split('.'), '');
}

export function responseViolations(op: OperationSpec, product: ProductContract, payload: unknown): string[] {
  if (!op.response) return [];
  const out = checkJson(payload, op.response, product.models, op.response);
  for (const read of op.reads ?? []) {
    for (const m of missingReads(payload, read)) out.push(`${m} is missing (SG Guard reads ${read})`);
  }
  return out;
}

// Surviving mutants that no test can kill because the program behaves the same with them, each with
// the reason. Matched by file, mutator, the source line (trimmed) and the mutated text, not by line
// number (which moves); left out of the score, and printed apart from the survivors.

/**
 * @type {{ file: string, mutator: string, line: string, original: string, replacement?: string,
 *   reason: string }[]}
 */
export const EQUIVALENT = [
  {
    file: 'sandbox/src/http/signature.ts',
    mutator: 'ConditionalExpression',
    line: "if (rawQuery === '') return out;",
    original: "rawQuery === ''",
    reason: "a shortcut: ''.split('&') is [''], whose one empty part the loop skips",
  },
  {
    file: 'sandbox/src/http/signature.ts',
    mutator: 'StringLiteral',
    line: "if (rawQuery === '') return out;",
    original: "''",
    reason: "a shortcut: ''.split('&') is [''], whose one empty part the loop skips",
  },
  {
    file: 'sandbox/src/http/signature.ts',
    mutator: 'StringLiteral',
    line: ".map((k) => `${k}=${percentEncode(query.get(k) ?? '')}`)",
    original: "''",
    reason: 'k comes from query.keys(): get(k) is never undefined',
  },
  {
    file: 'sandbox/src/http/signature.ts',
    mutator: 'EqualityOperator',
    line: 'if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());',
    original: 'eq > 0',
    replacement: 'eq >= 0',
    reason: 'a part "=x" then sets the field named "", which is never read',
  },
];

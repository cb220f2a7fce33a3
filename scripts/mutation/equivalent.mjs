// Surviving mutants that no test can kill because the program behaves the same with them, each with
// the reason. Matched by file, mutator, the source line (trimmed) and the mutated text, not by line
// number (which moves); left out of the score, and printed apart from the survivors.

/**
 * @type {{ file: string, mutator: string, line: string, original: string, replacement?: string,
 *   reason: string }[]}
 */
import { EQUIVALENT_PARSE } from './equivalent-parse.mjs';
import { EQUIVALENT_RISK } from './equivalent-risk.mjs';

export const EQUIVALENT = [
  ...EQUIVALENT_RISK,
  ...EQUIVALENT_PARSE,
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
  {
    file: 'server/src/rules/candidate-view.ts',
    mutator: 'ConditionalExpression',
    line: "const known = <T>(f: FieldValue<T>): T | undefined => (f.state === 'known' ? f.value : undefined);",
    original: "f.state === 'known'",
    replacement: 'true',
    reason:
      'only a known field carries a value: absent and unknown fields are built without one (model/extract.ts)',
  },
  {
    file: 'server/src/rules/candidate-view.ts',
    mutator: 'ConditionalExpression',
    line: "for (const f of DECIDING) if (c[f].state === 'unknown') for (const d of c[f].deps ?? []) deps.add(d);",
    original: "c[f].state === 'unknown'",
    replacement: 'true',
    reason: 'only unknown fields carry deps (model/extract.ts fieldOf, the plan and registry front ends)',
  },
  {
    file: 'server/src/rules/candidate-view.ts',
    mutator: 'ArrayDeclaration',
    line: "for (const f of DECIDING) if (c[f].state === 'unknown') for (const d of c[f].deps ?? []) deps.add(d);",
    original: '[]',
    reason: 'every unknown field is built with its deps (fieldOf, the plan and registry front ends)',
  },
  ...["protocol: known(c.protocol) ?? '',", "protocol: (n.protocol as string | undefined) ?? '',"].map(
    (line) => ({
      file: 'server/src/rules/candidate-view.ts',
      mutator: 'StringLiteral',
      line,
      original: "''",
      reason:
        'an absent protocol: the rule module opens ports only for tcp, udp and all, so "" and any other unknown word judge the same',
    }),
  ),
  ...['direction', 'policy', 'portRange'].map((field) => ({
    file: 'server/src/rules/candidate-view.ts',
    mutator: 'ConditionalExpression',
    line: `if (c.${field}.state === 'unknown') n.${field} = ${field === 'portRange' ? 'undefined' : field === 'policy' ? "'accept'" : "'ingress'"};`,
    original: `c.${field}.state === 'unknown'`,
    replacement: 'false',
    reason:
      'spelled out for the reader: known() already gives undefined for an unknown field, which the rule module reads as ingress, accept and every port',
  })),
  {
    file: 'server/src/rules/sg-port-range-valid.ts',
    mutator: 'StringLiteral',
    line: "return portRangeProblem(c.protocol.value ?? '', c.portRange.value, names);",
    original: "''",
    reason:
      'portRangeProblem checks the protocol only against tcp, udp, icmp, icmpv6, gre and all: "" and another word are the same',
  },
  {
    file: 'server/src/rules/sg-risky-ports-check.ts',
    mutator: 'StringLiteral',
    line: "prefix: v.source.split('/')[1] ?? '',",
    original: "''",
    reason: 'a near-world source is always a CIDR with a "/" (risk/group.ts takes it from parseCidr)',
  },
  {
    file: 'server/src/rules/sg-risky-ports-check.ts',
    mutator: 'ConditionalExpression',
    line: 'if (a.shadowed && a.shadowed.closed.length > 0) {',
    original: 'a.shadowed.closed.length > 0',
    replacement: 'true',
    reason: 'risk/group.ts sets shadowed only when some port is closed',
  },
  {
    file: 'server/src/rules/sg-risky-ports-check.ts',
    mutator: 'EqualityOperator',
    line: 'if (a.shadowed && a.shadowed.closed.length > 0) {',
    original: 'a.shadowed.closed.length > 0',
    replacement: 'a.shadowed.closed.length >= 0',
    reason: 'risk/group.ts sets shadowed only when some port is closed',
  },
  // Bounded memos (risk/cidr.ts, risk/ports.ts): when and whether they are used or cleared changes
  // only how often a value is computed again, never the value.
  ...[
    ['server/src/risk/cidr.ts', 'cache'],
    ['server/src/risk/cidr.ts', 'sourceCache'],
    ['server/src/risk/ports.ts', 'rangeCache'],
  ].flatMap(([file, memo]) =>
    [
      ['ConditionalExpression', 'true'],
      ['ConditionalExpression', 'false'],
      ['EqualityOperator', `${memo}.size >= 10_000`],
      ['EqualityOperator', `${memo}.size <= 10_000`],
    ].map(([mutator, replacement]) => ({
      file,
      mutator,
      line: `if (${memo}.size > 10_000) ${memo}.clear();`,
      original: `${memo}.size > 10_000`,
      replacement,
      reason: 'a bounded memo: clearing it more or less often only recomputes the same values',
    })),
  ),
  ...[
    ['server/src/risk/cidr.ts', 'if (cache.has(text)) return cache.get(text);', 'cache.has(text)', 'false'],
    ['server/src/risk/cidr.ts', 'if (r === undefined) {', 'r === undefined', 'true'],
    ['server/src/risk/ports.ts', 'if (!parsed) {', '!parsed', 'true'],
  ].map(([file, line, original, replacement]) => ({
    file,
    mutator: 'ConditionalExpression',
    line,
    original,
    replacement,
    reason: 'a memo not consulted: the same value is computed again',
  })),
  {
    file: 'server/src/risk/cidr.ts',
    mutator: 'ConditionalExpression',
    line: 'if (t.charCodeAt(t.length - 1) !== 48 /* 0 */) return false;',
    original: 't.charCodeAt(t.length - 1) !== 48',
    replacement: 'false',
    reason: 'a fast path: a prefix length whose last digit is not 0 is not 0, which readSource then says too',
  },
  {
    file: 'remediation-fn/src/executor.ts',
    mutator: 'StringLiteral',
    line: "authorized: item.authorize.map((p) => p.SourceCidrIp ?? p.Ipv6SourceCidrIp ?? ''),",
    original: "''",
    reason: 'every replacement the planner builds carries one of the two sources (planner.ts replacementFor)',
  },
  {
    file: 'remediation-fn/src/executor.ts',
    mutator: 'StringLiteral',
    line: "live = new Set((await ctx.reread()).map((p) => String(p.SecurityGroupRuleId ?? '')));",
    original: "''",
    reason:
      'planned rule ids are never empty (planner.ts skips a rule without one): no placeholder can match one',
  },
  {
    file: 'remediation-fn/src/executor.ts',
    mutator: 'ConditionalExpression',
    line: 'if (reportedGone.length === 0) return;',
    original: 'reportedGone.length === 0',
    replacement: 'false',
    reason: 'one more read of the group, from which nothing is decided when no rule was reported gone',
  },
  ...[
    ['ConditionalExpression', "ctx.summary.mode !== 'narrow'", 'false'],
    ['BlockStatement', '{\n      ready.push(item);\n      continue;\n    }', '{}'],
  ].map(([mutator, original, replacement]) => ({
    file: 'remediation-fn/src/executor.ts',
    mutator,
    line: "if (ctx.summary.mode !== 'narrow') {",
    original,
    replacement,
    reason:
      'in revoke mode the planner adds no replacement and nothing relies on one, so the narrow path readies each rule too',
  })),
  ...[['MethodExpression', 'cidr.trim().toUpperCase()']].map(([mutator, replacement]) => ({
    file: 'remediation-fn/src/planner.ts',
    mutator,
    line: 'return `${lc(protocol)}|${range}|${cidr.trim().toLowerCase()}`;',
    original: 'cidr.trim().toLowerCase()',
    replacement,
    reason:
      'every key goes through this one function: upper-casing both sides compares them just as lower-casing does',
  })),
  ...[
    "IpProtocol: String(p.IpProtocol ?? '').toUpperCase(),",
    ".map((p) => grantKey(String(p.IpProtocol ?? ''), effectiveRange(p), sourceOf(p))),",
    "const key = grantKey(String(permission.IpProtocol ?? ''), effectiveRange(permission), trusted.cidr);",
  ].map((line) => ({
    file: 'remediation-fn/src/planner.ts',
    mutator: 'StringLiteral',
    line,
    original: "''",
    reason:
      'a risky rule always has a protocol (tcp, udp or all); a rule without one keys differently from every risky rule either way',
  })),
  ...[
    ['ConditionalExpression', 'false'],
    ['EqualityOperator', 'to - from >= 65535'],
    ['StringLiteral', '``'],
  ].map(([mutator, replacement]) => ({
    file: 'server/src/risk/ports.ts',
    mutator,
    line: 'if (to - from > 65535) throw new Error(`${quoted(item)} is too wide`);',
    original: mutator === 'StringLiteral' ? '`${quoted(item)} is too wide`' : 'to - from > 65535',
    replacement,
    reason: 'unreachable: the line before refuses from < 1 and to > 65535, so to - from is at most 65534',
  })),
  ...[
    ['ConditionalExpression', 'true'],
    ['ConditionalExpression', 'false'],
    ['EqualityOperator', 'items.length !== 0'],
  ].map(([mutator, replacement]) => ({
    file: 'server/src/parse/positions.ts',
    mutator,
    line: 'return items.length === 0 ? items : items.slice();',
    original: 'items.length === 0',
    replacement,
    reason: 'trimmed() only sheds spare capacity: the same elements either way',
  })),
  {
    file: 'server/src/parse/positions.ts',
    mutator: 'MethodExpression',
    line: 'return items.length === 0 ? items : items.slice();',
    original: 'items.slice()',
    replacement: 'items',
    reason: 'trimmed() only sheds spare capacity: the same elements either way',
  },
  ...[
    ['ConditionalExpression', "text.indexOf('\\r') < 0", 'false'],
    ['StringLiteral', "'\\r'", '""'],
  ].map(([mutator, original, replacement]) => ({
    file: 'server/src/parse/positions.ts',
    mutator,
    line: "if (text.indexOf('\\r') < 0) {",
    original,
    replacement,
    reason: 'a fast path for text without CR: the character loop finds the same line starts',
  })),
  {
    file: 'server/src/parse/positions.ts',
    mutator: 'EqualityOperator',
    line: 'for (let i = 0; i < text.length; i++) {',
    original: 'i < text.length',
    replacement: 'i <= text.length',
    reason: 'charCodeAt past the end is NaN, which is neither a CR nor a LF',
  },
  {
    file: 'server/src/parse/positions.ts',
    mutator: 'ArithmeticOperator',
    line: 'let hi = starts.length - 1;',
    original: 'starts.length - 1',
    replacement: 'starts.length + 1',
    reason:
      'the search compares starts[mid] <= o; past the end that is undefined <= o, false, so hi comes back down',
  },
];

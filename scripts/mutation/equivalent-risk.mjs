// Equivalent mutants of the risk target (server/src/risk/), in the format of equivalent.mjs.

/** One entry per [mutator, original, replacement] of one line. */
const on = (file, line, mutants, reason) =>
  mutants.map(([mutator, original, replacement]) => ({ file, mutator, line, original, replacement, reason }));

const GROUP = 'server/src/risk/group.ts';
const VERDICTS = 'server/src/risk/verdicts.ts';
const LIVE = 'server/src/risk/live.ts';
const CIDR = 'server/src/risk/cidr.ts';

export const EQUIVALENT_RISK = [
  ...on(
    GROUP,
    "const lc = (s: string | undefined): string => (s ?? '').trim().toLowerCase();",
    [['StringLiteral', "''", '"Stryker was here!"']],
    'lc reads the protocol of a rule that opened a port, so of a tcp, udp or all rule: never undefined',
  ),
  ...on(
    GROUP,
    'if (members.length === 0) return undefined;',
    [['ConditionalExpression', 'members.length === 0', 'false']],
    'a shortcut: the sweep over no members reaches nothing, which is not the whole family either',
  ),
  ...on(
    GROUP,
    ': a.index - b.index,',
    [['ArithmeticOperator', 'a.index - b.index', 'a.index + b.index']],
    'orders only exact duplicates, which are all picked (beside the outer range) or all skipped',
  ),
  ...on(
    GROUP,
    'if (m.end > reach) reach = m.end;',
    [['EqualityOperator', 'm.end > reach', 'm.end >= reach']],
    'when m.end equals reach, reach is set to the value it has',
  ),
  ...on(
    GROUP,
    'if (this.covers.has(ck)) return this.covers.get(ck);',
    [['ConditionalExpression', 'this.covers.has(ck)', 'false']],
    'a memo not consulted: the same cover is computed again',
  ),
  ...on(
    GROUP,
    'if (own.length === 0) return;',
    [['ConditionalExpression', 'own.length === 0', 'false']],
    'a shortcut: the loops below run over no sources',
  ),
  ...on(
    GROUP,
    'if (a.riskyPorts || a.shadowed || a.publicAccess || a.nearWorld) out.push(a);',
    [['ConditionalExpression', 'a.riskyPorts || a.shadowed || a.publicAccess || a.nearWorld', 'true']],
    'every index comes from a public-access verdict or an opening, and every opening has an exposed, closed or near port',
  ),
  ...on(
    LIVE,
    "const nonEmpty = (s: string | undefined): string | undefined => (s === undefined || s === '' ? undefined : s);",
    [['ConditionalExpression', 's === undefined', 'false']],
    'an undefined s is returned as undefined by either branch',
  ),
  ...on(
    LIVE,
    "const priority = p.Priority === undefined || p.Priority === '' ? undefined : Number(p.Priority);",
    [['ConditionalExpression', 'p.Priority === undefined', 'false']],
    'Number(undefined) is NaN, which the next line makes undefined',
  ),
  ...on(
    LIVE,
    'priority: priority !== undefined && Number.isFinite(priority) ? priority : undefined,',
    [['ConditionalExpression', 'priority !== undefined', 'true']],
    'Number.isFinite(undefined) is false',
  ),
  ...on(
    VERDICTS,
    "const lc = (s: string | undefined): string => (s ?? '').trim().toLowerCase();",
    [['StringLiteral', "''", '"Stryker was here!"']],
    'an absent field read as "stryker was here!" is, like "", none of the words compared with (ingress, accept, drop, tcp, udp, all, icmp...)',
  ),
  ...on(
    VERDICTS,
    'const is = (s: string | undefined, word: string): boolean => s === word || lc(s) === word;',
    [['ConditionalExpression', 's === word', 'false']],
    'a fast path: lc(s) === word holds too when s is the lower-case word',
  ),
  ...on(
    VERDICTS,
    "const m = /^\\s*(-?\\d+)\\s*\\/\\s*(-?\\d+)\\s*$/.exec(portRange ?? '');",
    [['StringLiteral', "''", '"Stryker was here!"']],
    'an undefined range never gets here: parsePortRange reads it as every port',
  ),
  ...on(
    VERDICTS,
    'return from <= to ? { from, to } : undefined;',
    [['ConditionalExpression', 'from <= to', 'true']],
    'a range that starts after it ends holds no port, and opensEveryPort needs from <= 1 and to >= 65535',
  ),
  ...on(
    VERDICTS,
    'if (protocols.length === 0) return [];',
    [['ConditionalExpression', 'protocols.length === 0', 'false']],
    'a shortcut: the loop pushes one port per protocol, so none',
  ),
  ...on(
    VERDICTS,
    "if (parts.length <= 1) return parts.join('');",
    [['StringLiteral', "''", '"Stryker was here!"']],
    'joining one part or none writes no separator',
  ),
  ...on(
    VERDICTS,
    "if (portRange !== undefined && range.kind === 'invalid') return range.reason;",
    [['ConditionalExpression', 'portRange !== undefined', 'true']],
    'parsePortRange(undefined) is every port, never invalid',
  ),
  ...on(
    CIDR,
    'if (slash <= 0) return undefined;',
    [
      ['ConditionalExpression', 'slash <= 0', 'false'],
      ['EqualityOperator', 'slash <= 0', 'slash < 0'],
    ],
    'without a slash the prefix is the whole text (1-3 digits), leaving 0-2 digits as the address; with a slash first the address is empty: neither is a four-part address nor holds a ":"',
  ),
  ...on(
    CIDR,
    'if (slash <= 0) return INVALID;',
    [['EqualityOperator', 'slash <= 0', 'slash < 0']],
    'a slash first leaves an empty address: not canonical, and neither pattern matches it (both need a digit or a ":")',
  ),
  ...on(
    CIDR,
    "if (!canonical || (lenText.length > 1 && lenText.startsWith('0'))) return ODD;",
    [
      ['ConditionalExpression', 'lenText.length > 1', 'true'],
      ['EqualityOperator', 'lenText.length > 1', 'lenText.length >= 1'],
    ],
    'the only one-character prefix starting with 0 is "0", returned as the whole family on the line before',
  ),
];

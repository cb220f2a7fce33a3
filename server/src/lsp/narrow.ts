/**
 * Narrowing a wide port range honestly: the sub-ranges of the original range that leave every risky
 * port out. A rule that opens exactly a risky port has nothing to narrow to (no action is offered).
 */

export interface PortSpan {
  from: number;
  to: number;
}

/** Parses `a/b` (Terraform's port_range); `-1/-1` and absent mean every port. */
export function parsePortRange(text: string | undefined): PortSpan | undefined {
  if (text === undefined) return { from: 1, to: 65535 };
  const m = /^\s*(-?\d+)\s*\/\s*(-?\d+)\s*$/.exec(text);
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = Number(m[2]);
  if (from === -1 && to === -1) return { from: 1, to: 65535 };
  if (from < 0 || to > 65535 || from > to) return undefined;
  return { from: Math.max(1, from), to };
}

/** The parts of `span` that contain none of `risky`, largest first, at most `limit`. */
export function safeSubRanges(span: PortSpan, risky: readonly number[], limit = 3): PortSpan[] {
  const inside = [...new Set(risky)].filter((p) => p >= span.from && p <= span.to).sort((a, b) => a - b);
  if (inside.length === 0) return [];
  const gaps: PortSpan[] = [];
  let start = span.from;
  for (const p of inside) {
    if (p > start) gaps.push({ from: start, to: p - 1 });
    start = p + 1;
  }
  if (start <= span.to) gaps.push({ from: start, to: span.to });
  return gaps.sort((a, b) => b.to - b.from - (a.to - a.from) || a.from - b.from).slice(0, limit);
}

export function formatSpan(s: PortSpan): string {
  return `${s.from}/${s.to}`;
}

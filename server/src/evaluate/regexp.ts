/**
 * Regular expressions as Terraform runs them: Go's regexp package, which is RE2. Not JavaScript's
 * engine, for two reasons: RE2 syntax differs (`(?i)`, `[[:digit:]]`, `\pL`, no backreferences or
 * lookarounds), and a JavaScript regex backtracks, so a pattern such as `^(a+)+$` typed into a
 * `replace()` would freeze the language server on every keystroke. re2js is a port of RE2 that
 * matches in linear time; it is loaded on the first regular expression, which most files never use.
 */
import type { RE2JS } from 're2js';

let engine: typeof RE2JS | undefined;

/**
 * The compiled pattern, or the syntax error Terraform would report for it (or why the engine could
 * not be loaded: the value is then unknown, never a crash).
 */
export function compileRe2(pattern: string): RE2JS | { error: string } {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use (see above)
    engine ??= (require('re2js') as typeof import('re2js')).RE2JS;
    return engine.compile(pattern);
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** One match: where it is, and its groups (null for a group that took no part). */
export interface Re2Match {
  start: number;
  end: number;
  group(g: number): string | null;
}

/**
 * Go's "All" loop (FindAll..., ReplaceAll...): matches left to right, not overlapping; an empty
 * match right after the previous match does not count.
 */
export function eachMatchGo(src: string, re: RE2JS, onMatch: (m: Re2Match) => void): void {
  const m = re.matcher(src);
  let lastEnd = -1;
  let search = 0;
  while (search <= src.length && m.find(search)) {
    const start = m.start();
    const end = m.end();
    if (end > lastEnd || start === 0) onMatch({ start, end, group: (g) => m.group(g) });
    lastEnd = end;
    // Go advances one character past an empty match (a whole code point, not half of a pair).
    const width = (src.codePointAt(search) ?? 0) > 0xffff ? 2 : 1;
    search = search + width > end ? search + width : end;
  }
}

/**
 * Go's `Regexp.ReplaceAllString`, which Terraform's `replace` calls, with `$1`, `${1}`, `$name`,
 * `${name}` in the replacement expanding to groups (see `expand`).
 */
export function replaceAllGo(src: string, re: RE2JS, template: string): string {
  const names = re.namedGroups();
  let out = '';
  let lastEnd = 0;
  eachMatchGo(src, re, (m) => {
    out += src.slice(lastEnd, m.start) + expand(template, (g) => m.group(g) ?? '', names);
    lastEnd = m.end;
  });
  return out + src.slice(lastEnd);
}

const isNameChar = (c: string): boolean => /[\p{L}\p{Nd}_]/u.test(c);

/**
 * Go's `Regexp.Expand`: `$$` is a dollar; `$name` takes the longest run of letters, digits and
 * underscores as the name (so `$1x` names group "1x", which does not exist, and expands to nothing);
 * `${name}` delimits it; an all-digit name is a group number. A `$` not followed by a valid name is
 * kept as it is.
 */
function expand(template: string, group: (n: number) => string, names: Record<string, number>): string {
  let out = '';
  let i = 0;
  for (;;) {
    const dollar = template.indexOf('$', i);
    if (dollar < 0) return out + template.slice(i);
    out += template.slice(i, dollar);
    i = dollar + 1;
    if (template[i] === '$') {
      out += '$';
      i++;
      continue;
    }
    const brace = template[i] === '{';
    let j = brace ? i + 1 : i;
    const nameStart = j;
    while (j < template.length && isNameChar(template[j]!)) j++;
    const name = template.slice(nameStart, j);
    if (name === '' || (brace && template[j] !== '}')) {
      out += '$';
      continue;
    }
    i = brace ? j + 1 : j;
    if (/^\d+$/.test(name)) {
      // Go gives up on group numbers of 1e8 and more (they name no group either way).
      if (name.length < 9) out += groupOrEmpty(group, Number(name));
    } else if (names[name] !== undefined) {
      out += groupOrEmpty(group, names[name]);
    }
  }
}

function groupOrEmpty(group: (n: number) => string, n: number): string {
  try {
    return group(n);
  } catch {
    // A group number beyond the pattern's groups expands to nothing, as in Go.
    return '';
  }
}

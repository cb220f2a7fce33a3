/**
 * `Fn::Sub`'s string: `${Name}` is replaced by the named value, `${!Name}` is the literal text
 * `${Name}` (ROS user guide, Fn::Sub). Returns the pieces, literal text as strings.
 */
import { str, type Value } from '../../evaluate/value';

export function substitute(template: string, lookup: (name: string) => Value): Value[] {
  const parts: Value[] = [];
  let text = '';
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('${', i);
    const close = open < 0 ? -1 : template.indexOf('}', open + 2);
    if (open < 0 || close < 0) {
      text += template.slice(i);
      break;
    }
    text += template.slice(i, open);
    const name = template.slice(open + 2, close).trim();
    if (name.startsWith('!')) text += `\${${name.slice(1)}}`;
    else {
      if (text) parts.push(str(text));
      text = '';
      parts.push(lookup(name));
    }
    i = close + 1;
  }
  if (text || parts.length === 0) parts.push(str(text));
  return parts;
}

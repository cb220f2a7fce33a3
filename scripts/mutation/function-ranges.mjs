// Lines (1-based, inclusive) of named functions in a TypeScript file, so a target can mutate part of a
// file by name: function declarations, methods, and `const name = (...) => ...` arrows.
import { readFileSync } from 'node:fs';
import ts from 'typescript';

export function functionRanges(file, names) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found = new Map();
  const lineOf = (pos) => source.getLineAndCharacterOfPosition(pos).line + 1;
  const visit = (node) => {
    let name;
    if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name)
      name = node.name.getText();
    else if (ts.isVariableDeclaration(node) && node.initializer && ts.isFunctionLike(node.initializer)) {
      name = node.name.getText();
    }
    if (name !== undefined && names.includes(name) && !found.has(name)) {
      found.set(name, { start: lineOf(node.getStart()), end: lineOf(node.getEnd()) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  const missing = names.filter((n) => !found.has(n));
  if (missing.length)
    throw new Error(`${file}: no function named ${missing.join(', ')} (scripts/mutation/targets.mjs)`);
  return names.map((n) => found.get(n));
}

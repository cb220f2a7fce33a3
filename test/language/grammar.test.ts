// SG Guard's own Terraform grammar (syntaxes/terraform.tmLanguage.json), run by the same TextMate
// engine VS Code uses (vscode-textmate + the Oniguruma WebAssembly build): the scopes of each kind
// of token, every example and corpus file ending balanced (no string or block left open), and the
// deferral to HashiCorp's grammar when it is installed.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar, type IRawGrammar } from 'vscode-textmate';
import { CORPUS, EXAMPLES, REPO, failInCi, sharedMissingReason } from '../helpers/paths';

const OURS = 'source.hcl.terraform.sg-guard';
const HASHICORP = 'source.hcl.terraform';
const grammarPath = join(REPO, 'syntaxes', 'terraform.tmLanguage.json');

let onig: Promise<void> | undefined;
function loadOnig(): Promise<void> {
  onig ??= oniguruma.loadWASM(readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer);
  return onig;
}

/** A registry holding our grammar and, when given, another extension's `source.hcl.terraform`. */
async function grammar(other?: object): Promise<IGrammar> {
  await loadOnig();
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: (scope): Promise<IRawGrammar | null> => {
      if (scope === OURS)
        return Promise.resolve(parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath));
      if (scope === HASHICORP && other)
        return Promise.resolve(parseRawGrammar(JSON.stringify(other), 'x.json'));
      return Promise.resolve(null);
    },
  });
  const g = await registry.loadGrammar(OURS);
  assert.ok(g);
  return g;
}

interface Token {
  text: string;
  scopes: string[];
}

function tokenize(g: IGrammar, text: string): { lines: Token[][]; depth: number } {
  let stack = INITIAL;
  const lines = text.split(/\r?\n/).map((line) => {
    const r = g.tokenizeLine(line, stack);
    stack = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
  return { lines, depth: stack.depth };
}

/** The innermost scope of the first token whose text is `text` (trimmed). */
function scopeOf(tokens: Token[][], text: string): string {
  for (const line of tokens) for (const t of line) if (t.text.trim() === text) return t.scopes.at(-1)!;
  throw new Error(`no token ${JSON.stringify(text)} in ${JSON.stringify(tokens)}`);
}

const SAMPLE = `# a comment
// another
/* a block
   comment */
resource "alicloud_security_group_rule" "ssh" {
  type        = "ingress"
  port_range  = "22/22"
  priority    = 1
  cidr_ip     = var.admin_cidr
  description = "from \${local.site} \\"quoted\\""
  tags = {
    Name = upper("ssh")
  }
  policy = true ? "accept" : null
}

locals {
  script = <<-EOT
    echo \${var.x}
  EOT
}
`;

void describe('the SG Guard Terraform grammar', () => {
  let g: IGrammar;
  before(async () => {
    g = await grammar();
  });

  void it('gives each kind of token its scope', () => {
    const { lines, depth } = tokenize(g, SAMPLE);
    assert.equal(depth, 1, 'ends at the top level');
    assert.equal(scopeOf(lines, '# a comment'), 'comment.line.number-sign.terraform');
    assert.equal(scopeOf(lines, '// another'), 'comment.line.double-slash.terraform');
    assert.equal(scopeOf(lines, 'comment'), 'comment.block.terraform');
    assert.equal(scopeOf(lines, 'resource'), 'storage.type.block.terraform');
    assert.equal(scopeOf(lines, '"alicloud_security_group_rule"'), 'entity.name.label.terraform');
    assert.equal(scopeOf(lines, 'port_range'), 'variable.other.property.terraform');
    assert.equal(scopeOf(lines, '22/22'), 'string.quoted.double.terraform');
    assert.equal(scopeOf(lines, '1'), 'constant.numeric.terraform');
    assert.equal(scopeOf(lines, 'var'), 'variable.language.terraform');
    assert.equal(scopeOf(lines, '\\"'), 'constant.character.escape.terraform');
    assert.equal(scopeOf(lines, 'upper'), 'support.function.terraform');
    assert.equal(scopeOf(lines, 'Name'), 'variable.other.property.terraform');
    assert.equal(scopeOf(lines, 'true'), 'constant.language.terraform');
    assert.equal(scopeOf(lines, 'null'), 'constant.language.terraform');
    assert.equal(scopeOf(lines, 'EOT'), 'keyword.control.heredoc.terraform');
    // Inside the heredoc and the template, the interpolation is an expression again.
    assert.ok(
      lines[18]!.some((t) => t.text === 'var' && t.scopes.includes('meta.embedded.line.template.terraform')),
    );
    assert.ok(lines[18]!.every((t) => t.scopes.includes('string.unquoted.heredoc.terraform')));
  });

  void it('ends every example and corpus file balanced (nothing left open)', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(tf|tfvars)$/.test(name)) files.push(p);
      }
    };
    walk(EXAMPLES);
    walk(join(REPO, 'templates'));
    if (existsSync(CORPUS)) walk(CORPUS);
    else {
      failInCi(sharedMissingReason(CORPUS));
      console.log('# ../shared/corpus absent: only examples and templates tokenized');
    }
    const open = files.filter((f) => tokenize(g, readFileSync(f, 'utf8')).depth !== 1);
    assert.deepEqual(
      open,
      [],
      `${open.length} of ${files.length} files end inside a string, block or comment`,
    );
  });

  // HashiCorp's patterns come first at every position, and inside their blocks only theirs apply:
  // a grammar that tokenizes what ours does leaves ours nothing to match.
  void it('defers to HashiCorp’s grammar when it is installed: its scopes, none of ours', async () => {
    const other = {
      scopeName: HASHICORP,
      patterns: [
        { name: 'comment.other.hashicorp', match: '(#|//).*$' },
        { name: 'comment.block.hashicorp', begin: '/\\*', end: '\\*/' },
        { name: 'string.other.hashicorp', begin: '"', end: '"' },
        { name: 'block.other.hashicorp', begin: '\\{', end: '\\}', patterns: [{ include: '$self' }] },
        { name: 'word.other.hashicorp', match: '[\\w.-]+' },
      ],
    };
    const { lines } = tokenize(await grammar(other), SAMPLE);
    const ours = lines.flat().filter((t) => t.scopes.some((s) => s !== OURS && s.endsWith('.terraform')));
    assert.deepEqual(ours, []);
    assert.equal(scopeOf(lines, '# a comment'), 'comment.other.hashicorp');
    assert.equal(scopeOf(lines, 'resource'), 'word.other.hashicorp');
  });
});

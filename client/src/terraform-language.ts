/**
 * Editing support for `.tf` / `.tfvars` when no other extension gives it: comment toggling, bracket
 * pairs, auto-closing quotes and indentation. Set at run time (VS Code merges every static language
 * configuration, and ours would override HashiCorp's), and withdrawn as soon as another installed
 * extension contributes one. The grammar (syntaxes/terraform.tmLanguage.json) defers the same way:
 * it includes HashiCorp's `source.hcl.terraform` first.
 */
import { Disposable, extensions, languages, SyntaxTokenType, type LanguageConfiguration } from 'vscode';

export const TERRAFORM_LANGUAGES = ['terraform', 'terraform-vars'] as const;

export const TERRAFORM_LANGUAGE_CONFIGURATION: LanguageConfiguration = {
  comments: { lineComment: '#', blockComment: ['/*', '*/'] },
  brackets: [
    ['{', '}'],
    ['[', ']'],
    ['(', ')'],
  ],
  autoClosingPairs: [
    { open: '{', close: '}' },
    { open: '[', close: ']' },
    { open: '(', close: ')' },
    { open: '"', close: '"', notIn: [SyntaxTokenType.String] },
    { open: '/*', close: ' */', notIn: [SyntaxTokenType.String] },
  ],
  // A line ending in an opening bracket (outside a string) indents the next; a closing one dedents.
  indentationRules: {
    increaseIndentPattern: /^((?!#|\/\/).)*(\{[^}"'`]*|\([^)"'`]*|\[[^\]"'`]*)$/,
    decreaseIndentPattern: /^\s*[}\])]/,
  },
  // Identifiers keep their dashes and dots out: `alicloud_security_group_rule`, `port-range`.
  wordPattern: /(-?\d*\.\d\w*)|([^`~!@#$%^&*()=+[{\]}\\|;:'",.<>/?\s]+)/,
};

/** Extensions other than `selfId` that contribute a language configuration for `language`. */
export function otherConfigurationProviders(selfId: string, language: string): string[] {
  return extensions.all
    .filter((e) => e.id.toLowerCase() !== selfId.toLowerCase())
    .filter((e) => {
      const contributes = (e.packageJSON as { contributes?: { languages?: unknown } } | undefined)
        ?.contributes;
      const langs = Array.isArray(contributes?.languages) ? (contributes.languages as unknown[]) : [];
      return langs.some((l) => {
        const entry = l as { id?: unknown; configuration?: unknown };
        return entry.id === language && typeof entry.configuration === 'string';
      });
    })
    .map((e) => e.id);
}

/**
 * Sets our language configuration for each Terraform language no other extension configures, and
 * re-decides whenever extensions are installed, removed, enabled or disabled.
 */
export function registerTerraformLanguage(selfId: string): Disposable {
  const ours = new Map<string, Disposable>();
  const update = (): void => {
    for (const language of TERRAFORM_LANGUAGES) {
      const others = otherConfigurationProviders(selfId, language);
      const current = ours.get(language);
      if (others.length === 0 && !current) {
        ours.set(language, languages.setLanguageConfiguration(language, TERRAFORM_LANGUAGE_CONFIGURATION));
      } else if (others.length > 0 && current) {
        current.dispose();
        ours.delete(language);
      }
    }
  };
  update();
  const sub = extensions.onDidChange(update);
  return new Disposable(() => {
    sub.dispose();
    for (const d of ours.values()) d.dispose();
    ours.clear();
  });
}

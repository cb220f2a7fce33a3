/**
 * What the language server shows is as safe as the CLI's reports (issue 11, class 5): diagnostics,
 * related information and hovers echo repository values truncated, with control and bidi
 * characters escaped.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureBuilt, messageOf, startSession, workspace, type Session } from './lsp-client';
import { rule } from './fixtures';

// eslint-disable-next-line no-control-regex -- the characters nothing shown may carry raw
const RAW_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const VALUE = `\u001b]0;pwned\u0007\u202e${'A'.repeat(100_000)}`;

void describe('what the editor shows is bounded and escaped', () => {
  let s: Session;
  let main: string;
  before(async () => {
    ensureBuilt();
    const text =
      rule(
        'range',
        '  ip_protocol       = "tcp"\n  port_range        = file("range.txt")\n  cidr_ip           = "10.0.0.0/8"',
      ) +
      rule(
        'keys',
        `  for_each          = toset(["${'K'.repeat(5000)}\\u001b[2J"])\n  ip_protocol       = "tcp"\n  port_range        = "22/22"\n  cidr_ip           = "0.0.0.0/0"`,
      );
    s = await startSession(workspace({ 'main.tf': text, 'range.txt': VALUE }), {}, ['--debounce-ms=0']);
    main = join(s.root, 'main.tf');
    s.open(main, text);
  });
  after(() => s.close());

  void it('diagnostics and their related information', async () => {
    const diags = await s.waitFor(main, (p) => p.diagnostics.length >= 2);
    for (const d of diags) {
      const texts = [messageOf(d), ...(d.relatedInformation ?? []).map((r) => r.message)];
      for (const t of texts) {
        assert.equal(RAW_UNSAFE.exec(t), null, t);
        assert.ok(t.length <= 500, `${t.length} characters`);
        assert.ok(!/[AK]{81}/.test(t), t.slice(0, 200));
      }
    }
  });

  void it('a hover on the value read from a file', async () => {
    const h = await s.hover(main, 4, 24);
    const value = h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
    assert.match(value, /port_range/);
    // Markdown lines are separated by newlines; nothing else may be raw.
    assert.equal(RAW_UNSAFE.exec(value.replace(/\n/g, ' ')), null);
    assert.ok(value.length < 2000, `${value.length} characters`);
  });
});

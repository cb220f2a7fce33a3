/**
 * Rule docs are tests: every page in docs/rules/ has the shared headings in order, every `hcl` block
 * under `## Bad` is flagged by its rule, and every block under `## Good` gets no finding at all and no
 * "cannot verify"; each is a whole module that parses.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintModule, RULES } from '../../server/src/api/index';
import { memorySource } from '../helpers/memory-source';
import { REPO } from '../helpers/paths';

const DOCS = join(REPO, 'docs', 'rules');
export const HEADINGS = ['What it flags', 'Why', 'Bad', 'Good', 'How to fix', 'How it differs from others'];

/** The `## ` sections of a page, with the fenced hcl blocks of each. */
function sections(md: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string | undefined;
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const h = /^## (.+)$/.exec(lines[i]!);
    if (h) {
      current = h[1]!.trim();
      out.set(current, []);
      continue;
    }
    if (current && /^```hcl\s*$/.test(lines[i]!)) {
      const block: string[] = [];
      for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) block.push(lines[i]!);
      out.get(current)!.push(block.join('\n') + '\n');
    }
  }
  return out;
}

function lint(code: string) {
  return lintModule('/ws', memorySource({ '/ws/main.tf': code }), { today: '2026-11-29' });
}

describe('rule docs', () => {
  it('one page per rule, and no page without a rule', () => {
    assert.deepEqual(readdirSync(DOCS).sort(), RULES.map((r) => `${r.id}.md`).sort());
  });

  for (const rule of RULES) {
    describe(rule.id, () => {
      const page = sections(readFileSync(join(DOCS, `${rule.id}.md`), 'utf8'));

      it('has the shared headings, in order', () => {
        assert.deepEqual([...page.keys()], HEADINGS);
      });

      it('every Bad example is flagged by this rule', () => {
        const blocks = page.get('Bad') ?? [];
        assert.ok(blocks.length > 0, 'at least one Bad example');
        for (const code of blocks) {
          const r = lint(code);
          assert.deepEqual(r.parseErrors, [], code);
          assert.ok(
            r.findings.some((f) => f.ruleId === rule.id && f.severity !== 'info'),
            `not flagged:\n${code}\n${r.findings.map((f) => `${f.ruleId} ${f.message}`).join('\n')}`,
          );
        }
      });

      it('every Good example gets no finding and no "cannot verify"', () => {
        const blocks = page.get('Good') ?? [];
        assert.ok(blocks.length > 0, 'at least one Good example');
        for (const code of blocks) {
          const r = lint(code);
          assert.deepEqual(r.parseErrors, [], code);
          assert.ok(r.candidates.length > 0, `a whole rule, not a fragment:\n${code}`);
          assert.deepEqual(
            [...r.findings, ...r.unverified].map((f) => `${f.ruleId}: ${f.message}`),
            [],
            code,
          );
        }
      });
    });
  }
});

/**
 * A small RuleTester in eslint's manner: for one rule, `valid` code gets none of its findings and
 * `invalid` code gets exactly the listed ones, in order, each at its `[[ ]]`-marked range, with its
 * message id (and data, severity when given).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lintModule, type Finding, type LintOptions, type Severity } from '../../server/src/api/index';
import { memorySource, unmark } from '../helpers/memory-source';

export interface ValidCase {
  name: string;
  /** main.tf. */
  code: string;
  /** Other files of the module (unmarked). */
  files?: Record<string, string>;
  options?: LintOptions;
}

export interface ExpectedFinding {
  messageId: string;
  /** The values the message was filled with (only those given are compared). */
  data?: Record<string, string>;
  severity?: Severity;
  /** The whole message, when the words matter. */
  message?: string;
  /** The risky ports the finding lists, when given. */
  ports?: number[];
  /** The messages of its related information beyond the value's trace, when given. */
  related?: string[];
}

export interface InvalidCase extends ValidCase {
  /** One per `[[ ]]` mark, in order of position (several may share a mark). */
  errors: ExpectedFinding[];
}

/** A security group rule resource with the given attribute lines. */
export const rule = (body: string, name = 'r'): string =>
  `resource "alicloud_security_group_rule" "${name}" {\n  security_group_id = "sg-1"\n${body}\n}\n`;

function findingsOf(ruleId: string, c: ValidCase): { found: Finding[]; text: string; marks: string[] } {
  const { text, ranges } = unmark(c.code);
  const files: Record<string, string> = { '/ws/main.tf': text };
  for (const [name, body] of Object.entries(c.files ?? {})) files[`/ws/${name}`] = body;
  const result = lintModule('/ws', memorySource(files), { today: '2026-11-29', ...c.options });
  assert.deepEqual(result.parseErrors, [], 'the case parses');
  const found = [...result.findings, ...result.unverified]
    .filter((f) => f.ruleId === ruleId)
    .sort((a, b) => a.loc.range.start - b.loc.range.start);
  return { found, text, marks: ranges.map((r) => `${r.start}-${r.end}`) };
}

export function ruleTester(ruleId: string, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(ruleId, () => {
    for (const c of cases.valid) {
      it(`valid: ${c.name}`, () => {
        const { found } = findingsOf(ruleId, c);
        assert.deepEqual(
          found.map((f) => f.message),
          [],
        );
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${c.name}`, () => {
        const { found, text, marks } = findingsOf(ruleId, c);
        assert.deepEqual(
          found.map((f) => f.messageId),
          c.errors.map((e) => e.messageId),
          found.map((f) => f.message).join('\n'),
        );
        found.forEach((f, i) => {
          const want = c.errors[i]!;
          const at = `${f.loc.range.start}-${f.loc.range.end}`;
          assert.equal(f.loc.file, '/ws/main.tf');
          assert.ok(marks.includes(at), `points at "${text.slice(f.loc.range.start, f.loc.range.end)}"`);
          if (want.severity) assert.equal(f.severity, want.severity);
          for (const [k, v] of Object.entries(want.data ?? {})) assert.equal(f.data?.[k], v, `data.${k}`);
          if (want.message) assert.equal(f.message, want.message);
          if (want.ports) assert.deepEqual(f.ports, want.ports, 'ports');
          if (want.related)
            assert.deepEqual(
              f.related.map((r) => r.message).filter((m) => want.related!.includes(m)),
              want.related,
              `related: ${f.related.map((r) => r.message).join(' | ')}`,
            );
        });
        for (const m of marks)
          assert.ok(
            found.some((f) => `${f.loc.range.start}-${f.loc.range.end}` === m),
            `no finding at the mark ${m}`,
          );
      });
    }
  });
}

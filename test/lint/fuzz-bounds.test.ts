/**
 * Property test of reports' safety and bounds (issue 11, classes 5 and 6): random hostile modules —
 * control and bidi characters in values, labels, keys, comments and file contents, huge values,
 * garbage, nesting thousands deep, Terraform JSON — linted in every report format. Whatever the
 * input: the exit code is 0, 1 or 2 (never 3), no report carries a raw control or bidi character,
 * a report's size is bounded by the number of things it reports, and each run ends in bounded time
 * (a hang guard, not a benchmark: bench/lint/pathological.ts measures speed).
 */
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lint } from '../helpers/run-cli';
import { workspace } from '../helpers/workspace';
import { garbage } from '../helpers/pathological';

const HANG_GUARD_MS = 15_000;
/** Characters in every report per reported entry, at most (a source line, a message, its related places). */
const PER_ENTRY = 3_000;
/** A report with nothing in it: SARIF carries every rule's metadata and help. */
const BASE = 20_000;
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- matching exactly these characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const nasty = fc.constantFrom(
  '\u001b[2J',
  '\u001b]0;title\u0007',
  '\u009b31m',
  '\u202e',
  '\u2066',
  '\u0000',
  '\r',
  '\u2028',
  '"',
  '\\',
  '${',
  '%{',
  '0.0.0.0/0',
  '::/0',
);
/** A string value: ordinary text, control characters, and sometimes a lot of it. */
const value = fc
  .tuple(
    fc.array(fc.oneof(fc.string({ maxLength: 8 }), nasty), { maxLength: 6 }),
    fc.constantFrom(0, 0, 10, 5_000, 200_000),
  )
  .map(([parts, repeat]) => parts.join('') + 'A'.repeat(repeat));

/** HCL string escapes for a value written inside quotes (a raw control character is written as \uXXXX). */
const hclString = (s: string): string =>
  s
    .replace(/[\\"]/g, (c) => `\\${c}`)
    .replace(
      // eslint-disable-next-line no-control-regex -- escaping exactly these characters
      /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    )
    .replace(/\$\{/g, '$${')
    .replace(/%\{/g, '%%{');

const fragment = fc.oneof(
  fc.record({ label: value, cidr: value, port: value, comment: value }).map(
    ({ label, cidr, port, comment }) => `resource "alicloud_security_group_rule" "${hclString(label)}" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "${hclString(port)}"
  security_group_id = "sg-1"
  cidr_ip           = "${hclString(cidr)}" # ${comment.replace(/[\r\n]/g, ' ')}
}
`,
  ),
  fc.array(value, { minLength: 1, maxLength: 3 }).map(
    (keys) => `resource "alicloud_security_group_rule" "keyed" {
  for_each          = toset([${keys.map((k) => `"${hclString(k)}"`).join(', ')}])
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = "sg-1"
  cidr_ip           = "0.0.0.0/0"
}
`,
  ),
  fc
    .record({ depth: fc.integer({ min: 1, max: 4000 }), open: fc.constantFrom('[', '(', '{ a = ') })
    .map(({ depth, open }) => {
      const close = open === '[' ? ']' : open === '(' ? ')' : ' }';
      return `locals {\n  deep = ${open.repeat(depth)}1${close.repeat(depth)}\n}\n`;
    }),
  fc.integer({ min: 1, max: 3000 }).map((n) => garbage(n, n)),
  value.map((v) => `locals {\n  from_file = file("data.txt")\n  raw = "${hclString(v)}"\n}\n`),
);

void test('hostile modules: never exit 3, no raw control character, size bounded by what is reported, bounded time', () => {
  fc.assert(
    fc.property(
      fc.array(fragment, { minLength: 1, maxLength: 4 }),
      value,
      fc.constantFrom('text', 'json', 'sarif', 'junit', 'gitlab', 'github', 'checkstyle'),
      (fragments, data, format) => {
        const dir = workspace({
          'main.tf': fragments.join('\n'),
          'data.txt': data,
          'other.tf.json': JSON.stringify({ locals: { v: data } }),
        });
        const t0 = performance.now();
        const json = lint(['.', '--format', 'json'], dir);
        const r = lint(['.', '--format', format], dir);
        const ms = performance.now() - t0;
        assert.ok(ms < HANG_GUARD_MS, `two runs took ${Math.round(ms)} ms`);
        for (const run of [json, r])
          assert.ok([0, 1, 2].includes(run.code), `exit ${run.code}: ${run.stderr.slice(0, 500)}`);
        const report = JSON.parse(json.stdout) as Record<string, unknown[] | number>;
        const entries = ['findings', 'unverified', 'parseErrors', 'unreadable'].reduce(
          (n, k) => n + ((report[k] as unknown[] | undefined)?.length ?? 0),
          Number(report.suppressed ?? 0),
        );
        const out = r.stdout + r.stderr;
        const bad = UNSAFE.exec(out);
        assert.equal(bad, null, `${format}: raw U+${bad?.[0].charCodeAt(0).toString(16).padStart(4, '0')}`);
        assert.ok(
          out.length <= BASE + PER_ENTRY * entries,
          `${format}: ${out.length} characters for ${entries} entries`,
        );
      },
    ),
    { numRuns: 40, seed: 11 },
  );
});

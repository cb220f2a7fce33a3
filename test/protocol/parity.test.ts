/**
 * One analysis, two adapters: the language server shows exactly the errors and warnings
 * `sg-guard lint` reports (rule, file, line, message), on every folder of examples/, every peer
 * fixture and a sample of real-world modules — plus the documented extra squiggles: a value written
 * in another file than its rule is squiggled there too (docs/reading.md, "What the editor adds").
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CORPUS, EXAMPLES, PEER_FIXTURES, failInCi, sharedMissingReason } from '../helpers/paths';
import { lintJson, type JsonFindingLike as JsonFinding, type JsonReport } from '../helpers/run-cli';
import { ensureBuilt, messageOf, startSession, type Session } from './lsp-client';

/** Folders of the corpus repositories with their callees, sampled: every rule module and 1 in 15 others. */
function corpusSample(): string[] {
  if (!existsSync(CORPUS)) {
    failInCi(sharedMissingReason(CORPUS));
    return [];
  }
  const out: string[] = [];
  let n = 0;
  const walk = (dir: string): void => {
    const names = readdirSync(dir).sort();
    const tf = names.filter((f) => f.endsWith('.tf'));
    if (tf.length > 0) {
      const text = tf.map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
      if (/alicloud_security_group_rule|security-group|cidr_ip/.test(text) || n++ % 15 === 0) out.push(dir);
    }
    for (const name of names) {
      const p = join(dir, name);
      if (statSync(p).isDirectory() && !name.startsWith('.')) walk(p);
    }
  };
  walk(CORPUS);
  return out;
}

/** A temp workspace: examples, peer fixtures and the corpus sample, each folder kept whole. */
function buildWorkspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'sg-guard-parity-'));
  cpSync(EXAMPLES, join(root, 'examples'), { recursive: true });
  failInCi(sharedMissingReason(PEER_FIXTURES));
  if (existsSync(PEER_FIXTURES)) cpSync(PEER_FIXTURES, join(root, 'peer-fixtures'), { recursive: true });
  for (const dir of corpusSample()) {
    const to = join(root, 'corpus', relative(CORPUS, dir));
    mkdirSync(to, { recursive: true });
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      if (statSync(p).isFile()) cpSync(p, join(to, f));
    }
  }
  return root;
}

const key = (rule: string, file: string, line: number, message: string): string =>
  `${rule} | ${file}:${line} | ${message}`;

void describe('the editor shows what the CLI reports', () => {
  let s: Session;
  let root: string;
  let cli: JsonReport;
  before(async () => {
    ensureBuilt();
    root = buildWorkspace();
    cli = lintJson(['.'], root);
    s = await startSession(root, {}, ['--debounce-ms=0']);
    await s.conn.sendRequest('sgGuard/lintWorkspace');
  });
  after(() => s.close());

  void it('covers enough folders to mean something', () => {
    const dirs = new Set(cli.findings.map((f) => f.file.split('/').slice(0, -1).join('/')));
    assert.ok(dirs.size >= 30, `findings in only ${dirs.size} folders`);
  });

  void it('every error and warning, and nothing else of that severity; a note where a value is written', () => {
    const expected = new Set<string>();
    // The editor shows a world-open every-port rule once, as the broader rule naming the risky ports.
    const at = (f: JsonFinding): string => `${f.file}:${f.line}:${f.column}:${f.resource}`;
    const risky = new Map(
      cli.findings
        .filter((f) => f.ruleId === 'sg-risky-ports-check' && f.data?.ports && f.messageId !== 'shadowed')
        .map((f) => [at(f), f]),
    );
    const merged = new Set<JsonFinding>();
    const rank = { error: 3, warning: 2, info: 1 } as Record<string, number>;
    const shownOnce = cli.findings.map((f) => {
      const r = f.ruleId === 'sg-public-access-check' ? risky.get(at(f)) : undefined;
      if (!r) return f;
      merged.add(r);
      const severity = rank[r.severity]! > rank[f.severity]! ? r.severity : f.severity;
      return { ...f, severity, message: `${f.message}, ${r.data!.ports!} among them` };
    });
    for (const f of shownOnce.filter((x) => !merged.has(x)))
      if (f.severity !== 'info') expected.add(key(f.ruleId, f.file, f.line, f.message));
    for (const e of cli.parseErrors) expected.add(key('syntax', e.file, e.line, e.message));
    // Where a rule's value is written in another file: the extra squiggle there names the rule.
    const relatedAt = new Set<string>();
    const writtenAt = new Set<string>();
    for (const f of cli.findings) {
      for (const r of f.related) {
        if (r.file === f.file) continue;
        relatedAt.add(`${f.ruleId} | ${r.file}:${r.line}`);
        if (r.message === 'the value is written here') writtenAt.add(`${f.ruleId} | ${r.file}:${r.line}`);
      }
    }
    const shown = new Set<string>();
    const extra: string[] = [];
    for (const [u, p] of s.diagnostics) {
      const file = relative(root, fileURLToPath(u)).split('\\').join('/');
      for (const d of p.diagnostics) {
        const line = d.range.start.line + 1;
        const msg = messageOf(d);
        if (/: this value is set here/.test(msg)) {
          // A note where the value is written, not a second finding (the finding is counted once).
          assert.equal(d.severity, 3, `${file}:${line} ${msg}`);
          extra.push(`${String(d.code)} | ${file}:${line}`);
          continue;
        }
        if (d.severity !== 1 && d.severity !== 2) continue;
        shown.add(key(String(d.code), file, line, msg));
      }
    }
    assert.deepEqual(
      [...shown].filter((k) => !expected.has(k)).sort(),
      [],
      'the editor shows what the CLI does not',
    );
    assert.deepEqual(
      [...expected].filter((k) => !shown.has(k)).sort(),
      [],
      'the CLI reports what the editor does not show',
    );
    assert.deepEqual(
      extra.filter((k) => !relatedAt.has(k)).sort(),
      [],
      'extra squiggles only where a reported value is written',
    );
    assert.deepEqual(
      [...writtenAt].filter((k) => !extra.includes(k)).sort(),
      [],
      'every value written in another file is squiggled there',
    );
  });
});

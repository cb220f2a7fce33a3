/** Lints one module folder: evaluate, run each enabled rule through its context, locate, suppress, order. */
import { analyseModule } from '../evaluate/index';
import type { FileSource, ModuleAnalysis } from '../evaluate/index';
import type { Finding, LintOptions, ModuleLintResult, ParseErrorInfo, Severity } from '../api/types';
import type { ParsedFile } from '../parse/ast';
import { parseFile } from '../parse/index';
import { MAX_CONFIG_BYTES, readThrough, type ReadLimits } from '../evaluate/reads';
import { boundMessage, truncate } from '../model/safe-text';
import { LineIndex } from '../parse/positions';
import type { Loc, RuleCandidate } from '../model/types';
import { unknownDeps } from '../rules/candidate-view';
import { ALL_RULES, ruleContext } from '../rules/index';
import type { RuleReport } from '../rules/index';
import { locate, reportField, suppressibleBlocks } from './locate';
import { FileSuppressions, covers, isExpired } from './suppressions';
import type { Suppression } from './suppressions';

interface CacheEntry {
  file: ParsedFile;
  lines?: LineIndex;
  /** null: the file has no suppression comment. */
  sup?: FileSuppressions | null;
}

/** Per-lint cache of parsed files, with line indexes and suppressions built on first use. */
class FileCache {
  private readonly entries = new Map<string, CacheEntry>();

  constructor(
    private readonly source: FileSource,
    /** The analysis's files, looked up when first asked for (most are never: no finding is in them). */
    private readonly known: Map<string, ParsedFile>,
    private readonly limits: ReadLimits,
  ) {}

  private entry(path: string): CacheEntry | undefined {
    let e = this.entries.get(path);
    if (!e) {
      const file = this.known.get(path);
      if (file !== undefined) {
        e = { file };
        this.entries.set(path, e);
        return e;
      }
      // Files a finding points into were read by the analysis already, under the same policy.
      const r = readThrough(this.source, path, this.limits);
      if (!r.ok) return undefined;
      // Called on the source, never detached: a source's methods may use `this` (the editor's do).
      e = { file: this.source.parse ? this.source.parse(path, r.text) : parseFile(path, r.text) };
      this.entries.set(path, e);
    }
    return e;
  }

  /** The file's text, without building anything else. */
  text(path: string): string | undefined {
    return this.entry(path)?.file.text;
  }

  get(path: string): { file: ParsedFile; lines: LineIndex } | undefined {
    const e = this.entry(path);
    if (!e) return undefined;
    e.lines ??= new LineIndex(e.file.text);
    return { file: e.file, lines: e.lines };
  }

  suppressions(path: string): FileSuppressions | undefined {
    const entry = this.entry(path);
    if (!entry) return undefined;
    if (entry.sup === undefined) {
      // Most files have no suppression at all: one substring search (once per file, not per
      // finding) spares indexing their comments, and their lines (reports index them later).
      if (!entry.file.text.includes('sg-guard:ignore')) entry.sup = null;
      else {
        const e = this.get(path)!;
        entry.sup = new FileSuppressions(e.file, e.lines);
      }
    }
    return entry.sup ?? undefined;
  }

  /** The block narrowed to its first line. */
  headerOf(block: Loc): Loc {
    const text = this.text(block.file);
    if (text === undefined) return block;
    const nl = text.indexOf('\n', block.range.start);
    let end = nl < 0 ? text.length : nl;
    if (text.charCodeAt(end - 1) === 13) end--;
    return { file: block.file, range: { start: block.range.start, end: Math.min(block.range.end, end) } };
  }

  /** An empty location at the start of the line holding `loc` (where a comment above it goes). */
  lineStartLoc(loc: Loc): Loc {
    const text = this.text(loc.file);
    let start = loc.range.start;
    if (text !== undefined) {
      while (start > 0 && text.charCodeAt(start - 1) !== 10 && text.charCodeAt(start - 1) !== 13) start--;
    }
    return { file: loc.file, range: { start, end: start } };
  }
}

/** Whether every unknown a candidate depends on is one of the root module's own variables. */
function onlyOwnInputs(c: RuleCandidate): boolean {
  const deps = unknownDeps(c);
  return deps.length > 0 && deps.every((d) => /^var\.[A-Za-z_][\w-]*$/.test(d));
}

/** The date suppressions' `expires` are compared with (YYYY-MM-DD, UTC). */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function findSuppression(cache: FileCache, finding: Finding, r: RuleReport): Suppression[] {
  const found: Suppression[] = [];
  for (const block of suppressibleBlocks(r.candidate)) {
    const sup = cache.suppressions(block.file);
    if (sup) found.push(...sup.above(sup.lines.position(block.range.start).line));
  }
  const sup = cache.suppressions(finding.loc.file);
  if (sup) {
    const line = sup.lines.position(finding.loc.range.start).line;
    found.push(...sup.above(line));
    const t = sup.trailingOn(line);
    if (t) found.push(t);
  }
  return found.filter((s) => covers(s, finding.ruleId));
}

/** Lints one module directory: evaluate, run every enabled rule, locate, suppress. */
export function lintModule(dir: string, source: FileSource, options: LintOptions = {}): ModuleLintResult {
  const policy = { project: options.projectRoot, maxFileBytes: options.maxFileBytes };
  return lintAnalysis(analyseModule(dir, source, options.inputs, policy), source, options);
}

/**
 * Runs every enabled rule over an analysis, locates and suppresses what they report. Shared by
 * every front end (Terraform source, plans, ROS templates): they differ in how they build the
 * model, never in how it is judged.
 */
export function lintAnalysis(
  analysis: ModuleAnalysis,
  source: FileSource,
  options: LintOptions = {},
): ModuleLintResult {
  const dir = analysis.dir;
  const cache = new FileCache(source, analysis.files, {
    root: options.projectRoot,
    maxBytes: MAX_CONFIG_BYTES,
  });
  const base = { candidates: analysis.candidates, risk: { ports: options.ports } };
  const date = options.today ?? today();
  const findings: Finding[] = [];
  const unverified: Finding[] = [];
  const suppressed: Finding[] = [];

  for (const rule of ALL_RULES) {
    const setting = options.severities?.[rule.id];
    if (setting === 'off') continue;
    for (const r of rule.check(ruleContext(rule, base))) {
      if (r.unverified && options.unverified === false) continue;
      // A rule may lower its own severity (a shadowed port is an info, nearly the whole Internet a
      // warning); a setting lowers it further, never raises a lowered report.
      const configured = setting ?? rule.defaultSeverity;
      const severity: Severity =
        r.severity === 'info' || configured === 'info' ? 'info' : (r.severity ?? configured);
      const { loc, related } = locate(r, (b) => cache.headerOf(b));
      const c = r.candidate;
      const blockLoc = c.modulePath.length > 0 ? c.modulePath[0]!.call : c.block;
      const finding: Finding = {
        ruleId: r.ruleId,
        severity,
        message: boundMessage(r.message),
        messageId: r.messageId,
        data: r.data,
        loc,
        related: related.map((x) => ({ loc: x.loc, message: boundMessage(x.message) })),
        // Bounded where it is built (labels and keys are echoed with addressKey): an identity, kept whole.
        resource: c.address,
        block: blockLoc,
        ports: r.ports,
        source: r.source,
        fix: {
          cidrLiteral:
            r.source !== undefined
              ? (r.source.includes(':') ? c.sourceIpv6Cidr : c.sourceCidr).literal
              : undefined,
          portRangeLiteral: c.portRange.literal,
          protocolLiteral: c.protocol.literal,
          blockStart: cache.lineStartLoc(blockLoc),
        },
      };
      const docPath = reportField(r).docPath ?? c.docPath;
      if (docPath !== undefined) finding.docPath = docPath;
      const sups = findSuppression(cache, finding, r);
      const active = sups.find((s) => !isExpired(s, date));
      if (active) {
        const reason = active.reason === undefined ? undefined : boundMessage(truncate(active.reason, 200));
        finding.suppression = { loc: active.loc, reason, expires: active.expires };
        suppressed.push(finding);
        continue;
      }
      const expired = sups[0];
      if (expired) {
        finding.message += ` (its suppression expired on ${expired.expires!})`;
        finding.related.push({ loc: expired.loc, message: `suppression expired on ${expired.expires!}` });
      }
      if (r.unverified && onlyOwnInputs(c)) finding.unverifiedCause = 'inputs';
      (r.unverified ? unverified : findings).push(finding);
    }
  }

  for (const p of analysis.problems) {
    findings.push({
      ruleId: 'sg-guard-evaluation',
      severity: p.severity,
      message: boundMessage(p.message),
      loc: p.loc,
      related: [],
      resource: '',
      block: p.loc,
      ports: [],
    });
  }

  const parseErrors: ParseErrorInfo[] = [];
  for (const [path, file] of analysis.files) {
    for (const e of file.errors)
      parseErrors.push({ file: path, loc: { file: path, range: e.range }, message: boundMessage(e.message) });
  }
  // Plain code-unit order: stable across locales, and localeCompare is slow on this hot path.
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const byPlace = (a: Finding, b: Finding): number =>
    cmp(a.loc.file, b.loc.file) || a.loc.range.start - b.loc.range.start || cmp(a.ruleId, b.ruleId);
  return {
    dir,
    files: analysis.files,
    findings: findings.sort(byPlace),
    unverified: unverified.sort(byPlace),
    suppressed: suppressed.sort(byPlace),
    parseErrors,
    unreadable: analysis.unreadable,
    dependencies: analysis.dependencies,
    calledModuleDirs: analysis.calledModuleDirs,
    candidates: analysis.candidates,
    emptyRules: analysis.emptyRules,
  };
}

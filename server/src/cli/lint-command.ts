/**
 * `sg-guard lint`: arguments → options → lint → (fixes) → baseline → report → exit status. Every
 * failure the user can act on is a CliError: one line on standard error and its exit status.
 */
import { statSync, writeFileSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { fixesFor, SEVERITY_RANK as RANK, type Finding, type FixContext } from '../api/index';
import { ConfigError } from '../config/index';
import { DEFAULT_RISKY_PORTS } from '../risk/index';
import { diskSource, lintPaths, memoizedSource, PathError, type WorkspaceLintResult } from '../lint/index';
import { applyBaseline, readBaseline, writeBaseline } from './baseline';
import { moduleOf } from './candidates';
import { CliError } from './errors';
import { planFixes, unifiedDiff, writeFixes, type FixReport } from './fix';
import { FORMATTERS } from './formatters';
import { COLORS, PLAIN } from './format-text';
import { toLintOptions, type Io, type LintRun } from './lint-options';
import { lintUsage, parseLintArgs } from './options';
import { SpanResolver } from './positions';
import { weakeningLine } from '../config/index';
import { escapeControls } from '../model/safe-text';

export type { Io } from './lint-options';

const today = (): string => new Date().toISOString().slice(0, 10);
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function runLint(argv: readonly string[], io: Io, version: string): number {
  try {
    return lint(argv, io, version);
  } catch (e) {
    if (e instanceof CliError || e instanceof ConfigError) {
      io.stderr(`sg-guard lint: ${e.message}\n`);
      return e instanceof CliError ? e.exitCode : 2;
    }
    throw e;
  }
}

/** `forFixes`: fixes will be computed (SARIF, --fix), so each module keeps the rules they read. */
function lintWith(
  run: LintRun,
  io: Io,
  source?: Parameters<typeof lintPaths>[2],
  forFixes = true,
): WorkspaceLintResult {
  try {
    return lintPaths(
      run.paths,
      run.options,
      source,
      io.cwd,
      run.exclude,
      (dir, listed) => run.optionsFor(dir, listed),
      forFixes,
    );
  } catch (e) {
    if (e instanceof PathError) throw new CliError(e.message);
    throw e;
  }
}

function lint(argv: readonly string[], io: Io, version: string): number {
  const args = parseLintArgs(argv);
  if (args.help) {
    io.stdout(lintUsage() + '\n');
    return 0;
  }
  if (args.version) {
    io.stdout(`${version}\n`);
    return 0;
  }
  const run = toLintOptions(args, io);
  const accepted = args.baseline ? readBaseline(resolve(io.cwd, args.baseline)) : undefined;
  let result = lintWith(run, io, undefined, args.fix || args.fixDryRun || run.format === 'sarif');
  noticeEmptyFolders(run, result, io);
  if (args.fix || args.fixDryRun) {
    const report = fix(run, result, io, args.fixDryRun);
    if (args.fixDryRun) return report.result.unreadable.length > 0 ? 2 : failing(report.result, run) ? 1 : 0;
    result = report.result;
  }
  const spans = new SpanResolver(result, io.cwd);
  // The baseline covers every finding, whatever --severity shows.
  if (accepted) result = applyBaseline(result, accepted, spans, args.baseline!);
  if (args.writeBaseline) {
    let n: number;
    try {
      n = writeBaseline(resolve(io.cwd, args.writeBaseline), result, spans);
    } catch (e) {
      throw new CliError(`cannot write --write-baseline ${args.writeBaseline}: ${(e as Error).message}`);
    }
    io.stderr(`sg-guard lint: wrote ${plural(n, 'finding')} to the baseline ${args.writeBaseline}\n`);
  }
  const min = RANK[run.minSeverity];
  const keep = (f: Finding): boolean => RANK[f.severity] >= min;
  result = { ...result, findings: result.findings.filter(keep), unverified: result.unverified.filter(keep) };

  const module = moduleOf(result);
  const fixCtx = (f: Finding): FixContext => {
    const m = module(f);
    const options = run.optionsFor(m?.dir ?? io.cwd);
    return {
      text: (file) => spans.index(file).text,
      ports: options.ports ?? DEFAULT_RISKY_PORTS,
      trustedCidrs: options.trustedCidrs ?? [],
      today: today(),
      candidates: m?.candidates ?? [],
      shownIn: f.loc.file,
    };
  };
  const weakened = run.weakened();
  const byConfig = weakened.filter((w) => w.source !== 'command line');
  if (args.strictConfig && byConfig.length > 0)
    throw new CliError(
      `--strict-config: a config file weakens the check: ${byConfig.map(weakeningLine).join('; ')}`,
    );
  // Standard error too, where the report is not the text on standard output (CI logs show it).
  if (run.format !== 'text' || run.output)
    for (const w of weakened) io.stderr(`sg-guard lint: checking less: ${weakeningLine(w)}\n`);
  const report = FORMATTERS[run.format](result, {
    spans,
    version,
    palette: run.color ? COLORS : PLAIN,
    cwd: io.cwd,
    fixes: (f) => fixesFor(f, fixCtx(f)),
    weakened,
  });
  if (run.output) {
    try {
      writeFileSync(resolve(io.cwd, run.output), report);
    } catch (e) {
      throw new CliError(`cannot write --output ${run.output}: ${(e as Error).message}`);
    }
  } else io.stdout(report);
  // Nothing passes unread: each file that could not be read is named, and the run fails.
  for (const u of result.unreadable)
    io.stderr(`sg-guard lint: cannot read ${escapeControls(spans.relative(u.file))}: ${u.reason}\n`);
  if (result.unreadable.length > 0) return 2;
  return failing(result, run) ? 1 : 0;
}

/** Whether the run fails: a reported finding at or above --fail-on, or a syntax error. */
function failing(result: WorkspaceLintResult, run: LintRun): boolean {
  const at = RANK[run.failOn];
  const fails = (f: Finding): boolean => RANK[f.severity] >= at && RANK[f.severity] >= RANK[run.minSeverity];
  return result.findings.some(fails) || result.unverified.some(fails) || result.parseErrors.length > 0;
}

/** A folder given on the command line that holds no Terraform at all is said, not passed silently. */
function noticeEmptyFolders(run: LintRun, result: WorkspaceLintResult, io: Io): void {
  for (const p of run.paths) {
    const abs = resolve(io.cwd, p);
    let isDir = false;
    try {
      isDir = statSync(abs).isDirectory();
    } catch {
      continue;
    }
    if (!isDir) continue;
    const under = (dir: string): boolean =>
      dir === abs || dir.startsWith(abs.endsWith(sep) ? abs : abs + sep);
    if (!result.modules.some((m) => under(m.dir)))
      io.stderr(`sg-guard lint: no Terraform files (.tf, .tf.json) to lint in ${p}\n`);
  }
}

function fix(run: LintRun, first: WorkspaceLintResult, io: Io, dryRun: boolean): FixReport {
  const report = planFixes(first, {
    lint: (source) => lintWith(run, io, source),
    disk: memoizedSource(diskSource()),
    optionsFor: (dir) => run.optionsFor(dir),
    cwd: io.cwd,
    today: today(),
  });
  const say = (s: string): void => io.stderr(`sg-guard lint: ${s}\n`);
  const noTrusted = ![io.cwd, ...first.modules.map((m) => m.dir)].some(
    (dir) => run.optionsFor(dir).trustedCidrs?.length,
  );
  if (noTrusted)
    say(
      '--fix changes nothing: no trusted range configured (add trustedCidrs to .sg-guard.yaml, ' +
        'or pass --trusted-cidr 203.0.113.0/24)',
    );
  const spans = new SpanResolver(first, io.cwd);
  const files = report.files.map((f) => spans.relative(f.file));
  if (dryRun) {
    const diff = unifiedDiff(report.files, io.cwd);
    if (run.output) writeFileSync(resolve(io.cwd, run.output), diff);
    else io.stdout(diff);
  } else {
    const skipped = writeFixes(report.files);
    for (const s of skipped) say(`left ${spans.relative(s)} alone: it changed on disk during the run`);
  }
  const findings = new Set(report.fixed.map((x) => x.finding));
  if (findings.size > 0)
    say(
      `${dryRun ? 'would fix' : 'fixed'} ${plural(findings.size, 'finding')} in ${plural(files.length, 'file')}: ${files.join(', ')}`,
    );
  else if (!noTrusted) say('--fix found nothing it can change');
  const shared = new Map(
    report.fixed.filter((x) => x.fix.sharedBy).map((x) => [JSON.stringify(x.fix.edits), x.fix]),
  );
  for (const f of shared.values()) {
    const e = f.edits[0]!;
    const at = spans.span({ file: e.file, range: e.range });
    say(
      `the value at ${at.file}:${at.line}:${at.column} is shared: the fix changes ${plural(f.sharedBy!.length, 'rule')} (${f.sharedBy!.join(', ')})`,
    );
  }
  for (const { finding: f, why } of report.left) {
    const s = spans.span(f.loc);
    say(`left ${s.file}:${s.line}:${s.column} ${f.resource} (${f.ruleId}): ${why}`);
  }
  return report;
}

/**
 * `sg-guard lint --fix` / `--fix-dry-run`: puts a trusted range where each world CIDR is written
 * (the core's fixes), re-lints the fixed text in memory until nothing more changes, and writes the
 * files back byte for byte apart from the edits (BOM and line endings kept). Never edits a downloaded
 * module, a file outside the project, or a file that changed on disk since it was read.
 */
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import {
  isDownloadedModuleFile,
  projectRootOf,
  restrictSourceFix,
  stripBom,
  whyNotReplaceable,
  type FileSource,
  type Finding,
  type Fix,
  type FixEdit,
  type LintOptions,
} from '../api/index';
import { moduleOf } from './candidates';
import type { WorkspaceLintResult } from '../lint/index';
import { isInside, readThrough } from '../evaluate/reads';

export interface FixedFile {
  file: string;
  /** The file as read (BOM-less) and as fixed. */
  before: string;
  after: string;
  bom: boolean;
}

export interface FixReport {
  files: FixedFile[];
  /** Findings a fix was applied for, with the fix. */
  fixed: { finding: Finding; fix: Fix }[];
  /** Findings with a world source left as they are, and why. */
  left: { finding: Finding; why: string }[];
  /** The lint of the fixed text. */
  result: WorkspaceLintResult;
}

/** At most this many lint-and-fix rounds: a fix can reveal another only through a changed value. */
const MAX_ROUNDS = 5;

/**
 * The project a fix may touch, as the analysis reads it: the git work tree or the folder holding
 * `.sg-guard.yaml` around the current directory, else the current directory (a real path, so a
 * symbolic link cannot lead out of it).
 */
function projectRoot(cwd: string): string {
  return realpathSync(projectRootOf(cwd) ?? cwd);
}

function inside(root: string, file: string): boolean {
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    return false;
  }
  return real !== root && isInside(real, root);
}

/** Applies edits (offsets into `text`), last first; overlapping edits after the first are dropped. */
function applyEdits(text: string, edits: readonly FixEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start);
  const kept: FixEdit[] = [];
  for (const e of sorted) if (!kept.length || e.range.start >= kept.at(-1)!.range.end) kept.push(e);
  let out = text;
  for (const e of kept.reverse()) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}

const isIpv6 = (cidr: string): boolean => cidr.includes(':');

interface FixRun {
  lint(source: FileSource | undefined): WorkspaceLintResult;
  disk: FileSource;
  /** The options a module folder is linted with (its trusted ranges and ports). */
  optionsFor(dir: string): LintOptions;
  cwd: string;
  today: string;
}

/**
 * Plans and applies fixes in memory; the caller writes (`writeFixes`) or prints a diff. With no
 * trusted range configured, nothing is changed.
 */
export function planFixes(first: WorkspaceLintResult, run: FixRun): FixReport {
  const root = projectRoot(run.cwd);
  const texts = new Map<string, { before: string; after: string; bom: boolean }>();
  const fixed: FixReport['fixed'] = [];
  const leftBy = new Map<Finding, string>();
  // The disk with the fixed texts laid over it: the next round lints what the files will hold.
  const source: FileSource = {
    listDir: (d) => run.disk.listDir(d),
    readText: (p) => texts.get(p)?.after ?? run.disk.readText(p),
    read: (p, limits) => {
      const fixedText = texts.get(p)?.after;
      return fixedText !== undefined ? { ok: true, text: fixedText } : readThrough(run.disk, p, limits);
    },
  };
  let result = first;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const module = moduleOf(result);
    const edits: FixEdit[] = [];
    for (const f of result.findings) {
      if (!f.source) continue;
      const m = module(f);
      const options = run.optionsFor(m?.dir ?? run.cwd);
      const trusted = options.trustedCidrs ?? [];
      const why = whyFixable(f, trusted, root);
      if (why) {
        leftBy.set(f, why);
        continue;
      }
      const cidr = trusted.find((c) => isIpv6(c) === isIpv6(f.source!))!;
      const fix = restrictSourceFix(f, cidr, {
        text: (file) => textOf(file, texts, run.disk),
        ports: options.ports ?? [],
        trustedCidrs: trusted,
        today: run.today,
        candidates: m?.candidates ?? [],
      });
      if (!fix) {
        leftBy.set(f, 'the written value does not hold the world range as text');
        continue;
      }
      fixed.push({ finding: f, fix });
      edits.push(...fix.edits);
    }
    if (edits.length === 0) break;
    const byFile = new Map<string, FixEdit[]>();
    for (const e of edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
    for (const [file, list] of byFile) {
      const current = texts.get(file) ?? readForFix(file);
      const unique = [...new Map(list.map((e) => [`${e.range.start}:${e.range.end}`, e])).values()];
      texts.set(file, { ...current, after: applyEdits(current.after, unique) });
    }
    result = run.lint(source);
  }
  const module = moduleOf(result);
  const left = result.findings
    .filter((f) => f.source)
    .map((f) => {
      const trusted = run.optionsFor(module(f)?.dir ?? run.cwd).trustedCidrs ?? [];
      return { finding: f, why: leftReason(f, leftBy, trusted, root) };
    });
  const files = [...texts].filter(([, t]) => t.after !== t.before).map(([file, t]) => ({ file, ...t }));
  return { files, fixed, left, result };
}

function leftReason(
  f: Finding,
  leftBy: Map<Finding, string>,
  trusted: readonly string[],
  root: string,
): string {
  for (const [g, why] of leftBy)
    if (g.ruleId === f.ruleId && g.resource === f.resource && g.loc.file === f.loc.file) return why;
  return whyFixable(f, trusted, root) ?? 'still open after the fix';
}

/** Why --fix leaves this finding alone, or undefined when it can fix it. */
function whyFixable(f: Finding, trusted: readonly string[], root: string): string | undefined {
  if (!trusted.some((c) => isIpv6(c) === isIpv6(f.source!)))
    return `no trusted ${isIpv6(f.source!) ? 'IPv6' : 'IPv4'} range configured`;
  const why = whyNotReplaceable(f);
  if (why) return why;
  const file = f.fix!.cidrLiteral!.file;
  if (isDownloadedModuleFile(file)) return 'the value is written in a downloaded module (.terraform/)';
  if (!inside(root, file)) return `the value is written outside the project (${file})`;
  return undefined;
}

function readForFix(file: string): { before: string; after: string; bom: boolean } {
  const raw = readFileSync(file, 'utf8');
  const text = stripBom(raw);
  return { before: text, after: text, bom: text.length !== raw.length };
}

function textOf(file: string, texts: Map<string, { after: string }>, disk: FileSource): string | undefined {
  const t = texts.get(file)?.after;
  if (t !== undefined) return t;
  const raw = disk.readText(file);
  return raw === undefined ? undefined : stripBom(raw);
}

/**
 * Writes the fixed files. A file whose content on disk is no longer what was read is left alone
 * (someone changed it during the run) and named in the returned list.
 */
export function writeFixes(files: readonly FixedFile[]): string[] {
  const skipped: string[] = [];
  for (const f of files) {
    let now: string;
    try {
      now = readFileSync(f.file, 'utf8');
    } catch {
      skipped.push(f.file);
      continue;
    }
    if (now !== (f.bom ? '\ufeff' : '') + f.before) {
      skipped.push(f.file);
      continue;
    }
    writeFileSync(f.file, (f.bom ? '\ufeff' : '') + f.after);
  }
  return skipped;
}

/** A unified diff of the planned changes (paths relative to `cwd`), as `git apply` reads it. */
export function unifiedDiff(files: readonly FixedFile[], cwd: string): string {
  // Required here, not imported: only --fix-dry-run needs it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createTwoFilesPatch } = require('diff') as typeof import('diff');
  return files
    .map((f) => {
      const rel = relative(cwd, f.file).split('\\').join('/');
      const bom = f.bom ? '\ufeff' : '';
      return createTwoFilesPatch(
        `a/${rel}`,
        `b/${rel}`,
        bom + f.before,
        bom + f.after,
        undefined,
        undefined,
        {
          context: 3,
        },
      )
        .split('\n')
        .filter((l) => !l.startsWith('====='))
        .join('\n');
    })
    .join('');
}

/** `sg-guard lint PATH...`: the module folders below each path, each linted with its own options. */
import { statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import type { FileSource } from '../evaluate/index';
import type { Finding, LintOptions, ModuleLintResult, ParseErrorInfo, UnreadableFile } from '../api/types';
import { projectRootOf } from './disk-read';
import { lintModule, today } from './lint-module';
import { releaseTrees } from './release';
import { documentKindOf, lintDocument, MAX_DOCUMENT_BYTES, rosTemplateFinder } from './lint-document';
import type { DocumentKind } from '../frontends/index';
import { DirCache, diskSource, findModuleDirs, isTerraformFile, memoizedSource } from './workspace';

export interface WorkspaceLintResult {
  /** Every module folder linted, each as a root (docs/reading.md). */
  modules: ModuleLintResult[];
  findings: Finding[];
  unverified: Finding[];
  suppressed: Finding[];
  parseErrors: ParseErrorInfo[];
  /** Files and folders that exist but could not be read, sorted by path: they fail the run. */
  unreadable: UnreadableFile[];
}

export class PathError extends Error {}

/**
 * `--exclude` globs, relative to `cwd` (`examples/**`, `**\/legacy.tf`, `test`): a path is excluded
 * when it or a folder above it matches.
 */
function excluder(globs: readonly string[], cwd: string): (abs: string) => boolean {
  if (globs.length === 0) return () => false;
  // Required only when asked for: most lint runs have no --exclude and need not load it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { minimatch } = require('minimatch') as typeof import('minimatch');
  return (abs) => {
    const parts = relative(cwd, abs).split(sep);
    for (let n = parts.length; n > 0; n--) {
      const rel = parts.slice(0, n).join('/');
      // `dir/**` names what is inside dir: a folder is tested with its trailing slash too.
      if (globs.some((g) => minimatch(rel, g, { dot: true }) || minimatch(`${rel}/`, g, { dot: true })))
        return true;
    }
    return false;
  };
}

/**
 * Lints files and directories the way `sg-guard lint PATH...` does: a directory means every module
 * (and ROS template) below it; a Terraform file means its module, reporting only what lands in that
 * file; a plan, state or ROS template file (recognised by its content) means that document.
 */
export function lintPaths(
  paths: readonly string[],
  options: LintOptions = {},
  source?: FileSource,
  cwd: string = process.cwd(),
  exclude: readonly string[] = [],
  /**
   * Per-module options (a `.sg-guard.yaml` found for that folder); default: `options` for all.
   * `listed` tells from the run's listings whether a folder has an entry (undefined: not listed).
   */
  optionsFor: (
    dir: string,
    listed?: (dir: string, name: string) => boolean | undefined,
  ) => LintOptions = () => options,
  /** Whether the caller computes fixes (SARIF, --fix): each module then keeps the rules they read. */
  forFixes = true,
): WorkspaceLintResult {
  const excluded = excluder(exclude, cwd);
  // One run: directories and files are read (and parsed) once, however many modules reach them.
  const dirCache = new DirCache();
  const listed = (dir: string, name: string): boolean | undefined => dirCache.has(dir, name);
  const src = source ?? memoizedSource(diskSource(dirCache));
  const dirs = new Map<string, string>(); // module dir → the project its reads stay inside
  const onlyFiles = new Map<string, Set<string>>();
  /** Plans, state files and ROS templates: each linted on its own. */
  const documents = new Map<string, { kind: DocumentKind; project: string }>();
  const unreadable: UnreadableFile[] = [];
  for (const p of paths) {
    const abs = resolve(cwd, p);
    let st;
    try {
      st = statSync(abs);
    } catch {
      throw new PathError(`cannot read ${p}: no such file or directory`);
    }
    const top = st.isDirectory() ? abs : dirname(abs);
    const project = options.projectRoot ?? projectRootOf(top) ?? top;
    if (st.isDirectory()) {
      const templates: string[] = [];
      for (const d of findModuleDirs(
        abs,
        dirCache,
        unreadable,
        project,
        rosTemplateFinder(src, templates, project),
      ))
        if (!excluded(d) && !dirs.has(d)) dirs.set(d, project);
      for (const t of templates) if (!excluded(t)) documents.set(t, { kind: 'ros-template', project });
    } else if (isTerraformFile(abs) || /\.tfvars(\.json)?$/.test(abs)) {
      const d = dirname(abs);
      if (!dirs.has(d)) dirs.set(d, project);
      const set = onlyFiles.get(d) ?? new Set<string>();
      set.add(abs);
      onlyFiles.set(d, set);
    } else if (!st.isFile()) {
      throw new PathError(`${p} is not a regular file`);
    } else {
      const doc = documentKindOf(abs, src, { root: project, maxBytes: MAX_DOCUMENT_BYTES });
      if (doc && 'reason' in doc) throw new PathError(`cannot read ${p}: ${doc.reason}`);
      if (!doc) {
        throw new PathError(
          `${p} is not a directory, a Terraform file (.tf, .tf.json, .tfvars), a Terraform plan or state ` +
            '(terraform show -json, terraform.tfstate) or a ROS template (ROSTemplateFormatVersion)',
        );
      }
      documents.set(abs, { kind: doc.kind, project });
    }
  }

  // Module by module, each releasing its trees once its findings are out (memory stays bounded by
  // the largest module, not the repository). One date for the run's suppressions.
  const date = options.today ?? today();
  const results = [
    ...[...dirs.keys()]
      .sort()
      .map((d) =>
        releaseTrees(
          lintModule(d, src, { today: date, ...optionsFor(d, listed), projectRoot: dirs.get(d)! }),
          forFixes,
        ),
      ),
    ...[...documents.keys()].sort().flatMap((path) => {
      const { kind, project } = documents.get(path)!;
      const opts = { today: date, ...optionsFor(dirname(path), listed), projectRoot: project };
      const r = lintDocument(path, src, opts, kind);
      return r ? [releaseTrees(r, forFixes)] : [];
    }),
  ];
  // Every folder is a root (its own defaults and tfvars), and its findings stand whoever calls it.
  const called = new Set(results.flatMap((r) => r.calledModuleDirs));

  const keep = (r: ModuleLintResult, f: Finding): boolean => {
    if (excluded(f.loc.file)) return false;
    // Left to the callers: a called folder's inputs without defaults are given by them.
    if (f.unverifiedCause === 'inputs' && called.has(r.dir)) return false;
    const files = onlyFiles.get(r.dir);
    return !files || files.has(f.loc.file) || files.has(f.block.file);
  };
  const out: WorkspaceLintResult = {
    modules: results,
    findings: [],
    unverified: [],
    suppressed: [],
    parseErrors: [],
    unreadable: [],
  };
  // Identical findings (rule, place, message) once, whichever roots reach them.
  const seen = new Set<string>();
  const add = (into: Finding[], r: ModuleLintResult, list: readonly Finding[]): void => {
    for (const f of list) {
      if (!keep(r, f)) continue;
      const key = `${f.ruleId}\0${f.resource}\0${f.loc.file}\0${f.loc.range.start}\0${f.loc.range.end}\0${f.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      into.push(f);
    }
  };
  for (const r of results) {
    add(out.findings, r, r.findings);
    add(out.unverified, r, r.unverified);
    add(out.suppressed, r, r.suppressed);
  }
  // Syntax errors of every file read, once.
  const seenErrors = new Set<string>();
  for (const r of results) {
    const files = onlyFiles.get(r.dir);
    for (const e of r.parseErrors) {
      const key = `${e.file}\0${e.loc.range.start}\0${e.message}`;
      if ((files && !files.has(e.file)) || excluded(e.file) || seenErrors.has(key)) continue;
      seenErrors.add(key);
      out.parseErrors.push(e);
    }
  }
  // Every module's unreadable files (a called module's too: its rules were not checked).
  const named = new Map<string, string>();
  for (const u of [...unreadable, ...results.flatMap((r) => r.unreadable)])
    if (!named.has(u.file) && !excluded(u.file)) named.set(u.file, u.reason);
  out.unreadable = [...named.keys()].sort().map((file) => ({ file, reason: named.get(file)! }));
  return out;
}

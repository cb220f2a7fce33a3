/**
 * State shared by one `analyseModule` run: where files come from, parsed-file cache, the evaluation
 * budget, problems found, and what was read (for the language server's invalidation).
 */
import { basename, join, resolve } from 'node:path';
import type { Attribute, Block, Body, ParsedFile } from '../parse/ast';
import { parseFile, type HclOptions } from '../parse/index';
import { firstLabelIs, labelValue, transientBody } from '../parse/lazy';
import type { FileSource, EvaluationProblem } from './index';
import { RUN_STEPS, type RunBudget } from './expr';
import {
  DEFAULT_MAX_FILE_BYTES,
  isInside,
  MAX_CONFIG_BYTES,
  readThrough,
  unreadableReason,
  type ReadResult,
} from './reads';

export interface AnalysisContext {
  source: FileSource;
  rootDir: string;
  /** Shared by every value of the run (each value has its own budget too: see expr.ts). */
  run: RunBudget;
  problems: EvaluationProblem[];
  dependencies: Set<string>;
  calledModuleDirs: Set<string>;
  parsed: Map<string, ParsedFile | undefined>;
  modules: Map<string, ModuleFiles>;
  /** `terraform init`'s modules.json, read on first need: module key → absolute directory. */
  downloaded?: Map<string, string>;
  /** The workspace given by the caller (`TF_WORKSPACE`), which beats `.terraform/environment`. */
  workspace?: string;
  /** The folder every read stays inside (docs/reading.md); undefined: no bound (tests' sources). */
  project?: string;
  /** Data files larger than this are not read. */
  maxFileBytes: number;
  /** Files that exist but could not be read (permission, FIFO, link loop...), with why. */
  unreadable: Map<string, string>;
}

export interface ReadPolicy {
  project?: string;
  maxFileBytes?: number;
}

export function newContext(source: FileSource, rootDir: string, policy: ReadPolicy = {}): AnalysisContext {
  return {
    source,
    rootDir,
    ...(policy.project !== undefined ? { project: policy.project } : {}),
    maxFileBytes: policy.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    unreadable: new Map(),
    run: { steps: RUN_STEPS, depth: 0 },
    problems: [],
    dependencies: new Set(),
    calledModuleDirs: new Set(),
    parsed: new Map(),
    modules: new Map(),
  };
}

/**
 * Where `terraform init` put the module whose key is `key` (`web`, or `web.inner` for a call inside
 * it): read from the root module's `.terraform/modules/modules.json`, so registry and git modules
 * the user has initialised are evaluated from their real code. Undefined when not downloaded.
 */
export function downloadedModuleDir(ctx: AnalysisContext, key: string): string | undefined {
  if (!ctx.downloaded) {
    ctx.downloaded = new Map();
    const r = readTracked(ctx, join(ctx.rootDir, '.terraform', 'modules', 'modules.json'), ctx.maxFileBytes);
    try {
      const parsed = r.ok ? (JSON.parse(r.text) as { Modules?: unknown }) : undefined;
      for (const m of Array.isArray(parsed?.Modules) ? parsed.Modules : []) {
        const { Key, Dir } = (m ?? {}) as { Key?: unknown; Dir?: unknown };
        if (typeof Key === 'string' && Key !== '' && typeof Dir === 'string')
          ctx.downloaded.set(Key, resolve(ctx.rootDir, Dir));
      }
    } catch {
      // A missing or broken manifest: such modules stay unevaluated, as before `terraform init`.
    }
  }
  return ctx.downloaded.get(key);
}

/** Whether a path lies inside the project (always, when no project bounds the reads). */
export function inProject(ctx: AnalysisContext, path: string): boolean {
  return ctx.project === undefined || isInside(path, ctx.project);
}

/**
 * Reads a file through the FileSource under the read policy, and records it as something the
 * analysis depends on even when it cannot be read: creating or fixing it later must re-lint.
 */
export function readTracked(ctx: AnalysisContext, path: string, maxBytes = MAX_CONFIG_BYTES): ReadResult {
  ctx.dependencies.add(path);
  return readThrough(ctx.source, path, { root: ctx.project, maxBytes });
}

/**
 * Reads and parses one Terraform file through the FileSource (cached for the run); undefined if it
 * cannot be read, and then it is named in `ctx.unreadable` unless it simply does not exist.
 */
export function readParsed(ctx: AnalysisContext, path: string, anywhere = false): ParsedFile | undefined {
  if (ctx.parsed.has(path)) return ctx.parsed.get(path);
  const r = anywhere
    ? (ctx.dependencies.add(path), readThrough(ctx.source, path, { maxBytes: MAX_CONFIG_BYTES }))
    : readTracked(ctx, path);
  let result: ParsedFile | undefined;
  if (r.ok) {
    try {
      result = ctx.source.parse ? ctx.source.parse(path, r.text) : parseForLint(path, r.text);
    } catch {
      result = undefined;
    }
  } else if (r.kind !== 'missing') ctx.unreadable.set(path, unreadableReason(r));
  ctx.parsed.set(path, result);
  return result;
}

export interface Located<T> {
  node: T;
  file: ParsedFile;
}

/** The declarations of one module directory that evaluation needs, indexed by name. */
export interface ModuleFiles {
  dir: string;
  files: ParsedFile[];
  variables: Map<string, Located<Block>>;
  locals: Map<string, Located<Attribute>>;
  rules: Located<Block>[];
  calls: Located<Block>[];
  /** `output` blocks by name (a name declared twice keeps its first declaration). */
  outputs: Map<string, Located<Block>>;
}

export const RULE_TYPE = 'alicloud_security_group_rule';

/**
 * Keeps the syntax trees of module calls only. Every other block is still fully parsed (so every
 * syntax error and comment is reported) but only its header is kept; its body is parsed again if
 * read. Security group rules are among those: `collectCandidates` reads each rule body once through
 * `transientBody`, so it is garbage right after. So are locals: the index reads each locals block
 * once and keeps just the attributes it indexes. So are variables: most only feed resources that
 * are never evaluated, and the body of one that is read is parsed then (and kept). Holding every
 * tree of a large module to the end made garbage collection the largest cost of a lint.
 */
const EVALUATED_ONLY: HclOptions = {
  retainBody: (type) => type === 'module',
};

/** Parses a file the way linting needs it (see EVALUATED_ONLY); callers that cache parses use this too. */
export function parseForLint(path: string, text: string): ParsedFile {
  return parseFile(path, text, EVALUATED_ONLY);
}

const isConfigFile = (n: string): boolean => n.endsWith('.tf') || n.endsWith('.tf.json');

/** Lists and parses a module directory; undefined when it is not a directory. */
export function loadModule(ctx: AnalysisContext, dir: string): ModuleFiles | undefined {
  const cached = ctx.modules.get(dir);
  if (cached) return cached;
  let names: string[] | undefined;
  try {
    names = ctx.source.listDir(dir);
  } catch {
    names = undefined;
  }
  if (!names) return undefined;
  const mod: ModuleFiles = {
    dir,
    files: [],
    variables: new Map(),
    locals: new Map(),
    rules: [],
    calls: [],
    outputs: new Map(),
  };
  // Terraform ignores override files' special merge here on purpose: they are rare and merging is
  // out of scope; they are still read as ordinary files.
  for (const name of [...names].filter(isConfigFile).sort()) {
    const file = readParsed(ctx, join(dir, name));
    if (!file) continue;
    mod.files.push(file);
    for (const block of file.body.blocks) indexBlock(mod, block, file);
  }
  ctx.modules.set(dir, mod);
  return mod;
}

function indexBlock(mod: ModuleFiles, block: Block, file: ParsedFile): void {
  switch (block.type) {
    case 'variable': {
      const name = labelValue(block, 0);
      if (name !== undefined && !mod.variables.has(name)) mod.variables.set(name, { node: block, file });
      break;
    }
    case 'locals':
      // Only the attributes indexed are kept (a name defined twice keeps its first definition).
      for (const attr of transientBody(block).attributes) {
        if (!mod.locals.has(attr.name)) mod.locals.set(attr.name, { node: attr, file });
      }
      break;
    case 'resource':
      // Only rules' labels are read, and as plain strings (see LazyBlock).
      if (firstLabelIs(block, RULE_TYPE) && labelValue(block, 1) !== undefined)
        mod.rules.push({ node: block, file });
      break;
    case 'module':
      if (labelValue(block, 0) !== undefined) mod.calls.push({ node: block, file });
      break;
    case 'output': {
      const name = labelValue(block, 0);
      if (name !== undefined && !mod.outputs.has(name)) mod.outputs.set(name, { node: block, file });
      break;
    }
  }
}

export function attribute(block: Block, name: string): Attribute | undefined {
  return attributeIn(block.body, name);
}

export function attributeIn(body: Body, name: string): Attribute | undefined {
  const attrs = body.attributes;
  for (let i = 0; i < attrs.length; i++) if (attrs[i]!.name === name) return attrs[i];
  return undefined;
}

export const fileLabel = (path: string): string => basename(path);

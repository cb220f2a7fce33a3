/**
 * What a whole-repository lint keeps of a module once its findings are out: the findings, the names
 * of the files it linted, and, when fixes are wanted, the rules a fix needs (the finding's own, and
 * those sharing the written value it would change). Syntax trees, file texts (reports read the few lines they print again) and
 * every other rule are released, so a lint's memory is bounded by its largest module, not by the
 * repository.
 */
import { dirname, sep } from 'node:path';
import type { Finding, ModuleLintResult } from '../api/types';
import type { FieldValue, Loc, RuleCandidate, TraceStep } from '../model/types';
import { absentField } from '../model/extract';
import { trustableAccept } from './trusted-ranges';

/** A place as one key: the written values a fix would change, looked up in a set (not scanned). */
const locKey = (l: Loc): string => `${l.range.start}\0${l.range.end}\0${l.file}`;

export function releaseTrees(
  r: ModuleLintResult,
  forFixes = true,
  /** The editor's: also the rules "Restrict to a trusted range…" suggests from (lint/trusted-ranges.ts). */
  forSuggestions = false,
): ModuleLintResult {
  const reported = [...r.findings, ...r.unverified, ...r.suppressed];
  for (const f of reported) detachFinding(f, forFixes);
  // A set, not a scan of every literal per rule: rules times findings grew quadratically (SARIF, --fix).
  const literals = new Set(reported.flatMap((f) => (f.fix?.cidrLiteral ? [locKey(f.fix.cidrLiteral)] : [])));
  const addresses = new Set(reported.map((f) => f.resource));
  const isLiteral = (l: Loc | undefined): boolean => l !== undefined && literals.has(locKey(l));
  const needed = (c: RuleCandidate): boolean =>
    addresses.has(c.address) ||
    (literals.size > 0 && (isLiteral(c.sourceCidr.literal) || isLiteral(c.sourceIpv6Cidr.literal)));
  // Neither fixes nor suggestions (a JSON or text report): no rule is kept, none is looked at.
  const kept =
    !forFixes && !forSuggestions
      ? NONE
      : r.candidates.flatMap((c) =>
          forFixes && needed(c)
            ? [fixView(c)]
            : forSuggestions && (trustableAccept(c, 'ipv4') || trustableAccept(c, 'ipv6'))
              ? [{ ...fixView(c), direction: bare(c.direction), policy: bare(c.policy) }]
              : [],
        );
  // Ten thousand modules mostly without findings: their empty lists are one shared list.
  const list = <T>(xs: T[]): T[] => (xs.length ? xs : NONE);
  return {
    dir: r.dir,
    files: NO_FILES,
    linted: r.linted ?? lintedOf(r),
    findings: list(r.findings),
    unverified: list(r.unverified),
    suppressed: list(r.suppressed),
    parseErrors: list(r.parseErrors),
    unreadable: list(r.unreadable),
    dependencies: NONE,
    calledModuleDirs: list(r.calledModuleDirs),
    candidates: kept.length ? kept : NONE,
    emptyRules: NONE,
  };
}

/** Shared by every released result: nothing may add to them (frozen) or to the map (never written). */
const NONE = Object.freeze([]) as unknown as never[];
const NO_FILES: ModuleLintResult['files'] = new Map();

/**
 * A copy of a string that holds nothing else alive. V8 keeps a whole file's text alive for any
 * substring cut from it (`"0.0.0.0/0"` in a 4 KB file) and for any message built from one: kept to
 * the end of a run, they would keep the repository.
 */
export function detach<T>(v: T): T {
  return typeof v === 'string' ? (JSON.parse(JSON.stringify(v)) as T) : v;
}

/** Messages and sources repeat across a repository: one copy of each (up to a bound). */
const interned = new Map<string, string>();
function intern(s: string): string {
  let hit = interned.get(s);
  if (hit === undefined) {
    hit = detach(s);
    if (interned.size < 50_000) interned.set(hit, hit);
  }
  return hit;
}

/** The finding's strings, detached from the texts they were cut from (see detach). */
function detachFinding(f: Finding, forFixes: boolean): void {
  f.message = intern(f.message);
  f.resource = detach(f.resource);
  if (f.data) for (const k of Object.keys(f.data)) f.data[k] = intern(f.data[k]!);
  if (f.source !== undefined) f.source = intern(f.source);
  if (f.docPath !== undefined) f.docPath = detach(f.docPath);
  for (const rel of f.related) rel.message = intern(rel.message);
  // Without fixes to compute, only where the world source is written is read (the text report's note).
  if (!forFixes && f.fix) f.fix = { cidrLiteral: f.fix.cidrLiteral, blockStart: f.fix.blockStart };
  if (f.suppression?.reason !== undefined) f.suppression.reason = detach(f.suppression.reason);
  if (f.suppression?.expires !== undefined) f.suppression.expires = detach(f.suppression.expires);
}

/** Strips a value to what fixes read: state, value, and where it is written (no trace). */
function bare<T>(f: FieldValue<T>): FieldValue<T> {
  if (f.state === 'absent' && !f.literal) return absentField();
  return {
    state: f.state,
    trace: NO_TRACE,
    ...(f.value !== undefined ? { value: detach(f.value) } : {}),
    ...(f.literal ? { literal: f.literal } : {}),
  };
}

/**
 * A rule as fixes see it (lint/fixes.ts: which rule a finding is, its protocol and port range to
 * narrow, which rules share a written source): traces, the other fields and all but the outermost
 * module call go.
 */
function fixView(c: RuleCandidate): RuleCandidate {
  const absent = absentField<never>();
  return {
    address: detach(c.address),
    kind: c.kind,
    block: c.block,
    modulePath: c.modulePath.slice(0, 1),
    groupKey: '',
    direction: absent,
    policy: absent,
    protocol: bare(c.protocol),
    portRange: bare(c.portRange),
    sourceCidr: bare(c.sourceCidr),
    sourceIpv6Cidr: bare(c.sourceIpv6Cidr),
    sourceGroupId: absent,
    prefixListId: absent,
    priority: absent,
    ...(c.language ? { language: c.language } : {}),
  };
}

const NO_TRACE: TraceStep[] = Object.freeze([]) as unknown as TraceStep[];

/** `dirname(path) === dir`, without building the folder's path for a file written `dir/name`. */
function inFolder(path: string, dir: string): boolean {
  const cut = path.lastIndexOf(sep);
  if (cut === dir.length && cut < path.length - 1 && path.startsWith(dir)) return true;
  return dirname(path) === dir;
}

function lintedOf(r: ModuleLintResult): NonNullable<ModuleLintResult['linted']> {
  const document = r.files.has(r.dir);
  if (document) return { own: 1, elsewhere: NONE, document };
  let own = 0;
  const elsewhere: string[] = [];
  for (const path of r.files.keys()) {
    if (inFolder(path, r.dir)) own++;
    else elsewhere.push(path);
  }
  return { own, elsewhere: elsewhere.length ? elsewhere : NONE, document };
}

/**
 * How many distinct files a lint read: a released module counts its own folder's files, and a file
 * of another folder only when that folder is not linted itself (it counts its own).
 */
export function lintedFileCount(modules: readonly ModuleLintResult[]): number {
  const folders = new Set(modules.map((m) => m.dir));
  const others = new Set<string>();
  let n = 0;
  for (const m of modules) {
    if (!m.linted) {
      for (const path of m.files.keys()) others.add(path);
      continue;
    }
    n += m.linted.own;
    for (const path of m.linted.elsewhere) if (!folders.has(dirname(path))) others.add(path);
  }
  return n + others.size;
}

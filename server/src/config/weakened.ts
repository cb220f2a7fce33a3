/**
 * What a run was told not to check, and who said so. A `.sg-guard.yaml` is written by whoever writes
 * the repository: one that turns both rules off would otherwise make `sg-guard lint` print "0 errors".
 * Every report names each setting that turns a rule off or lowers it, narrows the risky ports, hides
 * "cannot verify" values or excludes paths — the file (or the command line) and the effect.
 */
import { relative, sep } from 'node:path';
import { RULES, SEVERITY_RANK, type LintOptions, type SeveritySetting } from '../api/index';
import type { LoadedConfig } from './load';
import { DEFAULT_RISKY_PORTS } from '../risk/index';
import { escapeControls, truncate } from '../model/safe-text';

export interface Weakening {
  /** Where it is set: a config file relative to the working directory, or `command line`. */
  source: string;
  /** The setting as it is written (`severity.sg-risky-ports-check: off`, `--disable …`). */
  setting: string;
  /** What the run does not do because of it. */
  effect: string;
  /** For a rule's severity: the rule and what it was set to. */
  rule?: { id: string; level: SeveritySetting };
  /** In a config file: the keys leading to the setting (`['severity', 'sg-risky-ports-check']`). */
  keys?: (string | number)[];
}

const shown = (s: string): string => escapeControls(truncate(s, 80));

function ruleSetting(id: string, level: SeveritySetting, source: string, setting: string): Weakening[] {
  const rule = RULES.find((r) => r.id === id);
  if (!rule || SEVERITY_RANK[level] >= SEVERITY_RANK[rule.defaultSeverity]) return [];
  const effect =
    level === 'off' ? `${id} is not checked` : `${id} reports ${level} instead of ${rule.defaultSeverity}`;
  return [{ source, setting, effect, rule: { id, level } }];
}

function portsSetting(ports: readonly number[], source: string, setting: string): Weakening[] {
  const dropped = DEFAULT_RISKY_PORTS.filter((p) => !ports.includes(p));
  if (dropped.length === 0) return [];
  return [
    { source, setting, effect: `port${dropped.length > 1 ? 's' : ''} ${dropped.join(', ')} not checked` },
  ];
}

const HIDDEN = 'values that cannot be verified are not listed';
const EXCLUDED = 'matching paths are not linted';

/** The command line's own: --disable, --ports, --no-unverified, --exclude. */
function fromCommandLine(options: LintOptions, exclude: readonly string[]): Weakening[] {
  const src = 'command line';
  const out: Weakening[] = [];
  for (const [id, level] of Object.entries(options.severities ?? {}))
    out.push(...ruleSetting(id, level, src, `--disable ${id}`));
  if (options.ports) out.push(...portsSetting(options.ports, src, `--ports ${options.ports.join(',')}`));
  if (options.unverified === false) out.push({ source: src, setting: '--no-unverified', effect: HIDDEN });
  for (const g of exclude) out.push({ source: src, setting: `--exclude ${shown(g)}`, effect: EXCLUDED });
  return out;
}

/** A config file's, where the command line does not override them (it wins where it sets a key). */
function fromConfig(loaded: LoadedConfig, over: LintOptions, cwd: string): Weakening[] {
  const c = loaded.config;
  const src = shown(relative(cwd, loaded.file).split(sep).join('/') || loaded.file);
  const at = (keys: Weakening['keys']) => (w: Weakening) => ({ ...w, keys });
  const out: Weakening[] = [];
  for (const [id, level] of Object.entries(c.severity ?? {}))
    if (over.severities?.[id] === undefined)
      out.push(...ruleSetting(id, level, src, `severity.${id}: ${level}`).map(at(['severity', id])));
  if (c.ports && !over.ports)
    out.push(...portsSetting(c.ports, src, `ports: [${c.ports.join(', ')}]`).map(at(['ports'])));
  if (c.unverified === false && over.unverified === undefined)
    out.push({ source: src, setting: 'unverified: false', effect: HIDDEN, keys: ['unverified'] });
  (c.exclude ?? []).forEach((g, i) =>
    out.push({
      source: src,
      setting: `exclude: ${shown(g)}`,
      effect: EXCLUDED,
      keys: ['exclude', i],
    }),
  );
  return out;
}

/** What one config file, on its own, turns off or narrows (the editor shows these on the file). */
export function configWeakenings(loaded: LoadedConfig, cwd: string): Weakening[] {
  return fromConfig(loaded, {}, cwd);
}

/** Every weakening of this run: the command line's, then each config file used (sorted by path). */
export function weakenings(
  over: LintOptions,
  exclude: readonly string[],
  configs: readonly LoadedConfig[],
  cwd: string,
): Weakening[] {
  // One entry per file already (ConfigResolver reads each file once).
  const files = [...configs].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return [...fromCommandLine(over, exclude), ...files.flatMap((c) => fromConfig(c, over, cwd))];
}

/** One line per weakening, for the text report and standard error. */
export function weakeningLine(w: Weakening): string {
  return `${w.source}: ${w.setting} (${w.effect})`;
}

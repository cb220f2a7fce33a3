/**
 * Every report format, in one registry with one signature: the workspace result and the context a
 * report may need (positions, version, colours, fixes).
 */
import type { Finding, Fix } from '../api/index';
import type { WorkspaceLintResult } from '../lint/index';
import { formatCheckstyle } from './format-checkstyle';
import { formatGithub } from './format-github';
import { formatGitlab } from './format-gitlab';
import { formatJson } from './format-json';
import { formatJunit } from './format-junit';
import { formatSarif } from './format-sarif';
import { formatText, type Palette } from './format-text';
import type { Format } from './options';
import type { SpanResolver } from './positions';
import type { Weakening } from '../config/index';

export interface FormatContext {
  spans: SpanResolver;
  /** The tool's version (SARIF's driver). */
  version: string;
  /** Colours for the text report (PLAIN when off). */
  palette: Palette;
  /** The directory paths are reported relative to. */
  cwd: string;
  /** The core's fixes for a finding (SARIF carries them). */
  fixes(f: Finding): Fix[];
  /** Settings that turned checks off or narrowed them (every format names them). */
  weakened: readonly Weakening[];
}

export type Formatter = (result: WorkspaceLintResult, ctx: FormatContext) => string;

export const FORMATTERS: Record<Format, Formatter> = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  junit: formatJunit,
  gitlab: formatGitlab,
  github: formatGithub,
  checkstyle: formatCheckstyle,
};

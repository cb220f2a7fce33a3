import type { RiskOptions } from '../risk/index';
import type { Loc, RuleCandidate } from '../model/types';

export type RuleSeverity = 'error' | 'warning' | 'info';

/** What a rule reports, before severities, suppressions and adapters are applied. */
export interface RuleReport {
  ruleId: string;
  /** Defaults to the rule's severity; a rule may lower it (e.g. a shadowed port is only info). */
  severity?: RuleSeverity;
  message: string;
  candidate: RuleCandidate;
  /** Where the report points (defaults to the candidate's world-source value). */
  at?: 'source' | 'portRange' | 'protocol';
  ports: number[];
  source?: string;
  /** Extra related information beyond the value's trace. */
  related?: { loc: Loc; message: string }[];
  /** True for "cannot verify" reports (unknown values). */
  unverified?: boolean;
}

export interface RuleContext {
  /** Every candidate of the module, so rules can judge a group together (shadowing). */
  candidates: readonly RuleCandidate[];
  risk: RiskOptions;
}

/** A rule: one small self-describing unit, listed in rules/index.ts. */
export interface RuleDefinition {
  id: string;
  title: string;
  defaultSeverity: RuleSeverity;
  /** One paragraph: what it flags and why. */
  description: string;
  check(ctx: RuleContext): RuleReport[];
}

export const DOCS_BASE = 'https://github.com/sg-guard/sg-guard/blob/main/docs/rules/';
export const docsUrl = (id: string): string => `${DOCS_BASE}${id}.md`;

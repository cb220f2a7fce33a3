/** What a rule is made of: its metadata, its message templates and its check. */
import type { RiskOptions, RULE_IDS } from '../risk/index';
import type { Loc, RuleCandidate } from '../model/types';

export type RuleId = (typeof RULE_IDS)[keyof typeof RULE_IDS];

export type RuleSeverity = 'error' | 'warning' | 'info';

/** What a rule reports, before severities, suppressions and adapters are applied. */
export interface RuleReport {
  ruleId: string;
  /** Which of the rule's `messages` this is, and the values filled into it (tests assert these). */
  messageId: string;
  data: Record<string, string>;
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

/** A report before its rule id and message are filled in from the rule (the context does that). */
export type ReportInput = Omit<RuleReport, 'ruleId' | 'message' | 'data'> & { data?: Record<string, string> };

export interface RuleContext {
  /** Every candidate of the module, so rules can judge a group together (shadowing). */
  candidates: readonly RuleCandidate[];
  risk: RiskOptions;
  /** The id of the rule being run (a rule never writes its own id twice). */
  ruleId: RuleId;
  /** Builds a report: the rule's id, and its message from `messages[messageId]` with `data`. */
  report(input: ReportInput): RuleReport;
}

/** A rule: one small self-describing unit, listed in rules/index.ts. */
export interface RuleDefinition {
  id: RuleId;
  title: string;
  defaultSeverity: RuleSeverity;
  /** One paragraph: what it flags and why. */
  description: string;
  /** What to do about a finding, in one sentence (SARIF help, docs). */
  recommendedAction: string;
  /** Message templates by id; `{{name}}` is filled from a report's data. */
  messages: Record<string, string>;
  check(ctx: RuleContext): RuleReport[];
}

/** `{{name}}` → data.name (a missing value stays visible as `{{name}}`, never silently empty). */
export function formatMessage(template: string, data: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (m, k: string) => data[k] ?? m);
}

/** The context a rule runs in: its id, and reports built from its own messages. */
export function ruleContext(
  rule: RuleDefinition,
  base: { candidates: readonly RuleCandidate[]; risk: RiskOptions },
): RuleContext {
  // Written out, not `{ ...base, ruleId, report }`: in V8 adding properties to a spread copy costs
  // microseconds per object, and this runs for every rule of every module.
  return {
    candidates: base.candidates,
    risk: base.risk,
    ruleId: rule.id,
    report: (input) => {
      const template = rule.messages[input.messageId];
      if (template === undefined) throw new Error(`${rule.id}: no message "${input.messageId}"`);
      const data = input.data ?? {};
      // The new fields first, then the spread (the fast order), then `data` over input's own.
      const out: RuleReport = { ruleId: rule.id, message: formatMessage(template, data), ...input, data };
      return out;
    },
  };
}

export const DOCS_BASE = 'https://github.com/sg-guard/sg-guard/blob/main/docs/rules/';
export const docsUrl = (id: string): string => `${DOCS_BASE}${id}.md`;

/**
 * The guardrail's settings: the same knobs as the Terraform module's variables (templates/
 * variables.tf), validated the same way, and written to / read from `terraform.tfvars`.
 * Resource names follow templates/main.tf so an SDK deploy and a Terraform apply name things alike.
 */
import { MODES, trustedCidrProblem, type Mode } from '../../../../../remediation-fn/src/public';

export type Execution = 'AUTO' | 'MANUAL';
export { MODES, type Mode };

/**
 * Which Config rule judges the groups: Alibaba's managed `sg-risky-ports-check` (documented to flag
 * 0.0.0.0/0 only), or `sg-guard`, a custom function rule (CUSTOM_FC) whose evaluator is this
 * package's `index.evaluate` running the shared rule module (IPv6, port lists, drop shadowing).
 */
export type RuleSource = 'managed' | 'sg-guard';
export const RULE_SOURCES: readonly RuleSource[] = ['managed', 'sg-guard'];

export interface GuardrailSettings {
  region: string;
  ruleSource: RuleSource;
  ports: number[];
  mode: Mode;
  execution: Execution;
  trustedCidrs: string[];
  exemptTag: string;
  /** Prefix for every resource name. */
  name: string;
  /** The function re-triggers the rule's evaluation after a change. */
  reevaluate: boolean;
}

export const DEFAULT_SETTINGS: GuardrailSettings = {
  region: 'cn-hangzhou',
  ruleSource: 'sg-guard',
  ports: [22, 3389],
  mode: 'revoke',
  execution: 'AUTO',
  trustedCidrs: [],
  exemptTag: 'sg-guard:exempt',
  name: 'sg-guard',
  reevaluate: true,
};

export interface ResourceNames {
  configRule: string;
  role: string;
  policy: string;
  functionName: string;
  /** The custom rule's evaluator (rule form `sg-guard`): its function, role and policy. */
  evaluator: string;
}

/** As in templates/main.tf. */
export function resourceNames(name: string): ResourceNames {
  return {
    configRule: `${name}-risky-ports`,
    role: `${name}-remediation`,
    policy: `${name}-remediation`,
    functionName: `${name}-remediation`,
    evaluator: `${name}-evaluator`,
  };
}

/** The same checks as the module's variable validations; an empty list means valid. */
export function settingsProblems(s: GuardrailSettings): string[] {
  const out: string[] = [];
  if (!/^[a-z]{2}(-[a-z0-9]+)+$/.test(s.region))
    out.push(`region "${s.region}" is not a region id such as cn-hangzhou`);
  if (s.ports.length === 0 || s.ports.some((p) => !Number.isInteger(p) || p < 1 || p > 65535)) {
    out.push('ports must be a non-empty list of whole numbers within 1..65535');
  }
  if (!MODES.includes(s.mode)) out.push(`mode must be one of ${MODES.join(', ')}`);
  if (!RULE_SOURCES.includes(s.ruleSource)) out.push(`rule_source must be one of ${RULE_SOURCES.join(', ')}`);
  if (s.execution !== 'AUTO' && s.execution !== 'MANUAL') out.push('execution must be AUTO or MANUAL');
  for (const c of s.trustedCidrs) {
    const problem = trustedCidrProblem(c);
    if (problem) out.push(`trusted CIDR ${problem}`);
  }
  if (s.mode === 'narrow' && s.trustedCidrs.length === 0)
    out.push('narrow mode needs at least one trusted CIDR');
  if (s.exemptTag.trim() === '' || s.exemptTag.trim().startsWith('='))
    out.push('the exemption tag must be KEY or KEY=VALUE');
  if (!/^[A-Za-z][A-Za-z0-9_-]{0,39}$/.test(s.name)) {
    out.push('the name must start with a letter and hold at most 40 letters, digits, _ or -');
  }
  return out;
}

const q = (s: string) => JSON.stringify(s);

/** terraform.tfvars for the module (templates/variables.tf names). */
export function renderTfvars(s: GuardrailSettings, extra: { configEndpoint?: string } = {}): string {
  const lines = [
    '# Written by SG Guard: Scaffold guardrail. See variables.tf for what each value means.',
    `region        = ${q(s.region)}`,
    `rule_source   = ${q(s.ruleSource)}`,
    `ports         = [${s.ports.join(', ')}]`,
    `mode          = ${q(s.mode)}`,
    `execution     = ${q(s.execution)}`,
    `trusted_cidrs = [${s.trustedCidrs.map(q).join(', ')}]`,
    `exempt_tag    = ${q(s.exemptTag)}`,
    `name          = ${q(s.name)}`,
    `reevaluate_after_remediation = ${String(s.reevaluate)}`,
  ];
  if (extra.configEndpoint) lines.push(`config_endpoint = ${q(extra.configEndpoint)}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Reads the values this module's tfvars hold (strings, numbers, booleans, flat lists of those):
 * enough for files written by renderTfvars and by hand in the same style. Unknown keys are ignored.
 */
export function parseTfvars(text: string): Partial<GuardrailSettings> {
  const values = new Map<string, unknown>();
  const re = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(\[[^\]]*\]|"(?:[^"\\]|\\.)*"|[^#\n]+)/gm;
  for (const m of text.matchAll(re)) {
    const raw = m[2]!.trim();
    let v: unknown;
    if (raw.startsWith('[')) {
      v = [...raw.slice(1, -1).matchAll(/"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?)/g)].map((x) =>
        x[1] !== undefined ? (JSON.parse(`"${x[1]}"`) as string) : Number(x[2]),
      );
    } else if (raw.startsWith('"')) v = JSON.parse(raw) as string;
    else if (raw === 'true' || raw === 'false') v = raw === 'true';
    else if (/^-?\d+$/.test(raw)) v = Number(raw);
    else continue;
    values.set(m[1]!, v);
  }
  const out: Partial<GuardrailSettings> = {};
  const str = (k: string) => (typeof values.get(k) === 'string' ? (values.get(k) as string) : undefined);
  const arr = (k: string) => (Array.isArray(values.get(k)) ? (values.get(k) as unknown[]) : undefined);
  if (str('region')) out.region = str('region')!;
  if (str('rule_source')) out.ruleSource = str('rule_source') as RuleSource;
  if (arr('ports')) out.ports = arr('ports')!.map(Number);
  if (str('mode')) out.mode = str('mode') as Mode;
  if (str('execution')) out.execution = str('execution') as Execution;
  if (arr('trusted_cidrs')) out.trustedCidrs = arr('trusted_cidrs')!.map(String);
  if (str('exempt_tag')) out.exemptTag = str('exempt_tag')!;
  if (str('name')) out.name = str('name')!;
  if (typeof values.get('reevaluate_after_remediation') === 'boolean') {
    out.reevaluate = values.get('reevaluate_after_remediation') as boolean;
  }
  return out;
}

/**
 * The guardrail questions (region, ports, mode, execution, trusted CIDRs), asked through a
 * Prompter; shared by Scaffold and Deploy. Undefined when the user cancels.
 */
import { parsePortList } from '../../../../../server/src/risk';
import { trustedCidrProblem } from '../../../../../remediation-fn/src/public';
import type { PickItem, Prompter } from '../prompter';
import { RULE_FORM_COVERAGE } from './desired';
import {
  DEFAULT_SETTINGS,
  type Execution,
  type GuardrailSettings,
  type Mode,
  type RuleSource,
} from './settings';

export async function askSettings(
  p: Prompter,
  opts: { regions: readonly string[]; defaults?: Partial<GuardrailSettings> },
): Promise<GuardrailSettings | undefined> {
  const base: GuardrailSettings = { ...DEFAULT_SETTINGS, ...opts.defaults };
  const regions = [...new Set([base.region, ...opts.regions])];
  const region = await p.pick(
    'Guardrail: region for the Config rule and the function',
    regions.map((r) => ({ label: r, value: r, picked: r === base.region })),
  );
  if (!region) return undefined;
  const ruleSource = await p.pick<RuleSource>(
    'Guardrail: which Config rule judges the security groups',
    choices(base.ruleSource, [
      ['sg-guard', RULE_FORM_COVERAGE['sg-guard']],
      ['managed', RULE_FORM_COVERAGE.managed],
    ]),
  );
  if (!ruleSource) return undefined;
  const portsText = await p.input('Guardrail: ports that must not be open to the Internet', {
    value: base.ports.join(','),
    prompt: 'Comma-separated ports, e.g. 22,3389',
    validate: (v) => {
      try {
        const list = parsePortList(v);
        return list.length === 0 ? 'give at least one port' : undefined;
      } catch (e) {
        return (e as Error).message;
      }
    },
  });
  if (portsText === undefined) return undefined;
  const mode = await p.pick<Mode>(
    'Guardrail: what the function does with a risky rule',
    choices(base.mode, [
      ['revoke', 'remove the world-open rule (default)'],
      ['narrow', 'replace it with the same rule from your trusted CIDRs'],
      ['dry-run', 'log what it would do, change nothing'],
    ]),
  );
  if (!mode) return undefined;
  const execution = await p.pick<Execution>(
    'Guardrail: when the remediation runs',
    choices(base.execution, [
      ['AUTO', 'as soon as Config marks a group non-compliant'],
      ['MANUAL', 'only when started (Remediate now, Config console)'],
    ]),
  );
  if (!execution) return undefined;
  const cidrText = await p.input('Guardrail: trusted CIDRs (kept in narrow mode)', {
    value: base.trustedCidrs.join(','),
    prompt: mode === 'narrow' ? 'At least one, e.g. 203.0.113.0/24' : 'Optional, comma-separated',
    validate: (v) => {
      const list = v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const problem = list.map(trustedCidrProblem).find((p) => p !== undefined);
      if (problem) return problem;
      return mode === 'narrow' && list.length === 0
        ? 'narrow mode needs at least one trusted CIDR'
        : undefined;
    },
  });
  if (cidrText === undefined) return undefined;
  return {
    ...base,
    region,
    ruleSource,
    ports: parsePortList(portsText),
    mode,
    execution,
    trustedCidrs: cidrText
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  };
}

/** One option per value (its label is the value itself), the current one picked. */
function choices<T extends string>(current: T, rows: [T, string][]): PickItem<T>[] {
  return rows.map(([value, description]) => ({
    label: value,
    description,
    value,
    picked: current === value,
  }));
}

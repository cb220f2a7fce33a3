/** Every rule, in one list: adding a rule means adding its file and one line here. */
import { sgPortRangeValid } from './sg-port-range-valid';
import { sgPublicAccessCheck } from './sg-public-access-check';
import { sgRiskyPortsCheck } from './sg-risky-ports-check';
import type { RuleDefinition } from './types';

export const ALL_RULES: readonly RuleDefinition[] = [
  sgRiskyPortsCheck,
  sgPublicAccessCheck,
  sgPortRangeValid,
];

export type { RuleDefinition, RuleReport, RuleContext, RuleSeverity, RuleId } from './types';
export { docsUrl, formatMessage, ruleContext } from './types';

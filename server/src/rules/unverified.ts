import type { RuleCandidate } from '../model/types';
import { unknownDeps } from './candidate-view';
import { unverifiedMessage } from './grouping';
import type { RuleReport } from './types';

/** The "cannot verify" info a rule raises when an unknown value could make the candidate a finding. */
export function unverifiedReport(ruleId: string, candidate: RuleCandidate): RuleReport {
  return {
    ruleId,
    severity: 'info',
    unverified: true,
    message: unverifiedMessage(unknownDeps(candidate)),
    candidate,
    ports: [],
  };
}

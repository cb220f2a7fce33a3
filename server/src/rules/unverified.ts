/** The "cannot verify" report every rule shares. */
import type { RuleCandidate } from '../model/types';
import { unknownDeps } from './candidate-view';
import { unverifiedMessage } from './grouping';
import type { RuleContext, RuleReport } from './types';

/** Every rule that can be unsure has this message: the text says what is unknown. */
export const UNVERIFIED_MESSAGES = { unverified: '{{text}}' } as const;

/** The "cannot verify" info a rule raises when an unknown value could make the candidate a finding. */
export function unverifiedReport(ctx: RuleContext, candidate: RuleCandidate): RuleReport {
  return ctx.report({
    messageId: 'unverified',
    data: { text: unverifiedMessage(unknownDeps(candidate)) },
    severity: 'info',
    unverified: true,
    candidate,
    ports: [],
  });
}

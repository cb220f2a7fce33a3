/** Cloud Config 2020-09-07 error answers the sandbox gives, by name. */
import { ApiError } from '../http/errors';

export const configErrors = {
  ruleNotFound: (id: string) =>
    new ApiError(404, 'ConfigRuleNotExists', `The config rule "${id}" does not exist.`),
  duplicateRuleName: (name: string) =>
    new ApiError(400, 'Invalid.ConfigRuleName.Duplicate', `A config rule named "${name}" already exists.`),
  inputParameters: (detail = 'InputParameters must be a JSON object string such as {"ports":"22,3389"}.') =>
    new ApiError(400, 'Invalid.InputParameters', detail),
  sourceOwner: () => new ApiError(400, 'Invalid.SourceOwner', 'SourceOwner must be ALIYUN or CUSTOM_FC.'),
  sourceIdentifier: (supported: readonly string[]) =>
    new ApiError(
      400,
      'Invalid.SourceIdentifier',
      `The sandbox evaluates the managed rules ${supported.join(' and ')} only.`,
    ),
  /** (unverified code) a CUSTOM_FC rule whose SourceIdentifier names no function. */
  customFunction: (arn: string) =>
    new ApiError(
      400,
      'Invalid.SourceIdentifier',
      `SourceIdentifier of a CUSTOM_FC rule must be the ARN of an existing function, not "${arn}".`,
    ),
  /** (unverified code) PutEvaluations with a token Config did not hand out, or an expired one. */
  resultToken: () =>
    new ApiError(400, 'Invalid.ResultToken', 'The result token is not valid or has expired.'),
  /** (unverified code) an aggregate call for an account outside the aggregator. */
  notAMember: (account: string) =>
    new ApiError(404, 'ResourceNotExists', `Account ${account} is not a member of the aggregator.`),
  remediationType: () =>
    new ApiError(
      400,
      'Invalid.RemediationType',
      'The sandbox runs FC remediations only (RemediationType FC).',
    ),
  remediationTemplate: (fnName: string, template: string) =>
    new ApiError(400, 'Invalid.RemediationTemplateId', `No FC function "${fnName}" (from ${template}).`),
  noRemediation: () => new ApiError(400, 'RemediationConfigNotExist', 'The config rule has no remediation.'),
  noEvaluation: (resourceId: string) =>
    new ApiError(404, 'ResourceNotExists', `No evaluation result for resource "${resourceId}".`),
  resourceType: (recorded: string) =>
    new ApiError(400, 'Invalid.ResourceType', `The sandbox records ${recorded} only.`),
  resourceNotFound: (id: string) =>
    new ApiError(404, 'ResourceNotExists', `The resource "${id}" does not exist.`),
  aggregatorNotFound: (id: string) =>
    new ApiError(404, 'Invalid.AggregatorId.Value', `The aggregator "${id}" does not exist.`),
};
